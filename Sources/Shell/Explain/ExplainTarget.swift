import NN
import Tensors

/// What `explain NAME[i][j]...` points at: one element of a layer's output, input gradient or
/// parameter gradient, or the loss, with the stored tensors it was computed from. Every check
/// (the name, the index, whether forward and backward have run) happens here, before anything is
/// printed.
struct ExplainTarget {
    enum Part: Equatable {
        case output, inputGradient, parameterGradient(Int), loss
    }

    /// `conv1.out`, `loss`.
    var name: String
    var part: Part
    /// The layer's position in the network; nil for the loss.
    var layer: Int?
    /// The full index, negative indices resolved; empty for the batch loss.
    var index: [Int]
    /// The tensor the element is stored in (for the loss, the one value), where, and its name.
    var stored: Tensor
    var storedIndex: [Int]?
    var storedName: String?

    /// What explain can trace, for errors.
    static let traceable = "LAYER.out, LAYER.dx, LAYER.dW, LAYER.db (after backward) and loss"

    init(_ expression: String, in ws: Workspace) throws(ShellError) {
        let (base, subscripts) = try Self.split(expression)
        name = base
        if base == "loss" {
            guard let loss = ws.backpropagation?.loss else {
                throw ShellError("there is no loss yet", hint: ws.backpropagation == nil
                                 ? "run 'forward X' then 'backward Y' with labels Y; the loss needs labels"
                                 : "the last backward started from a gradient, not labels; run 'backward Y' with labels Y")
            }
            let batch = loss.probabilities.shape[0]
            guard subscripts.count <= 1 else { throw ShellError("loss takes one index, the sample", expected: "loss or loss[n] with n in 0..<\(batch)") }
            part = .loss
            index = try subscripts.map { v throws(ShellError) in try Self.resolve(v, axis: 0, size: batch, of: "loss") }
            stored = Tensor([loss.value])
            if let n = index.first {  // loss[n] is checked against the probability backward computed
                let t = SoftmaxCrossEntropy.target(loss.labels, n)
                (stored, storedIndex, storedName) = (loss.probabilities, [n, t], "probability y[\(n),\(t)]")
            }
            return
        }
        let pieces = base.split(separator: ".", maxSplits: 1).map(String.init)
        guard pieces.count == 2, let net = ws.network, let i = net.names.firstIndex(of: pieces[0]) else {
            if ws.tensors[base] != nil {
                throw ShellError("\(base) is a tensor of the workspace, not something a layer computed", expected: Self.traceable,
                                 hint: base == "dx" ? "dx is a copy of the first layer's input gradient; explain \(ws.network?.names.first ?? "LAYER").dx[...]" : nil)
            }
            _ = try ws.value(of: base)  // says there is no such name, with a suggestion
            throw ShellError("explain cannot trace \(base)", expected: Self.traceable)
        }
        layer = i
        let layerName = pieces[0], parameters = net.layers[i].parameters.map(\.name)
        switch pieces[1] {
        case "out": part = .output
        case "dx": part = .inputGradient
        case let p where p.hasPrefix("d") && parameters.contains(String(p.dropFirst())):
            part = .parameterGradient(parameters.firstIndex(of: String(p.dropFirst()))!)
            guard ws.backpropagation != nil else {
                if ws.staleGradients {
                    throw ShellError("\(base) comes from an earlier backward (or train's last batch), whose inputs are no longer kept",
                                     hint: "run 'forward X' and 'backward Y' to explain a gradient")
                }
                throw ShellError("\(base) holds no gradient yet", hint: "run 'forward X' then 'backward Y'; backward computes it")
            }
        case let p where parameters.contains(p):
            throw ShellError("\(base) is a parameter, set by its initializer and by 'step', not computed from other values",
                             expected: Self.traceable, hint: "explain \(layerName).d\(p) after backward")
        default:
            _ = try ws.value(of: base)  // lists what the layer has
            throw ShellError("explain cannot trace \(base)", expected: Self.traceable)
        }
        stored = try ws.value(of: base)
        guard subscripts.count == stored.rank else {
            let example = base + String(repeating: "[0]", count: stored.rank)
            throw ShellError("one element is needed, but \(base) is \(stored.shapeDescription) and \(subscripts.count) of its \(stored.rank) indices are given",
                             expected: "\(stored.rank) indices, like \(example)")
        }
        var index: [Int] = []
        for (axis, v) in subscripts.enumerated() { index.append(try Self.resolve(v, axis: axis, size: stored.shape[axis], of: base)) }
        self.index = index
        guard ws.outputs[layerName] != nil, ws.input(ofLayer: i) != nil else {
            throw ShellError("the last forward kept only the last layer's output, so \(layerName)'s input is gone",
                             hint: "forward at most \(Format.grouped(keptForwardLimit)) samples (a slice such as x_train[0:8]) to keep every layer's output")
        }
    }

    /// `conv1.out[0][2][-1]` → ("conv1.out", ["0", "2", "-1"]); `x[0,1]` is read as `x[0][1]`.
    static func split(_ expression: String) throws(ShellError) -> (String, [String]) {
        guard let (base, subscripts) = Workspace.split(expression) else {
            throw ShellError("'\(expression)' is not an element", expected: "NAME[i][j]..., like conv1.out[0][2][5][5]")
        }
        return (base, subscripts.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) } })
    }

    /// Index `text` on an axis of `size`, NumPy-style (−1 is the last).
    static func resolve(_ text: String, axis: Int, size: Int, of name: String) throws(ShellError) -> Int {
        if Int(text) == nil, !text.isEmpty, text.drop { $0 == "-" }.allSatisfy(\.isNumber), text.contains(where: \.isNumber) {
            throw ShellError("index \(text) is out of range for axis \(axis) of \(name), which has \(size)",
                             expected: "an index in 0..<\(size) (or -\(size)..<0 from the end)")
        }
        guard let v = Int(text) else {
            throw ShellError("'\(text)' in \(name) is not a whole number (explain takes one element, not a slice)", expected: "an index in 0..<\(size)")
        }
        guard (-size..<size).contains(v) else {
            throw ShellError("index \(v) is out of range for axis \(axis) of \(name), which has \(size)",
                             expected: "an index in 0..<\(size) (or -\(size)..<0 from the end)")
        }
        return v < 0 ? v + size : v
    }

    /// The element as stored.
    var storedValue: Float {
        let at = storedIndex ?? index
        return at.isEmpty ? stored[flat: 0] : stored[flat: stored.offset(of: at)!]
    }

    /// `conv1.out[0][2][5][5]`, as the learner types it.
    var element: String { name + index.map { "[\($0)]" }.joined() }
}
