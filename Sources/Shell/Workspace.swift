import Foundation
import NN
import Tensors

/// Everything a session has made: named tensors, the network with its layers' weights, gradients
/// and last outputs, the optimizer, the random generator, and the commands that built it.
///
/// A value type: the shell runs each command on a copy and keeps the copy only if the command
/// succeeds. Tensors share storage until written, so the copy costs little.
public struct Workspace {
    public internal(set) var tensors: [String: Tensor] = [:]
    var network: Network?
    /// Last output of each layer, by layer name, from the last `forward`.
    var outputs: [String: Tensor] = [:]
    /// The input of the last forward through the current layers; nil once the layers change.
    var forwardInput: Tensor?
    /// Whether the last forward ran in evaluation mode (`forward X mode=eval`): its outputs are kept,
    /// but backward cannot follow it.
    var forwardWasEval = false
    /// What the last `backward` left beyond the parameters' gradients; nil since a forward or a change.
    var backpropagation: Backpropagation?
    /// Whether the parameters' gradients are those of the last forward, for `step`.
    var hasGradients: Bool { backpropagation != nil }
    /// Whether the parameters hold gradients from a backward before the last forward (or load, or
    /// train): kept, but no longer of the outputs stored; false for new layers.
    var staleGradients = false
    var optimizer: any Optimizer = try! Adam()
    /// The optimizer as configured, before any step: a new network starts from it.
    var freshOptimizer: any Optimizer = try! Adam()
    /// How `train` moves the optimizer's learning rate; chosen with the optimizer.
    var schedule = LearningRateSchedule.constant
    public internal(set) var seed: UInt64 = 0
    var rng = RandomGenerator(seed: 0)
    /// Commands that succeeded, in order, as `save session` writes them.
    public internal(set) var log: [String] = []
    /// Each logged command with what it printed (plain) and drew, for `save notebook`.
    var cells: [NotebookCell] = []
    /// A script's comments since the last logged command, which the next cell takes as narration.
    var narration: [String] = []
    /// Every epoch this network has trained, across `train` runs, for `plot`.
    var epochs: [EpochReport] = []
    /// Every training batch's loss, with where it ended and its run, for `plot loss`.
    var batchLosses: [BatchLoss] = []
    /// Calls of `train` on this network so far (the next is run `trainingRuns + 1`).
    var trainingRuns = 0
    /// What `history` prints beside the command at each index of the log: a `train`'s run and epochs.
    /// Kept when the network changes, as the log is.
    var logNotes: [Int: String] = [:]
    var steps = 0
    /// `steps` when `optimizer` last replaced the optimizer and its state on a network that had
    /// stepped, for the next step to say so; nil once a step or `train` has followed, or the layers
    /// changed (which restart everything anyway). Kept as a mark rather than worked out from the
    /// two step counts, since files saved before every optimizer counted its steps hold 0 for them.
    var optimizerReplacedAfter: Int?
    /// What the log keeps instead of the command as typed (an interrupted `train` records how far it got).
    var recordAs: String?
    /// Set by a command the log must not keep although its command is recorded: `load workspace`
    /// replaces the log itself, and a replay could not read its file.
    var unrecorded = false

    public init() {}

    /// Names, shapes and a checksum of every value, the seed's position, the optimizer and the log:
    /// equal fingerprints mean nothing a command can see has changed. One line each: `NAME SHAPE
    /// CHECKSUM` for every name `names` lists, in its order (`NAME SHAPE not allocated` for a
    /// blueprint's arrays), then the settings, then `log COUNT DIGEST` (see `digest`). Built in one
    /// walk over the arrays, without looking each name up: a test takes it before every command.
    public var fingerprint: String {
        var text = ""
        func add(_ name: String, _ t: Tensor) { text += "\(name) \(t.shapeDescription) \(Self.checksum(t.scalars))\n" }
        for name in tensors.keys.sorted() { add(name, tensors[name]!) }
        if let network {
            for i in network.layers.indices {
                let name = network.names[i]
                for array in network.namedArrays(ofLayer: i) {
                    if network.layers[i].isAllocated { add(array.name, array.value) } else { text += "\(array.name) \(Tensor.describe(array.shape)) not allocated\n" }
                }
                if let out = outputs[name] { add("\(name).out", out) }
                if let dx = backpropagation?.inputGradients[name] { add("\(name).dx", dx) }
            }
        }
        var probe = rng
        text += "seed \(seed) next \(probe.next())\noptimizer \(optimizerSummary)\nsteps \(steps)\(optimizerReplacedAfter.map { " optimizer replaced after \($0)" } ?? "")\n"
        text += "layers \(Self.lengthPrefixed(network?.names ?? []))\ninput \(Tensor.describe(network?.inputShape ?? []))\n"
        text += "epochs \(epochs.count) runs \(trainingRuns)\n"
        text += "forward \(forwardInput?.shapeDescription ?? "none")\(forwardWasEval ? " eval" : "") gradients \(hasGradients)\n"
        text += "log \(log.count) \(String(Self.digest(log), radix: 16))"
        return text
    }

