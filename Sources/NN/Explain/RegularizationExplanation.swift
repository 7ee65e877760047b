import Tensors

/// Dropout, leaky ReLU and batch normalisation, one element at a time, for `explain`:
///
///     dropout:   y = x·m/(1 − P) in training (the mask of the last forward), y = x in evaluation;
///                dx = dA·m/(1 − P)
///     leakyrelu: y = f(x) = x if x > 0, else a·x;  dx = dA·f′(x)
///     batchnorm: y = (x − μ)/√(σ² + ε)·γ + β with the batch's μ, σ² of the channel in training and
///                the running ones in evaluation; dx = (1/M)·(γ/√(σ² + ε))·(M·dA − Σ dA − x̂·Σ dA·x̂);
///                dγ = Σ dA·x̂, dβ = Σ dA (sums over the channel's M values)
extension Dropout: Explainable {
    public func explainOutput(_ x: Tensor, at o: [Int]) -> Explanation {
        .sum(Sum([Term(factors: [x.factor(o), mask.factor(o)])]))
    }

    public func explainInference(_ x: Tensor, at o: [Int]) -> Explanation { .sum(Sum([Term(factors: [x.factor(o)])])) }

    public func explainInputGradient(_ x: Tensor, output y: Tensor, dA: Tensor, at o: [Int]) -> Explanation {
        .sum(Sum([Term(factors: [dA.factor(o), mask.factor(o)])]))
    }
}

extension LeakyReLU: Explainable {
    public func explainOutput(_ x: Tensor, at o: [Int]) -> Explanation {
        let input = x.factor(o)
        return .pointwise(Pointwise(x: input, y: value(input.value)))
    }

    public func explainInputGradient(_ x: Tensor, output y: Tensor, dA: Tensor, at o: [Int]) -> Explanation {
        let input = x.factor(o)
        return .pointwise(Pointwise(x: input, y: value(input.value), dA: dA.factor(o), slope: derivative(input.value)))
    }
}

extension BatchNorm: ExplainableWeights {
    /// The indices of channel o[1]'s values in x, sample by sample.
    func channelIndices(_ x: Tensor, _ channel: Int) -> [[Int]] {
        let rest = Array(x.shape.dropFirst(2))
        var spatial: [[Int]] = [[]]
        for size in rest { spatial = spatial.flatMap { s in (0..<size).map { s + [$0] } } }
        return (0..<x.shape[0]).flatMap { n in spatial.map { [n, channel] + $0 } }
    }

    /// μ and the biased σ² of channel c over the batch x, in Double.
    func statistics(_ x: Tensor, _ c: Int) -> (mean: Double, variance: Double, count: Int) {
        let values = channelIndices(x, c).map { x.factor($0).value }
        let mean = values.reduce(0, +) / Double(values.count)
        return (mean, values.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count), values.count)
    }

    func normalization(_ x: Tensor, at o: [Int], running: Bool) -> Normalization {
        let c = o[1], batch = statistics(x, c)
        let (mean, variance) = running ? (Double(runningMean[c]), Double(runningVariance[c])) : (batch.mean, batch.variance)
        return Normalization(x: x.factor(o), channel: c, count: batch.count, running: running, mean: mean, variance: variance,
                             epsilon: Double(epsilon), gamma: Double(gamma[c]), beta: Double(beta[c]))
    }

    public func explainOutput(_ x: Tensor, at o: [Int]) -> Explanation { .normalization(normalization(x, at: o, running: false)) }
    public func explainInference(_ x: Tensor, at o: [Int]) -> Explanation { .normalization(normalization(x, at: o, running: true)) }

    /// The two sums over the channel: Σ dA and Σ dA·x̂, with x̂ recomputed from x.
    func sums(_ x: Tensor, dA: Tensor, channel c: Int) -> (dA: Sum, dAxhat: Sum) {
        let (mean, variance, _) = statistics(x, c), deviation = (variance + Double(epsilon)).squareRoot()
        let indices = channelIndices(x, c)
        let plain = indices.map { Term(factors: [dA.factor($0)]) }
        let scaled = indices.map { i in Term(factors: [dA.factor(i), Factor((x.factor(i).value - mean) / deviation, at: i)]) }
        return (Sum(plain) { $0.factors[0].index![0] }, Sum(scaled) { $0.factors[0].index![0] })
    }

    public func explainInputGradient(_ x: Tensor, output y: Tensor, dA: Tensor, at o: [Int]) -> Explanation {
        var n = normalization(x, at: o, running: false)
        let (plain, scaled) = sums(x, dA: dA, channel: o[1])
        n.gradient = .init(dA: dA.factor(o), sumDA: plain.value, sumDAxhat: scaled.value,
                           magnitude: abs(dA.factor(o).value) * Double(n.count) + plain.magnitude + scaled.magnitude)
        return .normalization(n)
    }

    /// dγ (parameter 0) = Σ dA·x̂, dβ (parameter 1) = Σ dA over the channel.
    public func explainGradient(ofParameter parameter: Int, _ x: Tensor, dA: Tensor, at o: [Int]) -> Sum {
        let (plain, scaled) = sums(x, dA: dA, channel: o[0])
        return parameter == 0 ? scaled : plain
    }
}

/// One value of batch normalisation: x̂ = (x − μ)/√(σ² + ε), y = γ·x̂ + β; for its input gradient
/// also dA there and the channel's sums, dx = (γ/(M·√(σ² + ε)))·(M·dA − Σ dA − x̂·Σ dA·x̂).
public struct Normalization: Sendable {
    public var x: Factor
    public var channel: Int
    /// M, the values of the channel in the batch.
    public var count: Int
    /// Whether μ and σ² are the running statistics (evaluation) rather than the batch's.
    public var running: Bool
    public var mean: Double
    public var variance: Double
    public var epsilon: Double
    public var gamma: Double
    public var beta: Double
    public var gradient: Gradient?

    public struct Gradient: Sendable {
        public var dA: Factor
        public var sumDA: Double
        public var sumDAxhat: Double
        /// The size rounding errors are measured against.
        public var magnitude: Double
    }

    public var deviation: Double { (variance + epsilon).squareRoot() }
    public var normalized: Double { (x.value - mean) / deviation }
    public var value: Double {
        guard let g = gradient else { return gamma * normalized + beta }
        let m = Double(count)
        return gamma / (m * deviation) * (m * g.dA.value - g.sumDA - normalized * g.sumDAxhat)
    }
    public var magnitude: Double {
        gradient.map { abs(gamma / (Double(count) * deviation)) * $0.magnitude } ?? (abs(gamma * normalized) + abs(beta))
    }
}
