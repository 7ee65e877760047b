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
    static var traceable: String { tr("explain.traceable") }

    init(_ expression: String, in ws: Workspace) throws(ShellError) {
        let (base, subscripts) = try Self.split(expression)
        name = base
        if base == "loss" {
            guard let loss = ws.backpropagation?.loss else {
                throw ShellError(tr("explain.loss.none"), hint: ws.backpropagation == nil ? tr("explain.loss.none.hint") : tr("explain.loss.none.seeded.hint"))
            }
            let batch = loss.probabilities.shape[0]
            guard subscripts.count <= 1 else { throw ShellError(tr("explain.loss.indices"), expected: tr("explain.loss.indices.expected", batch)) }
            part = .loss
            index = try subscripts.map { v throws(ShellError) in try Self.resolve(v, axis: 0, size: batch, of: "loss") }
            stored = Tensor([loss.value])
            if let n = index.first {  // loss[n] is checked against the probability backward computed
                let t = SoftmaxCrossEntropy.target(loss.labels, n)
                (stored, storedIndex, storedName) = (loss.probabilities, [n, t], tr("explain.loss.probability", "y[\(n),\(t)]"))
            }
            return
        }
        let pieces = base.split(separator: ".", maxSplits: 1).map(String.init)
        guard pieces.count == 2, let net = ws.network, let i = net.names.firstIndex(of: pieces[0]) else {
            if ws.tensors[base] != nil {
                throw ShellError(tr("explain.tensor", base), expected: Self.traceable,
                                 hint: base == "dx" ? tr("explain.tensor.dx.hint", ws.network?.names.first ?? "LAYER") : nil)
            }
            _ = try ws.value(of: base)  // says there is no such name, with a suggestion
            throw ShellError(tr("explain.untraceable", base), expected: Self.traceable)
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
                    throw ShellError(tr("explain.gradient.stale", base), hint: tr("explain.gradient.stale.hint"))
                }
                throw ShellError(tr("explain.gradient.none", base), hint: tr("explain.gradient.none.hint"))
            }
        case let p where parameters.contains(p):
            throw ShellError(tr("explain.parameter", base), expected: Self.traceable, hint: tr("explain.parameter.hint", "\(layerName).d\(p)"))
        default:
            _ = try ws.value(of: base)  // lists what the layer has
            throw ShellError(tr("explain.untraceable", base), expected: Self.traceable)
        }
        stored = try ws.value(of: base)
        guard subscripts.count == stored.rank else {
            let example = base + String(repeating: "[0]", count: stored.rank)
            throw ShellError(tr("explain.indices", base, stored.shapeDescription, subscripts.count, stored.rank),
                             expected: tr("explain.indices.expected", stored.rank, example))
        }
        var index: [Int] = []
        for (axis, v) in subscripts.enumerated() { index.append(try Self.resolve(v, axis: axis, size: stored.shape[axis], of: base)) }
        self.index = index
        guard ws.outputs[layerName] != nil, ws.input(ofLayer: i) != nil else {
            throw ShellError(tr("explain.input.gone", layerName), hint: tr("explain.input.gone.hint", Format.grouped(keptForwardLimit)))
        }
    }

    /// `conv1.out[0][2][-1]` → ("conv1.out", ["0", "2", "-1"]); `x[0,1]` is read as `x[0][1]`.
    static func split(_ expression: String) throws(ShellError) -> (String, [String]) {
        guard let (base, subscripts) = Workspace.split(expression) else {
            throw ShellError(tr("explain.element", expression), expected: tr("explain.element.expected"))
        }
        return (base, subscripts.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) } })
    }

    /// Index `text` on an axis of `size`, NumPy-style (−1 is the last).
    static func resolve(_ text: String, axis: Int, size: Int, of name: String) throws(ShellError) -> Int {
        if Int(text) == nil, !text.isEmpty, text.drop { $0 == "-" }.allSatisfy(\.isNumber), text.contains(where: \.isNumber) {
            throw ShellError(tr("explain.index.range", text, axis, name, size), expected: tr("explain.index.range.expected", size))
        }
        guard let v = Int(text) else {
            throw ShellError(tr("explain.index.whole", text, name), expected: tr("explain.index.whole.expected", size))
        }
        guard (-size..<size).contains(v) else {
            throw ShellError(tr("explain.index.range", v, axis, name, size), expected: tr("explain.index.range.expected", size))
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
