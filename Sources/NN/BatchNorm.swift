import Tensors

/// Batch normalisation per channel of N×C×H×W (statistics over N, H, W) or of a sequence N×C×L
/// (over N, L), or per feature of N×F (over N), for the per-sample shape it was made for.
///
/// Training, per channel c over its M values (M = N·H·W, or N):
///     μ = (1/M) Σ x,  σ² = (1/M) Σ (x − μ)²,  x̂ = (x − μ)/√(σ² + ε),  y = γ·x̂ + β
/// and the running statistics move towards the batch's (PyTorch's convention, unbiased variance):
///     running_mean = (1 − momentum)·running_mean + momentum·μ
///     running_var  = (1 − momentum)·running_var  + momentum·σ²·M/(M − 1)   (σ² itself when M = 1)
/// Evaluation (`inference`) uses the running statistics in place of μ and σ².
/// Backward: dβ = Σ dy, dγ = Σ dy·x̂, dx = (1/M)·(γ/√(σ² + ε))·(M·dy − Σ dy − x̂·Σ dy·x̂).
/// Parameters γ (ones) and β (zeros), C each; buffers running_mean (zeros) and running_var (ones).
public struct BatchNorm: Layer {
    /// gamma, then beta.
    public var parameters: [Parameter]
    /// running_mean, then running_var.
    public var buffers: [Parameter]
    /// The per-sample shape it normalises: C×H×W or F.
    public let shape: [Int]
    public let momentum: Float
    public let epsilon: Float
    private var normalized = Tensor(shape: [0])
    /// μ and σ² of the last training forward, per channel, and 1/√(σ² + ε).
    public private(set) var batchMean: [Float] = []
    public private(set) var batchVariance: [Float] = []
    private var inverse: [Float] = []

    public init(shape: [Int], momentum: Float = 0.1, epsilon: Float = 1e-5) {
        precondition(momentum >= 0 && momentum <= 1 && epsilon > 0, "0 ≤ momentum ≤ 1 and ε > 0")
        (self.shape, self.momentum, self.epsilon) = (shape, momentum, epsilon)
        let c = [shape.first ?? 0]
        parameters = [Parameter("gamma", shape: c, fill: .constant(1)), Parameter("beta", shape: c, fill: .constant(0))]
        buffers = [Parameter("running_mean", shape: c, fill: .constant(0)), Parameter("running_var", shape: c, fill: .constant(1))]
    }