    /// Σ value·(i mod 8 + 1) over the values, in Double: a changed value moves it, as do most
    /// reorderings (barring a coincidence no failing command arranges). Summed in eight lanes, one a
    /// weight, which the processor adds side by side: a test reads every value before every command.
    private static func checksum(_ values: [Float]) -> Double {
        values.withUnsafeBufferPointer { v in
            var lanes = SIMD8<Double>(), i = 0
            while i + 8 <= v.count {
                lanes += SIMD8(Double(v[i]), Double(v[i + 1]), Double(v[i + 2]), Double(v[i + 3]),
                               Double(v[i + 4]), Double(v[i + 5]), Double(v[i + 6]), Double(v[i + 7]))
                i += 8
            }
            var sum = (lanes * SIMD8(1, 2, 3, 4, 5, 6, 7, 8)).sum()
            while i < v.count { sum += Double(v[i]) * Double(i % 8 + 1); i += 1 }
            return sum
        }
    }

    /// `names` with their lengths, `5:conv14:relu1`: unambiguous on one line.
    private static func lengthPrefixed(_ strings: [String]) -> String {
        var text = ""
        for s in strings { text += "\(s.utf8.count):\(s)" }
        return text
    }

    /// FNV-1a (64 bits) of the lines' bytes, each line's length (8 bytes) first. Each step is
    /// one-to-one in the hash so far, so byte streams of one length that differ in one byte always
    /// differ here; with the count beside it, a line added or dropped always shows, and any other
    /// change barring a 64-bit coincidence. Several times quicker than writing the whole log out,
    /// which the fingerprint did before every command of a test.
    private static func digest(_ lines: [String]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        for line in lines {
            var length = line.utf8.count
            for _ in 0..<8 { mix(UInt8(truncatingIfNeeded: length)); length >>= 8 }
            for byte in line.utf8 { mix(byte) }
        }
        return hash
    }

    /// The shape of a parameter (`conv1.W`), its gradient or a buffer of a layer not yet allocated:
    /// what `vars` and the fingerprint say of it without drawing it. Nil for anything else.
    func declaredShape(of name: String) -> [Int]? {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let network, let i = network.names.firstIndex(of: parts[0]), !network.layers[i].isAllocated else { return nil }
        return Self.declared(parts[1], of: network.layers[i])?.shape
    }

    /// What `field` names in a layer: a parameter, itself or its gradient (`W`, `dW`), or a buffer
    /// (`running_mean`), which has no gradient to show.
    static func declared(_ field: String, of layer: any Layer) -> Parameter? {
        layer.parameters.first { field == $0.name || field == "d\($0.name)" } ?? layer.buffers.first { field == $0.name }
    }

    /// The optimizer as the `optimizer` command would set it up.
    var optimizerSummary: String { describe(optimizer) }

    /// `optimizer`'s settings with the schedule, in the `optimizer` command's words.
    func describe(_ optimizer: any Optimizer) -> String {
        optimizer.summary + (schedule == .constant ? "" : " schedule=\(schedule.rawValue)")
    }

    /// Forgets what depended on the layers as they were: outputs, gradients, optimizer state.
    mutating func layersChanged() {
        forgetForward()
        staleGradients = false
        optimizer = freshOptimizer
        epochs = []
        batchLosses = []
        trainingRuns = 0
        steps = 0
        optimizerReplacedAfter = nil
    }

