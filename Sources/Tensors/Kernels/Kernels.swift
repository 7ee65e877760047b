/// The fast kernels every layer is built on, one file per family: `GEMM`, `Im2col` (and col2im),
/// `Pooling`, `Elementwise` (activations, sums, bias rows), `SoftmaxKernels` and `OptimizerSteps`.
/// Each has a naive twin in `ReferenceKernels`, written from the definition, and the tests hold the
/// two equal; nothing in NN loops over a tensor's values itself, it calls one of these.
/// `DoubleKernels` (in `DoublePrecision`) are the forward passes in Double for `gradcheck`.
///
/// Matrices are row-major; `ld` is the distance between rows. Pointers count Float values.
public enum Kernels {
    /// y = f(x) over `count` values: `relu`, `tanh`, `sigmoid`.
    public typealias Unary = @Sendable (_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ count: Int) -> Void
    /// dx from dy and the forward output y over `count` values: `reluBackward`, `tanhBackward`...
    public typealias Gradient = @Sendable (_ dy: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, _ count: Int) -> Void
}

extension Kernels {
    @inline(__always)
    static func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> { UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self) }

    @inline(__always)
    static func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self) }
}
