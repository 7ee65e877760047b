import Tensors

/// Max pooling along a sequence: windows of K values, stride S (K unless given), padding P < K
/// (padded positions never win).
///
/// Shapes: x N×C×L → y N×C×L_out, L_out = (L + 2P − K)/S + 1. No parameters.
/// Forward: `y[n,c,i] = max_t x[n, c, i·S+t−P]`; backward routes each dy to the input value that
/// won its window (summed where windows overlap). Run as MaxPool2d over the sequence as a one-row
/// image N×C×1×L with a 1×K window.
public struct MaxPool1d: ParameterFree {
    public let axis: Window.Axis
    /// The 2-D pool it runs, which keeps the last forward's winners for backward.
    var planar: MaxPool2d

    public init(axis: Window.Axis) {
        precondition(axis.kernel >= 1 && axis.stride >= 1 && axis.padding >= 0 && axis.padding < axis.kernel, "bad pooling window \(axis.summary)")
        self.axis = axis
        planar = MaxPool2d(window: Window(sequence: axis))
    }

    public init(kernel: Int, stride: Int? = nil, padding: Int = 0) {
        self.init(axis: Window.Axis(kernel: kernel, stride: stride ?? kernel, padding: padding))
    }

    public var kind: String { "maxpool1d" }
    public var summary: String { "maxpool1d \(axis.summary(strideByDefault: axis.kernel))" }
    /// The 1×K window the 2-D pool slides.
    public var window: Window { planar.window }

    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] {
        let (c, length) = try axis.sequence(layer: kind, input: input)
        return [c, length]
    }

    public func receptiveField(from input: ReceptiveField) -> ReceptiveField { input.through(window) }

    public mutating func forward(_ x: Tensor) -> Tensor { planar.forward(x.insertingRowAxis).removingRowAxis }

    public func inference(_ x: Tensor) -> Tensor { planar.inference(x.insertingRowAxis).removingRowAxis }

    public func forwardInDouble(_ x: DoubleBatch, parameters: [[Double]], branches: inout [Int32]) -> DoubleBatch {
        planar.forwardInDouble(x.insertingRowAxis, parameters: parameters, branches: &branches).removingRowAxis
    }

    public mutating func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        planar.backward(dy.insertingRowAxis, needsInputGradient: needsInputGradient).removingRowAxis
    }
}
