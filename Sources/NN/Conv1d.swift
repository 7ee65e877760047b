import Tensors

/// A 1-D convolution: M filters of size C×K slid along a sequence with stride S and zero padding P.
///
/// Shapes: x N×C×L → y N×M×L_out, L_out = (L + 2P − K)/S + 1. W is M×C×K, b is M. Parameters: M·C·K + M.
///
/// The course's formula: `y[n,m,i] = Σ_k Σ_t x[n, k, i·S+t−P] · W[m,k,t] + b[m]`.
///
/// It is a Conv2d over the sequence as a one-row image N×C×1×L with a 1×K window and W seen as
/// M×C×1×K: the same im2col and GEMM forward, and backward dW = Σₙ dYₙ·X̂ₙᵀ, db = Σ dY,
/// dx = col2im(Wᵀ·dY), reshaped back. W and b stay here, in the 1-D shapes that are saved and stepped.
public struct Conv1d: WeightedLayer {
    /// W (M×C×K), then b (M).
    public var parameters: [Parameter]
    public let axis: Window.Axis
    public let filters: Int
    public let channels: Int
    /// The 2-D convolution the last forward ran (its columns kept for backward); nil before one.
    private var planar: Conv2d?

    /// M filters of C×K declared, drawn by `initializer` when allocated (fan-in C·K).
    public init(channels: Int, filters: Int, axis: Window.Axis, initializer: Initializer = .he) {
        precondition(channels >= 1 && filters >= 1 && axis.kernel >= 1 && axis.stride >= 1 && axis.padding >= 0, "kernel ≥ 1, stride ≥ 1, padding ≥ 0")
        (self.axis, self.filters, self.channels) = (axis, filters, channels)
        parameters = initializer.declare(weight: [filters, channels, axis.kernel], fanIn: channels * axis.kernel, outputs: filters)
    }

    /// Filters W (M×C×K) and biases b (M).
    public init(weight: Tensor, bias: Tensor, stride: Int = 1, padding: Int = 0) {
        precondition(weight.rank == 3 && bias.shape == [weight.shape[0]], "W must be M×C×K and b M")
        self.init(channels: weight.shape[1], filters: weight.shape[0], axis: Window.Axis(kernel: weight.shape[2], stride: stride, padding: padding))
        parameters = [Parameter("W", weight), Parameter("b", bias)]
    }

    public var kind: String { "conv1d" }
    public var summary: String { "conv1d \(filters)@\(axis.summary)" }
    /// The 1×K window the 2-D convolution slides.
    public var window: Window { Window(sequence: axis) }

    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] {
        let (c, length) = try axis.sequence(layer: kind, input: input)
        guard c == channels else {
            throw ShapeError(layer: kind, input: input, expected: "\(channels) channels, as its filters have", hint: "the previous layer gives \(c) channels",
                             reason: .channels(filters: channels, given: c))
        }
        return [filters, length]
    }

    public func receptiveField(from input: ReceptiveField) -> ReceptiveField { input.through(window) }

    /// L_out·M·C·K: each of the L_out·M outputs is a dot product of C·K terms.
    public func multiplyAddFactors(for input: [Int]) -> [Int] {
        guard let out = try? outputShape(for: input) else { return [] }
        return [out[1], filters, channels, axis.kernel]
    }

    /// This layer as the 2-D convolution it runs: W as M×C×1×K over the 1×K window.
    var asConv2d: Conv2d {
        Conv2d(weight: weight.insertingRowAxis, bias: bias, window: window)
    }

    public mutating func forward(_ x: Tensor) -> Tensor {
        var conv = planar ?? asConv2d
        // Kept for backward (it holds the input); it takes the current W and b each time.
        (conv.weight, conv.bias) = (weight.insertingRowAxis, bias)
        let y = conv.forward(x.insertingRowAxis)
        planar = conv
        return y.removingRowAxis
    }

    public func inference(_ x: Tensor) -> Tensor { asConv2d.inference(x.insertingRowAxis).removingRowAxis }

    public func forwardInDouble(_ x: DoubleBatch, parameters p: [[Double]], branches: inout [Int32]) -> DoubleBatch {
        DoubleKernels.conv2d(x.insertingRowAxis, weight: p[0], bias: p[1], filters: filters, window: window).removingRowAxis
    }

    public mutating func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        precondition(planar != nil, "conv1d backward before forward")
        let dx = planar!.backward(dy.insertingRowAxis, needsInputGradient: needsInputGradient)
        parameters[0].gradient = planar!.parameters[0].gradient.removingRowAxis
        parameters[1].gradient = planar!.parameters[1].gradient
        return needsInputGradient ? dx.removingRowAxis : dx
    }
}