    /// Forgets the last forward and backward, whose outputs and gradients no longer belong to the weights.
    mutating func forgetForward(keeping outputs: [String: Tensor] = [:]) {
        self.outputs = outputs
        forwardInput = nil
        forwardWasEval = false
        staleGradients = staleGradients || backpropagation != nil
        backpropagation = nil
    }

    /// What layer `i` was given by the last forward, the network's input or the output of the layer
    /// before, with the name the learner knows it by; nil when that forward did not keep it.
    func input(ofLayer i: Int) -> (value: Tensor, name: String)? {
        guard i > 0 else { return forwardInput.map { ($0, tr("workspace.network-input")) } }
        guard let name = network?.names[i - 1] else { return nil }
        return outputs[name].map { ($0, "\(name).out") }
    }

    /// The class scores the last forward left: the input of a final softmax, or the last output.
    var logits: (value: Tensor, name: String)? { network.flatMap { input(ofLayer: $0.logitLayers) } }

    func requireNetwork() throws(ShellError) -> Network {
        guard let network else {
            throw ShellError(tr("workspace.no-network"), hint: tr("workspace.no-network.hint"))
        }
        return network
    }

    /// The network with its weights drawn and kept: a blueprint is allocated here, by the command
    /// that first runs it, once its own checks (arguments, memory for the batch) have passed.
    mutating func allocatedNetwork() throws(ShellError) -> Network {
        let network = try requireNetwork().withWeights()
        self.network = network
        return network
    }

    // MARK: Names

    /// Tensors, then each layer's W, b, dW, db, out and dx (the last two when it has them).
    var names: [String] {
        var names = tensors.keys.sorted()
        if let network {
            for i in network.layers.indices {
                let name = network.names[i]
                names += network.namedArrays(ofLayer: i).map(\.name)
                if outputs[name] != nil { names.append("\(name).out") }
                if backpropagation?.inputGradients[name] != nil { names.append("\(name).dx") }
            }
        }
        return names
    }

