/// An optimizer as plain values, for a saved workspace: its kind, settings and step count (small,
/// kept as JSON) apart from the state it keeps per parameter (velocities, squared-gradient sums,
/// Adam's moments), which can be as large as the weights and is kept as arrays. `optimizer(state:)`
/// rebuilds it exactly: the next step it takes is the one the saved optimizer would have taken.
public struct OptimizerRecord: Codable, Sendable, Equatable {
    /// `sgd`, `momentum`, `adagrad`, `rmsprop` or `adam`, as the `optimizer` command names them.
    public var kind: String
    public var learningRate: Float
    /// momentum, decay, beta1, beta2, eps: whichever the kind has.
    public var settings: [String: Float]
    /// How many steps the optimizer has taken (Adam's t, for its bias correction). Files written
    /// before the others counted theirs hold 0 for them.
    public var step: Int

    /// The state arrays by name: `m/conv1.W` (Adam's first moment of conv1.W), `v/...`, `velocity/...`, `squares/...`.
    public typealias State = [String: [Float]]
}

extension Optimizer {
    /// The optimizer's settings, and its per-parameter state by name.
    public var record: (record: OptimizerRecord, state: OptimizerRecord.State) {
        func named(_ prefix: String, _ s: OptimizerState) -> OptimizerRecord.State {
            Dictionary(uniqueKeysWithValues: s.buffers.map { ("\(prefix)/\($0.key)", $0.value) })
        }
        switch self {
        case let o as SGD: return (OptimizerRecord(kind: "sgd", learningRate: o.learningRate, settings: [:], step: o.steps), [:])
        case let o as Momentum:
            return (OptimizerRecord(kind: "momentum", learningRate: o.learningRate, settings: ["momentum": o.momentum], step: o.steps), named("velocity", o.velocity))
        case let o as AdaGrad: return (OptimizerRecord(kind: "adagrad", learningRate: o.learningRate, settings: [:], step: o.steps), named("squares", o.squares))
        case let o as RMSProp:
            return (OptimizerRecord(kind: "rmsprop", learningRate: o.learningRate, settings: ["decay": o.decay], step: o.steps), named("squares", o.squares))
        case let o as Adam:
            return (OptimizerRecord(kind: "adam", learningRate: o.learningRate, settings: ["beta1": o.beta1, "beta2": o.beta2, "eps": o.epsilon], step: o.steps),
                    named("m", o.first).merging(named("v", o.second)) { a, _ in a })
        default: preconditionFailure("\(type(of: self)) has no record; add it to OptimizerRecord")
        }
    }
}

/// Why a record cannot be made into an optimizer.
public struct OptimizerRecordError: Error, CustomStringConvertible {
    public var description: String
}

extension OptimizerRecord {
    /// The optimizer this record describes with `state`; every state array must be named for a
    /// parameter in `counts` (`conv1.W`: its number of values) and hold as many values, since the
    /// step kernels trust that.
    public func optimizer(state: State, counts: [String: Int]) throws(OptimizerRecordError) -> any Optimizer {
        func setting(_ key: String) throws(OptimizerRecordError) -> Float {
            guard let v = settings[key] else { throw OptimizerRecordError(description: "the \(kind) optimizer has no \(key)") }
            return v
        }
        var parts: [String: OptimizerState] = [:]
        for (name, values) in state {
            let split = name.split(separator: "/", maxSplits: 1).map(String.init)
            guard split.count == 2, let count = counts[split[1]] else {
                throw OptimizerRecordError(description: "optimizer state \(name) names no parameter of the network")
            }
            guard values.count == count else {
                throw OptimizerRecordError(description: "optimizer state \(name) holds \(values.count) values, the parameter \(count)")
            }
            parts[split[0], default: OptimizerState()].put(split[1], values)
        }
        let expected = ["sgd": [], "momentum": ["velocity"], "adagrad": ["squares"], "rmsprop": ["squares"], "adam": ["m", "v"]][kind] ?? []
        if let unknown = parts.keys.sorted().first(where: { !expected.contains($0) }) {
            throw OptimizerRecordError(description: "the \(kind) optimizer keeps no \(unknown) state")
        }
        guard (0...(1 << 40)).contains(step) else { throw OptimizerRecordError(description: "a step count of \(step) is not one training reaches") }
        var made: any Optimizer
        do {
            switch kind {
            case "sgd": made = try SGD(learningRate: learningRate)
            case "momentum":
                var o = try Momentum(learningRate: learningRate, momentum: try setting("momentum"))
                o.velocity = parts["velocity"] ?? OptimizerState()
                made = o
            case "adagrad":
                var o = try AdaGrad(learningRate: learningRate)
                o.squares = parts["squares"] ?? OptimizerState()
                made = o
            case "rmsprop":
                var o = try RMSProp(learningRate: learningRate, decay: try setting("decay"))
                o.squares = parts["squares"] ?? OptimizerState()
                made = o
            case "adam":
                var o = try Adam(learningRate: learningRate, beta1: try setting("beta1"), beta2: try setting("beta2"), epsilon: try setting("eps"))
                (o.first, o.second) = (parts["m"] ?? OptimizerState(), parts["v"] ?? OptimizerState())
                made = o
            default: throw OptimizerRecordError(description: "unknown optimizer '\(kind)'")
            }
        } catch let error as HyperparameterError {
            throw OptimizerRecordError(description: "\(error)")
        } catch let error as OptimizerRecordError {
            throw error
        } catch {
            throw OptimizerRecordError(description: "\(error)")
        }
        made.steps = step
        return made
    }
}
