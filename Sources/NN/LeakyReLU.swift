import Tensors

/// Leaky ReLU with slope a (0.01 by default), any shape: y = x where x > 0, else a·x;
/// dx = dy where x > 0, else a·dy. A layer of its own rather than an `ActivationFunction`, whose
/// kernels are static and so cannot carry a slope. Keeps its input for backward.
public struct LeakyReLU: ParameterFree {
    public let slope: Float
    private var input = Tensor(shape: [0])

    public init(slope: Float = 0.01) { self.slope = slope }

    public var kind: String { "leakyrelu" }
    public var summary: String { "leakyrelu \(slope)" }
    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] { input }

    public mutating func forward(_ x: Tensor) -> Tensor {
        input = x
        return inference(x)
    }

    public func inference(_ x: Tensor) -> Tensor {
        let a = slope
        return Tensor(shape: x.shape) { y in x.withUnsafeBufferPointer { Kernels.leakyRelu($0.baseAddress!, y.baseAddress!, count: y.count, slope: a) } }
    }

    public func forwardInDouble(_ x: DoubleBatch, parameters: [[Double]], branches: inout [Int32]) -> DoubleBatch {
        DoubleKernels.leakyRelu(x, slope: Double(slope), branches: &branches)
    }

    public mutating func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        precondition(dy.count == input.count, "leakyrelu backward before forward")
        let a = slope
        return Tensor(shape: dy.shape) { dx in
            dy.withUnsafeBufferPointer { d in
                input.withUnsafeBufferPointer { Kernels.leakyReluBackward(d.baseAddress!, input: $0.baseAddress!, dx.baseAddress!, count: dx.count, slope: a) }
            }
        }
    }

    /// f(x) and f′(x) in Double, for `explain`.
    public func value(_ x: Double) -> Double { x > 0 ? x : Double(slope) * x }
    public func derivative(_ x: Double) -> Double { x > 0 ? 1 : Double(slope) }
}
