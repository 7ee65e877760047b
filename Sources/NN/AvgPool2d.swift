import Tensors

/// Average pooling over KH×KW windows with stride S and zero padding P.
///
/// Shapes: x N×C×H×W → y N×C×OH×OW, OH = (H + 2P − KH)/S + 1. No parameters.
/// Forward: `y[n,c,i,j] = (1/(KH·KW)) Σ_{s,t} x[n, c, i·S+s−P, j·S+t−P]`; padded positions count as
/// zeros, as the course's im2col version and PyTorch's default do.
/// Backward: each dy is shared equally, dy/(KH·KW), among the positions of its window.
public struct AvgPool2d: Pool2d {
    public let window: Window
    private var inputShape: [Int] = []

    public init(kernelHeight: Int, kernelWidth: Int, stride: Int? = nil, padding: Int = 0) {
        self.init(window: Self.poolingWindow(kernelHeight: kernelHeight, kernelWidth: kernelWidth, stride: stride, padding: padding))
    }

    public init(window: Window) {
        Self.checkPooling(window)
        self.window = window
    }

    public var kind: String { "avgpool" }

    public mutating func forward(_ x: Tensor) -> Tensor {
        let g = window.sliding(over: x), planes = x.shape[0] * x.shape[1]
        inputShape = x.shape
        return Tensor(shape: [x.shape[0], x.shape[1], g.outputHeight, g.outputWidth]) { y in
            x.withUnsafeBufferPointer { Kernels.avgPool(g, planes: planes, input: $0.baseAddress!, output: y.baseAddress!) }
        }
    }

    public func forwardInDouble(_ x: DoubleBatch, parameters: [[Double]], branches: inout [Int32]) -> DoubleBatch {
        DoubleKernels.pool(x, window: window, average: true, branches: &branches)
    }

    public mutating func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        precondition(!inputShape.isEmpty, "avgpool backward before forward")
        let g = try! SlidingWindow(channels: inputShape[1], height: inputShape[2], width: inputShape[3], window: window)
        let planes = inputShape[0] * inputShape[1]
        return Tensor(shape: inputShape) { dx in
            dy.withUnsafeBufferPointer { Kernels.avgPoolBackward(g, planes: planes, $0.baseAddress!, dx.baseAddress!) }
        }
    }
}
