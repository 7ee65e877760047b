/// Double-precision forward passes of dropout, leaky ReLU and batch normalisation for `gradcheck`,
/// written from the definitions like the others in `DoubleKernels`.
extension DoubleKernels {
    /// y = x·m with a fixed mask m (dropout's values m/(1 − P), as the last forward drew them).
    public static func masked(_ x: DoubleBatch, mask: [Float]) -> DoubleBatch {
        precondition(mask.count == x.scalars.count, "the mask is of another batch")
        return DoubleBatch(shape: x.shape, scalars: zip(x.scalars, mask).map { $0 * Double($1) })
    }

    /// y = x where x > 0, else slope·x, recording x > 0 for each value (the kink at 0).
    public static func leakyRelu(_ x: DoubleBatch, slope: Double, branches: inout [Int32]) -> DoubleBatch {
        branches.append(contentsOf: x.scalars.map { $0 > 0 ? 1 : 0 })
        return DoubleBatch(shape: x.shape, scalars: x.scalars.map { $0 > 0 ? $0 : slope * $0 })
    }

    /// Training-mode batch normalisation: per channel (axis 1; N×F has one position per channel)
    /// μ = mean, σ² = biased variance over the batch and positions, y = (x − μ)/√(σ² + ε)·γ + β.
    public static func batchNorm(_ x: DoubleBatch, gamma: [Double], beta: [Double], epsilon: Double) -> DoubleBatch {
        let (n, c) = (x.shape[0], x.shape[1]), positions = x.scalars.count / (n * c)
        var y = x.scalars
        for k in 0..<c {
            var indices: [Int] = []
            for b in 0..<n { indices += Array(((b * c + k) * positions)..<((b * c + k + 1) * positions)) }
            var mean = 0.0, variance = 0.0
            for i in indices { mean += x.scalars[i] }
            mean /= Double(indices.count)
            for i in indices { variance += (x.scalars[i] - mean) * (x.scalars[i] - mean) }
            variance /= Double(indices.count)
            let deviation = (variance + epsilon).squareRoot()
            for i in indices { y[i] = (x.scalars[i] - mean) / deviation * gamma[k] + beta[k] }
        }
        return DoubleBatch(shape: x.shape, scalars: y)
    }
}
