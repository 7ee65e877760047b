/// Softmax and cross-entropy over `rows` rows of `columns` class scores.
extension Kernels {
    /// y_j = e^(x_j − max x) / Σ_k e^(x_k − max x), row by row; `y` may be `x`.
    public static func softmax(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
        for r in 0..<rows {
            let (xr, yr) = (x + r * columns, y + r * columns)
            var top: Float = columns > 0 ? xr[0] : 0
            for i in 0..<columns where top < xr[i] { top = xr[i] }
            var sum: Float = 0
            for i in 0..<columns { yr[i] = exponential(xr[i] - top); sum += yr[i] }
            for i in 0..<columns { yr[i] /= sum }
        }
    }

    /// The Jacobian-vector product of softmax: dx = y ⊙ (dy − Σ_j dy_j·y_j), row by row; `dx` may be `dy`.
    public static func softmaxBackward(_ dy: UnsafePointer<Float>, output y: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>,
                                       rows: Int, columns: Int) {
        for r in 0..<rows {
            let (d, yr, out) = (dy + r * columns, y + r * columns, dx + r * columns)
            var dot: Float = 0
            for c in 0..<columns { dot += d[c] * yr[c] }
            for c in 0..<columns { out[c] = yr[c] * (d[c] - dot) }
        }
    }

    /// Rows of one-hot targets from class indices (whole numbers in 0..<columns).
    public static func oneHot(_ indices: UnsafePointer<Float>, rows: Int, columns: Int, into t: UnsafeMutablePointer<Float>) {
        t.update(repeating: 0, count: rows * columns)
        for r in 0..<rows {
            precondition(indices[r] >= 0 && indices[r] < Float(columns) && indices[r] == indices[r].rounded(), "label \(indices[r]) is not a class of \(columns)")
            t[r * columns + Int(indices[r])] = 1
        }
    }

    /// The mean cross-entropy of softmax(z) against targets t: −(1/N) Σ_n Σ_j t[n,j]·log y[n,j], with
    /// log y_j = z_j − max z − log Σ_k e^(z_k − max z) summed in Double, so no row overflows.
    public static func crossEntropy(logits z: UnsafePointer<Float>, targets t: UnsafePointer<Float>, rows: Int, columns: Int) -> Double {
        var loss = 0.0
        for r in 0..<rows {
            let (zr, tr) = (z + r * columns, t + r * columns)
            var top = -Float.infinity
            for j in 0..<columns { top = max(top, zr[j]) }
            var sum = 0.0
            for j in 0..<columns { sum += exponential(Double(zr[j] - top)) }
            let logSum = logarithm(sum)
            for j in 0..<columns where tr[j] != 0 { loss -= Double(tr[j]) * (Double(zr[j] - top) - logSum) }
        }
        return loss / Double(rows)
    }

    /// dL/dz = (y − t)/N for the mean cross-entropy of probabilities y against targets t.
    public static func crossEntropyGradient(probabilities y: UnsafePointer<Float>, targets t: UnsafePointer<Float>, rows: Int, count: Int,
                                            into g: UnsafeMutablePointer<Float>) {
        for i in 0..<count { g[i] = (y[i] - t[i]) / Float(rows) }
    }
}
