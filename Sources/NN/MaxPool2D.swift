import Tensors

/// Max pooling over KH×KW windows with stride S and padding P (padded positions never win).
///
/// Shapes: x N×C×H×W → y N×C×OH×OW, OH = (H + 2P − KH)/S + 1. No parameters.
/// Forward: `y[n,c,i,j] = max_{s,t} x[n, c, i·S+s−P, j·S+t−P]`, remembering where the max was.
/// Backward: each dy goes to the input position that won its window (summed where windows overlap).
public struct MaxPool2D: Layer {
    public let window: PoolWindow
    private var winners: [Int] = []
    private var inputShape: [Int] = []

    public init(kernelHeight: Int, kernelWidth: Int, stride: Int? = nil, padding: Int = 0) {
        window = PoolWindow(kernelHeight: kernelHeight, kernelWidth: kernelWidth, stride: stride, padding: padding)
    }

    public var kind: String { "maxpool" }
    public var summary: String { window.summary(kind) }
    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] { try window.outputShape(layer: kind, input: input) }

    public mutating func forward(_ x: Tensor) -> Tensor {
        let g = window.geometry(of: x)
        let (kernelHeight, kernelWidth, stride, padding) = (window.kernelHeight, window.kernelWidth, window.stride, window.padding)
        let planes = x.shape[0] * x.shape[1]
        inputShape = x.shape
        var y = Tensor(shape: [x.shape[0], x.shape[1], g.outputHeight, g.outputWidth])
        var won = [Int](repeating: 0, count: y.count)
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in
                var o = 0
                for plane in 0..<planes {
                    let base = plane * g.height * g.width
                    for i in 0..<g.outputHeight {
                        for j in 0..<g.outputWidth {
                            var best = -Float.infinity, at = -1
                            for s in 0..<kernelHeight {
                                let h = i * stride - padding + s
                                guard h >= 0 && h < g.height else { continue }
                                for t in 0..<kernelWidth {
                                    let w = j * stride - padding + t
                                    guard w >= 0 && w < g.width else { continue }
                                    let v = xp[base + h * g.width + w]
                                    if at < 0 || v > best { best = v; at = base + h * g.width + w }
                                }
                            }
                            yp[o] = best
                            won[o] = at
                            o += 1
                        }
                    }
                }
            }
        }
        winners = won
        return y
    }

    public mutating func backward(_ dy: Tensor) -> Tensor {
        precondition(dy.count == winners.count, "maxpool backward before forward")
        var dx = Tensor(shape: inputShape)
        dx.withUnsafeMutableBufferPointer { d in
            for (o, at) in winners.enumerated() { d[at] += dy[flat: o] }
        }
        return dx
    }
}
