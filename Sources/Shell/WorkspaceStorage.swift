import NN
import Tensors

/// One array a workspace holds: what names it, where its values are stored, and their size.
/// Arrays share storage until written (copy-on-write), so two workspaces holding an array at the
/// same address hold the same values, and keeping both costs its bytes once.
struct StoredArray: Equatable {
    var name: String
    var address: Int
    var bytes: Int

    init(_ name: String, _ values: [Float]) {
        self.name = name
        address = values.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) }
        bytes = values.count * MemoryLayout<Float>.stride
    }

    init(_ name: String, _ t: Tensor) { self.init(name, t.scalars) }
}

extension Workspace {
    /// Every array: named tensors, the layers' parameters, gradients and buffers, the last forward's
    /// outputs and input, backward's input gradients, and the optimizer's state. Cheap: no values are read.
    /// (The layers' own caches for backward are not reachable and not listed.)
    var storage: [StoredArray] {
        var arrays = tensors.keys.sorted().map { StoredArray($0, tensors[$0]!) }
        if let network {
            for i in network.layers.indices { arrays += network.namedArrays(ofLayer: i).map { StoredArray($0.name, $0.value) } }
        }
        arrays += outputs.keys.sorted().map { StoredArray("\($0).out", outputs[$0]!) }
        arrays += forwardInput.map { [StoredArray("forward input", $0)] } ?? []
        if let backpropagation {
            arrays += backpropagation.inputGradients.keys.sorted().map { StoredArray("\($0).dx", backpropagation.inputGradients[$0]!) }
            arrays.append(StoredArray("backward seed", backpropagation.seed))
        }
        let state = optimizer.record.state
        arrays += state.keys.sorted().map { StoredArray("optimizer \($0)", state[$0]!) }
        return arrays
    }

    /// What a command can change besides the arrays, the log and the cells: settings, counters, the
    /// generators' positions and the layers' structure. Compared field by field, not as text:
    /// describing the generators and optimizer records went through reflection and took most of a
    /// cheap command's time.
    var settings: Settings {
        Settings(
            seed: seed, rng: rng, optimizers: [Settings.Optimizer(optimizer), Settings.Optimizer(freshOptimizer)], schedule: schedule,
            counters: [steps, optimizerReplacedAfter ?? -1, epochs.count, batchLosses.count, trainingRuns], flags: [staleGradients, forwardWasEval, backpropagation != nil],
            inputShape: network?.inputShape,
            layers: network.map { net in
                net.layers.indices.map { i in
                    Settings.Layer(name: net.names[i], seed: net.seeds[i], summary: net.layers[i].summary, isAllocated: net.layers[i].isAllocated,
                                   dropout: (net.layers[i] as? Dropout)?.generator)
                }
            } ?? [])
    }

    /// What a command can change apart from the log and the cells: the arrays (by storage, not by
    /// value) and the settings. What only looked (vars, show, accuracy) leaves a workspace in the
    /// same state as before; a change that writes any array moves it to new storage.
    var state: State { State(arrays: storage, settings: settings) }

    struct State: Equatable {
        var arrays: [StoredArray]
        var settings: Settings
    }
}

/// What `Workspace.settings` compares.
struct Settings: Equatable {
    var seed: UInt64
    var rng: RandomGenerator
    /// The optimizer and the fresh one a new network starts from.
    var optimizers: [Optimizer]
    var schedule: LearningRateSchedule
    /// Steps, the step after which `optimizer` replaced the state (-1: none since), epochs, batch
    /// losses and training runs.
    var counters: [Int]
    /// Stale gradients, an evaluation-mode forward, a backward kept.
    var flags: [Bool]
    var inputShape: [Int]?
    var layers: [Layer]

    struct Layer: Equatable {
        var name: String
        var seed: UInt64
        var summary: String
        var isAllocated: Bool
        /// A dropout layer's generator, whose position moves with every training forward.
        var dropout: RandomGenerator?
    }

    /// An optimizer's kind, step and settings, the numbers as bit patterns: -0 and 0 differ and a
    /// NaN equals itself, as they did when these were compared as text.
    struct Optimizer: Equatable {
        var kind: String
        var step: Int
        var numbers: [String: UInt32]

        init(_ optimizer: any NN.Optimizer) {
            let record = optimizer.record.record
            (kind, step) = (record.kind, record.step)
            numbers = record.settings.mapValues(\.bitPattern).merging(["lr": record.learningRate.bitPattern]) { a, _ in a }
        }
    }
}
