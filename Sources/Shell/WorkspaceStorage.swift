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

    /// Everything else a command can change, apart from the log and the cells: settings, counters,
    /// the generators' positions and the layers' structure, as one comparable text.
    var settings: String {
        let layers = network.map { net in
            net.layers.indices.map { i in
                let dropout = (net.layers[i] as? Dropout).map { "\($0.generator)" } ?? ""
                return "\(net.names[i]) \(net.seeds[i]) \(net.layers[i].summary) \(net.layers[i].isAllocated) \(dropout)"
            }
        }
        return [
            "\(seed) \(rng)", "\(optimizer.record.record) \(freshOptimizer.record.record) \(schedule)",
            "\(steps) \(optimizerReplacedAfter ?? -1) \(epochs.count) \(batchLosses.count) \(trainingRuns) \(staleGradients) \(forwardWasEval) \(backpropagation != nil)",
            "\(network?.inputShape ?? []) \(layers ?? [])",
        ].joined(separator: "\n")
    }

    /// Whether `other` holds the same state: the same arrays (by storage, not by value) and settings.
    /// What only looked (vars, show, accuracy) leaves a workspace that shares everything with the one
    /// before; a change that writes any array moves it to new storage. The log and cells are not compared.
    func sharesState(with other: Workspace) -> Bool {
        storage == other.storage && settings == other.settings
    }
}
