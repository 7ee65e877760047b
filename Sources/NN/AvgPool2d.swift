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
        window = Self.window(kernelHeight: kernelHeight, kernelWidth: kernelWidth, stride: stride, padding: padding)
    }

    public var kind: String { "avgpool" }

    /// Calls `body(outputIndex, inputIndex)` for every input position inside every window.
    private func forEachWindowPosition(_ shape: [Int], _ body: (Int, Int) -> Void) {
        let g = try! SlidingWindow(channels: shape[1], height: shape[2], width: shape[3], window: window)
        let (height, width, oh, ow) = (g.height, g.width, g.outputHeight, g.outputWidth)
        let (kernelHeight, kernelWidth) = (window.kernelHeight, window.kernelWidth)
        let (sh, sw, ph, pw) = (window.height.stride, window.width.stride, window.height.padding, window.width.padding)
        var o = 0
        for plane in 0..<(shape[0] * shape[1]) {
            let base = plane * height * width
            for i in 0..<oh {
                for j in 0..<ow {
                    for s in 0..<kernelHeight {
                        let h = i * sh - ph + s
                        guard h >= 0 && h < height else { continue }
                        for t in 0..<kernelWidth {
                            let w = j * sw - pw + t
                            if w >= 0 && w < width { body(o, base + h * width + w) }
                        }
                    }
                    o += 1
                }
            }
        }
    }

    public mutating func forward(_ x: Tensor) -> Tensor {
        let g = window.sliding(over: x)
        inputShape = x.shape
        var y = Tensor(shape: [x.shape[0], x.shape[1], g.outputHeight, g.outputWidth])
        let scale = 1 / Float(window.kernelHeight * window.kernelWidth)
        y.withUnsafeMutableBufferPointer { yp in
            x.withUnsafeBufferPointer { xp in
                forEachWindowPosition(x.shape) { o, i in yp[o] += xp[i] * scale }
            }
        }
        return y
    }

    public mutating func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        precondition(!inputShape.isEmpty, "avgpool backward before forward")
        var dx = Tensor(shape: inputShape)
        let scale = 1 / Float(window.kernelHeight * window.kernelWidth)
        dx.withUnsafeMutableBufferPointer { d in
            dy.withUnsafeBufferPointer { g in
                forEachWindowPosition(inputShape) { o, i in d[i] += g[o] * scale }
            }
        }
        return dx
    }
}
