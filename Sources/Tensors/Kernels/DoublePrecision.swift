import Foundation

/// A batch of values in double precision with its shape (batch axis first): what `gradcheck`
/// re-evaluates the network's loss with, so that its finite differences measure the formulas and
/// not float32 rounding (a Float forward pass is noisy by about 1e-7 of its values, which swamps
/// L(w + h) − L(w − h) when a gradient is small).
public struct DoubleBatch: Equatable, Sendable {
    public var shape: [Int]
    public var scalars: [Double]

    public init(shape: [Int], scalars: [Double]) {
        precondition(shape.reduce(1, *) == scalars.count, "\(scalars.count) values do not fill \(shape)")
        self.shape = shape
        self.scalars = scalars
    }

    public init(_ tensor: Tensor) { self.init(shape: tensor.shape, scalars: tensor.scalars.map(Double.init)) }
}

/// The forward passes in double precision, written from the definitions like `ReferenceKernels`
/// (they are slow and used only by `gradcheck`). The tests hold them to the reference kernels.
/// Each records on `branches` which side of a kink it took (ReLU: x > 0; max pool: the winning
/// cell), so that two evaluations on the same smooth piece of the loss can be told from two across a kink.
public enum DoubleKernels {
    /// `y[n,m,i,j] = Σ_k Σ_s Σ_t x[n, k, i·S_h+s−P_h, j·S_w+t−P_w] · W[m,k,s,t] + b[m]` (zero outside the image).
    public static func conv2d(_ x: DoubleBatch, weight: [Double], bias: [Double], filters m: Int, window: Window) -> DoubleBatch {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let g = sliding(x, window)
        let (kh, kw) = (window.kernelHeight, window.kernelWidth)
        var y = [Double](repeating: 0, count: n * m * g.outputPositions)
        for b in 0..<n { for f in 0..<m { for i in 0..<g.outputHeight { for j in 0..<g.outputWidth {
            var sum = bias[f]
            for k in 0..<c { for s in 0..<kh { for t in 0..<kw {
                let r = i * window.height.stride + s - window.height.padding, q = j * window.width.stride + t - window.width.padding
                if r >= 0, r < h, q >= 0, q < w { sum += x.scalars[((b * c + k) * h + r) * w + q] * weight[((f * c + k) * kh + s) * kw + t] }
            } } }
            y[((b * m + f) * g.outputHeight + i) * g.outputWidth + j] = sum
        } } } }
        return DoubleBatch(shape: [n, m, g.outputHeight, g.outputWidth], scalars: y)
    }

    /// y = x·W + b for x N×I, W I×O.
    public static func linear(_ x: DoubleBatch, weight: [Double], bias: [Double]) -> DoubleBatch {
        let (n, inputs, outputs) = (x.shape[0], x.shape[1], bias.count)
        var y = [Double](repeating: 0, count: n * outputs)
        for r in 0..<n { for o in 0..<outputs {
            var sum = bias[o]
            for i in 0..<inputs { sum += x.scalars[r * inputs + i] * weight[i * outputs + o] }
            y[r * outputs + o] = sum
        } }
        return DoubleBatch(shape: [n, outputs], scalars: y)
    }

    /// Max (`average` false, padding never wins, the first maximum wins ties) or mean (padding counts
    /// as zeros: Σ cells / (KH·KW)) of each window, as `ReferenceKernels.maxPool` and `avgPool`.
    public static func pool(_ x: DoubleBatch, window: Window, average: Bool, branches: inout [Int32]) -> DoubleBatch {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let g = sliding(x, window)
        let area = Double(window.kernelHeight * window.kernelWidth)
        var y: [Double] = []
        y.reserveCapacity(n * c * g.outputPositions)
        for plane in 0..<n * c {
            let base = plane * h * w
            for i in 0..<g.outputHeight { for j in 0..<g.outputWidth {
                let cells = ReferenceKernels.cells(g, i, j).map { base + $0.0 * w + $0.1 }
                if average {
                    y.append(cells.reduce(0.0) { $0 + x.scalars[$1] } / area)
                } else {
                    let best = cells.max { x.scalars[$0] < x.scalars[$1] || (x.scalars[$0] == x.scalars[$1] && $0 > $1) }!
                    y.append(x.scalars[best])
                    branches.append(Int32(best))
                }
            } }
        }
        return DoubleBatch(shape: [n, c, g.outputHeight, g.outputWidth], scalars: y)
    }

    /// The window over x's images, whose shape the network checked when the layer was added.
    static func sliding(_ x: DoubleBatch, _ window: Window) -> SlidingWindow {
        do { return try SlidingWindow(channels: x.shape[1], height: x.shape[2], width: x.shape[3], window: window) } catch { preconditionFailure("\(error)") }
    }

    /// y = max(0, x), recording x > 0 for each value.
    public static func relu(_ x: DoubleBatch, branches: inout [Int32]) -> DoubleBatch {
        branches.append(contentsOf: x.scalars.map { $0 > 0 ? 1 : 0 })
        return DoubleBatch(shape: x.shape, scalars: x.scalars.map { max(0, $0) })
    }

    /// y = f(x) value by value, for a smooth f (tanh, sigmoid).
    public static func map(_ x: DoubleBatch, _ f: (Double) -> Double) -> DoubleBatch { DoubleBatch(shape: x.shape, scalars: x.scalars.map(f)) }

    /// Σ a_i·b_i.
    public static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0.0) { $0 + $1.0 * $1.1 } }

    /// Each row's softmax, y_j = e^(x_j − max x) / Σ_k e^(x_k − max x).
    public static func softmax(_ x: DoubleBatch) -> DoubleBatch {
        let columns = x.shape[1]
        var y = x.scalars
        for r in 0..<x.shape[0] {
            let row = r * columns..<(r + 1) * columns
            let top = y[row].max()!
            for j in row { y[j] = exp(y[j] - top) }
            let total = y[row].reduce(0, +)
            for j in row { y[j] /= total }
        }
        return DoubleBatch(shape: x.shape, scalars: y)
    }
}