    public var kind: String { "batchnorm" }
    public var channels: Int { shape.first ?? 0 }
    public var summary: String {
        "batchnorm \(channels) \(shape.count > 1 ? "channels" : channels == 1 ? "feature" : "features")"
            + (momentum == 0.1 && epsilon == 1e-5 ? "" : " momentum=\(momentum) eps=\(epsilon)")
    }
    public var gamma: Tensor { parameters[0].value }
    public var beta: Tensor { parameters[1].value }
    public var runningMean: Tensor { buffers[0].value }
    public var runningVariance: Tensor { buffers[1].value }

    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] {
        guard (1...3).contains(input.count) else {
            throw ShapeError(layer: kind, input: input, expected: "images C×H×W or sequences C×L (per channel) or vectors of F features",
                             hint: "add flatten first to normalise each value as a feature")
        }
        guard input == shape else {
            throw ShapeError(layer: kind, input: input, expected: "\(Tensor.describe(shape)), the shape it was made for")
        }
        return input
    }

    /// One multiply-add per value: x̂·γ + β.
    public func multiplyAddFactors(for input: [Int]) -> [Int] { input }

    /// Channels and positions per channel of a batch: N×C×H×W has H·W, N×C×L L, N×F one.
    private func layout(_ x: Tensor) -> (batch: Int, channels: Int, positions: Int) {
        precondition(Array(x.shape.dropFirst()) == shape, "batchnorm expects N×\(Tensor.describe(shape)), got \(x.shapeDescription)")
        return (x.shape[0], channels, shape.dropFirst().reduce(1, *))
    }

    public mutating func forward(_ x: Tensor) -> Tensor {
        let (n, c, p) = layout(x)
        var mean = [Double](repeating: 0, count: c), variance = mean
        x.withUnsafeBufferPointer { Kernels.channelStatistics($0.baseAddress!, batch: n, channels: c, positions: p, mean: &mean, variance: &variance) }
        batchMean = mean.map { Float($0) }
        batchVariance = variance.map { Float($0) }
        inverse = variance.map { Float(1 / ($0 + Double(epsilon)).squareRoot()) }
        let m = Double(n * p), unbiased = m > 1 ? m / (m - 1) : 1, k = Double(momentum)
        buffers[0].value = Tensor(zip(runningMean.scalars, mean).map { Float((1 - k) * Double($0) + k * $1) })
        buffers[1].value = Tensor(zip(runningVariance.scalars, variance).map { Float((1 - k) * Double($0) + k * $1 * unbiased) })
        var xhat = Tensor(shape: x.shape)
        let y = apply(x, mean: batchMean, inverse: inverse, keeping: &xhat)
        normalized = xhat
        return y
    }

    /// y = (x − running_mean)/√(running_var + ε)·γ + β.
    public func inference(_ x: Tensor) -> Tensor {
        var unused = Tensor(shape: [0])
        return apply(x, mean: runningMean.scalars, inverse: runningVariance.scalars.map { 1 / ($0 + epsilon).squareRoot() }, keeping: &unused)
    }

    /// The normalisation with the given μ and 1/√(σ² + ε), keeping x̂ when `xhat` has x's size.
    private func apply(_ x: Tensor, mean: [Float], inverse: [Float], keeping xhat: inout Tensor) -> Tensor {
        let (n, c, p) = layout(x), keep = xhat.count == x.count
        return Tensor(shape: x.shape) { y in
            x.withUnsafeBufferPointer { xp in gamma.withUnsafeBufferPointer { g in beta.withUnsafeBufferPointer { b in
                xhat.withUnsafeMutableBufferPointer { h in
                    Kernels.normalize(xp.baseAddress!, batch: n, channels: c, positions: p, mean: mean, inverse: inverse,
                                      gamma: g.baseAddress!, beta: b.baseAddress!, normalized: keep ? h.baseAddress! : nil, output: y.baseAddress!)
                }
            } } }
        }
    }

    public func forwardInDouble(_ x: DoubleBatch, parameters p: [[Double]], branches: inout [Int32]) -> DoubleBatch {
        DoubleKernels.batchNorm(x, gamma: p[0], beta: p[1], epsilon: Double(epsilon))
    }

    public mutating func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        precondition(dy.count == normalized.count, "batchnorm backward before forward")
        let (n, c, p) = layout(dy)
        var dGamma = Tensor(shape: [c]), dBeta = Tensor(shape: [c])
        var dx = needsInputGradient ? Tensor(shape: dy.shape) : Tensor(shape: [0])
        dy.withUnsafeBufferPointer { d in normalized.withUnsafeBufferPointer { h in gamma.withUnsafeBufferPointer { g in
            dGamma.withUnsafeMutableBufferPointer { dg in dBeta.withUnsafeMutableBufferPointer { db in dx.withUnsafeMutableBufferPointer { dxp in
                Kernels.batchNormBackward(d.baseAddress!, normalized: h.baseAddress!, batch: n, channels: c, positions: p,
                                          gamma: g.baseAddress!, inverse: inverse, dGamma: dg.baseAddress!, dBeta: db.baseAddress!,
                                          dx: needsInputGradient ? dxp.baseAddress! : nil)
            } } }
        } } }
        parameters[0].gradient = dGamma
        parameters[1].gradient = dBeta
        return dx
    }
}

extension BatchNorm: ReplicaState {
    /// Each replica starts the batch from the network's running statistics.
    public mutating func prepareReplica(part: Int, from network: BatchNorm) { buffers = network.buffers }

    /// The network's running statistics become the replicas' weighted by their shares of the batch,
    /// added in part order: each part normalised with its own statistics, as PyTorch's DataParallel does.
    public mutating func gather(_ replicas: [BatchNorm], weights: [Float]) {
        for j in buffers.indices { buffers[j].value = Tensor.weightedSum(replicas.map { $0.buffers[j].value }, weights: weights) }
    }
}
