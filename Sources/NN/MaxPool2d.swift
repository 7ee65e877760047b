import Tensors

/// Max pooling over KH×KW windows with stride S and padding P (padded positions never win).
///
/// Shapes: x N×C×H×W → y N×C×OH×OW, OH = (H + 2P − KH)/S + 1. No parameters.
/// Forward: `y[n,c,i,j] = max_{s,t} x[n, c, i·S+s−P, j·S+t−P]`, remembering where the max was.
/// Backward: each dy goes to the input position that won its window (summed where windows overlap).
public struct MaxPool2d: Pool2d {
    public let window: Window
    /// Flat input index of each output's maximum (Int32: a batch of images stays below 2³¹ values).
    private var winners: [Int32] = []
    private var inputShape: [Int] = []

    public init(kernelHeight: Int, kernelWidth: Int, stride: Int? = nil, padding: Int = 0) {
        self.init(window: Self.poolingWindow(kernelHeight: kernelHeight, kernelWidth: kernelWidth, stride: stride, padding: padding))
    }

    public init(window: Window) {
        Self.checkPooling(window)
        self.window = window
    }

    public var kind: String { "maxpool" }

    public mutating func forward(_ x: Tensor) -> Tensor {
        let (y, won) = pool(x, keepWinners: true)
        inputShape = x.shape
        winners = won
        return y
    }

    public func inference(_ x: Tensor) -> Tensor { pool(x, keepWinners: false).0 }

    /// The pooled tensor and, when asked, the flat input index of each output's maximum (without,
    /// the kernel writes them to one plane's worth of scrap). Every entry is written before it is read.
    private func pool(_ x: Tensor, keepWinners: Bool) -> (Tensor, [Int32]) {
        let g = window.sliding(over: x), planes = x.shape[0] * x.shape[1]
        let wonCount = keepWinners ? planes * g.outputPositions : g.outputPositions
        var won = [Int32](unsafeUninitializedCapacity: wonCount) { _, count in count = wonCount }
        let y = Tensor(shape: [x.shape[0], x.shape[1], g.outputHeight, g.outputWidth]) { yp in
            x.withUnsafeBufferPointer { xp in
                won.withUnsafeMutableBufferPointer { wp in
                    Kernels.maxPool(g, planes: planes, input: xp.baseAddress!, output: yp.baseAddress!, winners: wp.baseAddress!, keepsWinners: keepWinners)
                }
            }
        }
        return (y, won)
    }

    public func forwardInDouble(_ x: DoubleBatch, parameters: [[Double]], branches: inout [Int32]) -> DoubleBatch {
        DoubleKernels.pool(x, window: window, average: false, branches: &branches)
    }

    public mutating func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        precondition(dy.count == winners.count, "maxpool backward before forward")
        return Tensor(shape: inputShape) { dx in
            dy.withUnsafeBufferPointer { d in
                winners.withUnsafeBufferPointer { Kernels.maxPoolBackward(d.baseAddress!, winners: $0.baseAddress!, count: $0.count, dx.baseAddress!, inputCount: dx.count) }
            }
        }
    }
}
