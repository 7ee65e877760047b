import Tensors

/// Inverted dropout with rate P (0 ≤ P < 1), any shape.
///
/// Training: y = x·m/(1 − P) with each m ~ Bernoulli(1 − P), drawn from the layer's own generator,
/// seeded by `allocate(seed:)` from the seed the network gave it, so the masks follow the workspace
/// seed and replay identically. Backward: dx = dy·m/(1 − P), the same mask. Evaluation
/// (`inference`): y = x; dividing by 1 − P in training is what keeps the expected value the same.
public struct Dropout: ParameterFree {
    public let rate: Float
    /// Where the masks are drawn from; a saved workspace keeps its position (`resume(from:)`).
    public private(set) var generator = RandomGenerator(seed: 0)
    private var seeded = false
    /// m/(1 − P) for every value of the last training forward: 0 or 1/(1 − P).
    public private(set) var mask = Tensor(shape: [0])

    public init(rate: Float) {
        precondition(rate >= 0 && rate < 1, "dropout rate P must be in [0, 1)")
        self.rate = rate
    }

    public var kind: String { "dropout" }
    public var summary: String { "dropout P=\(rate)" }
    public var isAllocated: Bool { seeded }
    public mutating func allocate(seed: UInt64) {
        generator = RandomGenerator(seed: seed)
        seeded = true
    }

    /// Allocated, drawing its next mask where `generator` stands: a loaded workspace's dropout
    /// continues the masks of the one saved.
    public mutating func resume(from generator: RandomGenerator) {
        self.generator = generator
        seeded = true
    }

    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] { input }

    public mutating func forward(_ x: Tensor) -> Tensor {
        let (keep, scale) = (1 - Double(rate), 1 / (1 - rate))
        mask = Tensor(shape: x.shape) { m in Kernels.dropoutMask(m.baseAddress!, count: m.count, keep: keep, scale: scale, using: &generator) }
        return x.elementwise(mask, Kernels.multiply)
    }

    public func inference(_ x: Tensor) -> Tensor { x }

    /// With the mask of the last forward: a fixed mask, which is what `gradcheck` differentiates.
    public func forwardInDouble(_ x: DoubleBatch, parameters: [[Double]], branches: inout [Int32]) -> DoubleBatch {
        DoubleKernels.masked(x, mask: mask.scalars)
    }

    public mutating func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        precondition(dy.count == mask.count, "dropout backward before forward")
        return dy.elementwise(mask, Kernels.multiply)
    }
}

extension Dropout: ReplicaState {
    /// Replica `part` draws its masks from a generator seeded by the `part + 1`-th value of the
    /// network's: each part of a batch its own deterministic stream, whatever the thread count.
    public mutating func prepareReplica(part: Int, from network: Dropout) {
        var source = network.generator, seed: UInt64 = 0
        for _ in 0...part { seed = source.next() }
        generator = RandomGenerator(seed: seed)
        seeded = true
    }

    /// Moves the network's generator past the values the replicas were seeded with.
    public mutating func gather(_ replicas: [Dropout], weights: [Float]) {
        for _ in replicas { _ = generator.next() }
    }
}
