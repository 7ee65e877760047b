import Foundation
import Synchronization
import Tensors

/// How many threads data-parallel work may use: 2 by default on a machine with 2 or more cores.
/// Results never depend on it: the work is always cut into the same parts, whose partial sums are
/// added in the same order whether one thread runs the parts or several.
public enum Parallelism {
    private static let count = Atomic<Int>(min(2, ProcessInfo.processInfo.activeProcessorCount))
    public static var threads: Int {
        get { count.load(ordering: .relaxed) }
        set { count.store(max(1, newValue), ordering: .relaxed) }
    }

    private static let workers = Workers()

    /// Runs `body(part)` for every part, on up to `threads` threads: the caller's and long-lived
    /// workers (`Workers`), not a thread woken per call.
    static func run(parts: Int, _ body: @Sendable (Int) -> Void) {
        if threads == 1 || parts == 1 {
            for part in 0..<parts { body(part) }
        } else {
            workers.run(parts: parts, helpers: min(threads, parts) - 1, body)
        }
    }

    /// Values a thread is given at least in `forRuns`, so that a run is worth handing over (chosen,
    /// not tuned: 4,096 values are about 6 µs of Adam's step on a Zen 1).
    static let smallestRun = 4096

    /// Runs `body` over runs of 0..<count that together cover it, on up to `threads` threads, for
    /// work done value by value (value i computed from the inputs' value i alone), where the cut
    /// changes no bit. Cuts fall on multiples of 16, so a kernel's eight-lane loop and its scalar
    /// tail see each value as they would in one run.
    static func forRuns(of count: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let parts = min(threads, count / smallestRun)
        guard parts > 1 else { return body(0..<count) }
        @Sendable func cut(_ part: Int) -> Int { part == parts ? count : (part * count / parts) & ~15 }
        run(parts: parts) { part in body(cut(part)..<cut(part + 1)) }
    }

    /// Whether every value of `t` is finite (`Kernels.allFinite`), checked in runs as `forRuns` cuts them.
    static func allFinite(_ t: Tensor) -> Bool {
        guard t.count > 0 else { return true }
        let finite = Atomic<Bool>(true)
        t.withUnsafeBufferPointer { values in
            nonisolated(unsafe) let values = values
            forRuns(of: values.count) { r in
                if !Kernels.allFinite(values.baseAddress! + r.lowerBound, count: r.count) { finite.store(false, ordering: .relaxed) }
            }
        }
        return finite.load(ordering: .relaxed)
    }

    /// Rows of part `index` when `n` rows are cut into `parts` contiguous parts.
    static func rows(_ index: Int, of parts: Int, _ n: Int) -> Range<Int> {
        (index * n / parts)..<((index + 1) * n / parts)
    }
}

/// Training on a batch cut into parts: two, or more of at most 32 images each for a large batch, so
/// that a part's layer outputs stay near the core's cache whatever the batch size. Each part runs
/// forward and backward on its own replica of the network (sharing the weights, keeping its own
/// caches), and the gradients of the batch's mean loss are the parts' gradients weighted by their
/// sizes, Σ (nₕ/N)·gₕ, added in part order. The cut depends on the batch size alone, never on the
/// threads, so any number of threads gives the same bits.
struct DataParallelTrainer {
    static let largestPart = 32
    private let prototype: Network
    private var replicas: [Network] = []

    init(_ network: Network) {
        prototype = network
    }

    /// How many parts a batch of `n` samples is cut into: 2 up to 64 samples, then ⌈n/32⌉.
    static func parts(of n: Int) -> Int { max(2, (n + largestPart - 1) / largestPart) }

    /// Loss, probabilities and the combined gradients left in `network`, as `lossAndGradients` would
    /// for the batch of `rows` of `x` and `labels`; each part gathers its own rows.
    mutating func lossAndGradients(_ network: inout Network, _ x: Tensor, labels: Tensor, rows batch: ArraySlice<Int>) -> (loss: Float, probabilities: Tensor) {
        let n = batch.count, parts = Self.parts(of: n)
        guard n >= parts else { return network.lossAndGradients(x.gatherRows(batch), labels: labels.gatherRows(batch)) }
        if replicas.count < parts { replicas += Array(repeating: prototype, count: parts - replicas.count) }
        var results = [(loss: Float, probabilities: Tensor)](repeating: (0, Tensor(shape: [0])), count: parts)
        for r in 0..<parts { replicas[r].shareParameters(with: network, part: r) }
        replicas.withUnsafeMutableBufferPointer { workers in
            results.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let (workers, out) = (workers, out)
                Parallelism.run(parts: parts) { part in
                    let rows = Parallelism.rows(part, of: parts, n)
                    let mine = batch[(batch.startIndex + rows.lowerBound)..<(batch.startIndex + rows.upperBound)]
                    out[part] = workers[part].lossAndGradients(x.gatherRows(mine), labels: labels.gatherRows(mine))
                }
            }
        }
        let weights = (0..<parts).map { Float(Parallelism.rows($0, of: parts, n).count) / Float(n) }
        let used = replicas[0..<parts]
        for i in network.layers.indices {
            for j in network.layers[i].parameters.indices {
                let grads = used.map { $0.layers[i].parameters[j].gradient }
                network.layers[i].parameters[j].gradient = Tensor.weightedSum(grads, weights: weights, runs: Parallelism.forRuns)
            }
        }
        network.gatherReplicaState(Array(used), weights: weights)
        let loss = zip(results, weights).reduce(Float(0)) { $0 + $1.0.loss * $1.1 }
        return (loss, Tensor.concatenateRows(results.map(\.probabilities)))
    }
}

extension Network {
    /// Makes every parameter share `other`'s storage (no copy until one of them is written), and
    /// readies the state of layers that keep some (`ReplicaState`) as replica `part`.
    mutating func shareParameters(with other: Network, part: Int) {
        for i in layers.indices {
            for j in layers[i].parameters.indices { layers[i].parameters[j].value = other.layers[i].parameters[j].value }
            if var layer = layers[i] as? any ReplicaState {
                layer.prepareReplica(part: part, fromLayer: other.layers[i])
                layers[i] = layer
            }
        }
    }

    /// Folds the replicas' state back into the layers that keep some, replica by replica in order.
    mutating func gatherReplicaState(_ replicas: [Network], weights: [Float]) {
        for i in layers.indices {
            guard var layer = layers[i] as? any ReplicaState else { continue }
            layer.gather(replicaLayers: replicas.map { $0.layers[i] }, weights: weights)
            layers[i] = layer
        }
    }
}

/// A layer with state beyond its parameters that data-parallel training must hand to each replica
/// before a batch and gather back after it: dropout's generator (each part its own masks),
/// batchnorm's running statistics (each part updates them from its own batch statistics).
public protocol ReplicaState: Layer {
    /// Makes this copy, in replica `part`, ready for the next batch from the network's own layer.
    mutating func prepareReplica(part: Int, from network: Self)
    /// After the batch, on the network's layer: the replicas' copies in part order, with each
    /// part's share of the batch (they add up to 1).
    mutating func gather(_ replicas: [Self], weights: [Float])
}

extension ReplicaState {
    mutating func prepareReplica(part: Int, fromLayer layer: any Layer) { prepareReplica(part: part, from: layer as! Self) }
    mutating func gather(replicaLayers: [any Layer], weights: [Float]) { gather(replicaLayers.map { $0 as! Self }, weights: weights) }
}