    /// What `isValidName` accepts, for error messages.
    static var nameRule: String { tr("workspace.name-rule", maxNameLength) }
    static let maxNameLength = 64

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.first, !first.isNumber, name.utf8.count <= maxNameLength else { return false }
        return name.allSatisfy(isNameCharacter)
    }

    static func isNameCharacter(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_") }

    /// `text` (an .npz key) made as near a valid name as the rule allows: each other character
    /// becomes _, and a leading digit (or nothing) gets a _ before it, so `conv1.W` is `conv1_W`.
    /// Only its length can still be too long.
    static func name(from text: String) -> String {
        let name = String(text.map { isNameCharacter($0) ? $0 : "_" })
        return name.first.map { !$0.isNumber } ?? false ? name : "_" + name
    }

    /// The tensor an expression names: `x_train`, `conv1.W`, `conv1.dW`, `conv1.out`, with any
    /// number of first-axis subscripts, `x_train[0:4]`, `x_train[7]`, `conv1.out[0][2]`.
    public func value(of expression: String) throws(ShellError) -> Tensor {
        guard let (base, subscripts) = Self.split(expression) else {
            throw ShellError(tr("workspace.not-an-expression", expression), expected: tr("workspace.expression"))
        }
        var tensor = try named(base)
        var described = base
        for inside in subscripts {
            tensor = try Self.subscripted(tensor, inside, name: described)
            described += "[\(inside)]"
        }
        return tensor
    }

    /// `conv1.out[0][2:4]` → ("conv1.out", ["0", "2:4"]); nil when a bracket is left open or
    /// something other than a bracket follows one.
    static func split(_ expression: String) -> (base: String, subscripts: [String])? {
        let base = String(expression.prefix { $0 != "[" })
        var rest = expression.dropFirst(base.count), subscripts: [String] = []
        while !rest.isEmpty {
            guard rest.first == "[", let close = rest.firstIndex(of: "]") else { return nil }
            subscripts.append(String(rest[rest.index(after: rest.startIndex)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return (base, subscripts)
    }

    private func named(_ name: String) throws(ShellError) -> Tensor {
        if let t = tensors[name] { return t }
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 2, let network, let i = network.names.firstIndex(of: parts[0]) {
            let layer = network.layers[i]
            if parts[1] == "out" {
                guard let out = outputs[parts[0]] else {
                    throw ShellError(tr("workspace.not-yet", name), hint: tr("workspace.out.hint"))
                }
                return out
            }
            if parts[1] == "dx" {
                guard let dx = backpropagation?.inputGradients[parts[0]] else {
                    throw ShellError(tr("workspace.not-yet", name), hint: backpropagation == nil
                                     ? tr("workspace.dx.hint") : tr("workspace.dx.not-through", parts[0]))
                }
                return dx
            }
            if let p = Self.declared(parts[1], of: layer) {
                var drawn = layer
                if !layer.isAllocated {
                    // The values the network will have: drawn here from the layer's seed, not kept.
                    try Network.checkWeights(Network.weightBytes(parameters: layer.parameterCount, buffers: layer.bufferCount),
                                             of: tr("workspace.layer-parameters", parts[0], Format.grouped(layer.parameterCount)))
                    drawn.allocate(seed: network.seeds[i])
                }
                let q = (drawn.parameters + drawn.buffers).first { $0.name == p.name }!
                return parts[1] == p.name ? q.value : q.gradient
            }
            let offered = layer.parameters.flatMap { [$0.name, "d\($0.name)"] } + layer.buffers.map(\.name) + ["out", "dx"]
            throw ShellError(tr("workspace.no-field", parts[0], layer.kind, parts[1]), expected: offered.map { "\(parts[0]).\($0)" }.joined(separator: ", "))
        }
        let close = Suggestion.hint(for: name, among: names)
        throw ShellError(tr("workspace.no-tensor", name), hint: close ?? tr(names.isEmpty ? "workspace.empty.hint" : "workspace.vars.hint"))
    }

    /// `i`, `-1`, `a:b`, `:b`, `a:` on the first axis; a single index drops that axis, as in NumPy.
    static func subscripted(_ t: Tensor, _ text: String, name: String) throws(ShellError) -> Tensor {
        guard let n = t.shape.first else { throw ShellError(tr("workspace.scalar", name)) }
        func index(_ s: Substring, default d: Int) throws(ShellError) -> Int {
            let s = s.trimmingCharacters(in: .whitespaces)
            if s.isEmpty { return d }
            guard let v = Int(s) else { throw ShellError(tr("workspace.index-not-whole", s, "\(name)[\(text)]"), expected: tr("workspace.subscript")) }
            return v < 0 ? v + n : v
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 1 {
            let i = try index(parts[0], default: -1)
            guard (0..<n).contains(i) else {
                throw ShellError(tr("workspace.index-range", text, name, n), expected: tr("workspace.index-range.expected", n))
            }
            return try! t.row(i)
        }
        guard parts.count == 2 else { throw ShellError(tr("workspace.not-a-slice", text), expected: "a:b") }
        let a = try index(parts[0], default: 0), b = try index(parts[1], default: n)
        guard 0 <= a, a < b, b <= n else {
            throw ShellError(tr("workspace.slice-range", text, name, n), expected: tr("workspace.slice-range.expected", n))
        }
        return try! t.slice(a..<b)
    }
}

extension Network {
    /// Layer `i`'s arrays by the names the workspace gives them: each parameter then its gradient
    /// (`conv1.W`, `conv1.dW`), then the buffers (`bn1.running_mean`), each with its declared shape.
    /// Reads no values and draws none: a blueprint's are empty. `names`, undo's `storage` and the
    /// workspace file all walk a layer this way.
    func namedArrays(ofLayer i: Int) -> [(name: String, value: Tensor, shape: [Int])] {
        let (layer, name) = (layers[i], names[i])
        return layer.parameters.flatMap { p in [("\(name).\(p.name)", p.value, p.shape), ("\(name).d\(p.name)", p.gradient, p.shape)] }
            + layer.buffers.map { ("\(name).\($0.name)", $0.value, $0.shape) }
    }
}
