import NN
import Tensors

/// What `explain` prints: a heading naming the element and where its inputs come from, the
/// course's formula, the formula with this element's indices put in, the terms with their
/// numbers, the result, and whether it equals the stored value.
struct ExplainText {
    var target: ExplainTarget
    var inputs: ExplainInputs
    var layer: (any Layer)?
    var layerName: String
    /// Whether the forward explained ran in mode=eval.
    var evaluating: Bool

    init(_ target: ExplainTarget, _ inputs: ExplainInputs, _ ws: Workspace) {
        evaluating = ws.forwardWasEval
        self.target = target
        self.inputs = inputs
        layer = target.layer.map { ws.network!.layers[$0] }
        layerName = target.layer.map { ws.network!.names[$0] } ?? ""
    }

    /// The lines, and the recomputed value with the size its rounding is measured against.
    func render() throws(ShellError) -> (lines: [String], value: Double, magnitude: Double) {
        if target.part == .loss { return LossText(samples: inputs.lossSamples, logitsName: inputs.xName, batch: target.index.isEmpty).render() }
        var lines = [heading] + Self.indexed(formula)
        if let g = inputs.lossGradient {
            let (more, value) = LossText.gradient(g, at: target.index)
            return (lines + more, value, abs(value))
        }
        let kind = layer!.kind
        switch inputs.explanation {
        case .sum(let sum)?:
            if target.part == .inputGradient, sum.terms.isEmpty, let window { return (lines + uncovered(window), 0, 0) }
            if let filters = (layer as? Conv2d)?.filters ?? (layer as? Conv1d)?.filters, target.part == .inputGradient {
                let windows = sum.terms.count / filters
                lines.append("  \(windows) window\(windows == 1 ? "" : "s") "
                             + (filters == 1 ? "of the 1 filter" : "of each of \(filters) filters")
                             + " \(windows == 1 ? "covers" : "cover") it: " + SumText.span("dA", sum.terms.map { $0.factors[0] }))
            }
            lines += SumText(sum: sum, symbols: symbols, group: group).lines
            return (lines, sum.value, sum.magnitude)
        case .maximum(let m)?:
            return (lines + OtherText.maximum(m, index: target.index), m.value, abs(m.value))
        case .routing(let r)? where r.windows.isEmpty && window != nil:
            return (lines + uncovered(window!), 0, 0)
        case .routing(let r)?:
            return (lines + OtherText.routing(r, index: target.index), r.value, r.magnitude)
        case .pointwise(let p)?:
            return (lines + OtherText.pointwise(p, kind: kind), p.value, abs(p.value))
        case .softmax(let s)?:
            return (lines + OtherText.softmax(s), s.value, s.magnitude)
        case .normalization(let n)?:
            return (lines + NormalizationText.lines(n, index: target.index), n.value, n.magnitude)
        case nil:
            throw ShellError("explain cannot trace a \(kind) layer's values yet", expected: ExplainTarget.traceable)
        }
    }

    /// The window a convolution or pooling layer slides (a 1-D layer's 1×K), else nil.
    private var window: Window? {
        (layer as? Conv2d)?.window ?? (layer as? any Pool2d)?.window ?? (layer as? Conv1d)?.window ?? (layer as? MaxPool1d)?.window
    }

    /// A cell of the input no window covers: the stride steps over it, or the last window ends
    /// before it; nothing reaches it.
    private func uncovered(_ window: Window) -> [String] {
        let out = inputs.dA!.shape, at = target.index
        // A sequence's index [n,c,r] has only the width's axis.
        let axes = at.count == 3 ? [(window.width, 2)] : [(window.height, 2), (window.width, 3)]
        let past = axes.contains { a, axis in
            at[axis] > (out[axis] - 1) * a.stride - a.padding + a.kernel - 1
        }
        return ["  no window covers \(OtherText.name("x", at)) ("
                    + (past ? "the last one ends before it" : "the stride steps over it") + "), so dx = 0",
                "  = 0"]
    }

    private var heading: String {
        let what: String
        switch target.part {
        case .output: what = "output of \(layerName) (\(layer!.summary))\n  x = \(inputs.xName) (\(inputs.x.shapeDescription))"
        case .inputGradient: what = "dL/dx of \(layerName) (\(layer!.summary))"
        case .parameterGradient(let p): what = "dL/d\(layer!.parameters[p].name) of \(layerName) (\(layer!.summary))"
        case .loss: what = ""
        }
        guard target.part != .output else { return "\(target.element): \(what)" }
        return "\(target.element): \(what)\n  x = \(inputs.xName) (\(inputs.x.shapeDescription))"
            + (inputs.dA.map { "\n  dA = \(inputs.dAName) (\($0.shapeDescription)), the gradient at \(layerName)'s output" } ?? "")
    }

    /// What each factor of a term is called, in the order the NN side gives them.
    private var symbols: [String] {
        switch (layer!.kind, target.part) {
        case ("dropout", .output): evaluating ? ["x"] : ["x", "m/(1−P)"]
        case ("dropout", _): ["dA", "m/(1−P)"]
        case ("batchnorm", .parameterGradient(0)): ["dA", "x̂"]
        case (_, .output): ["x", "W"]
        case (_, .parameterGradient(1)): ["dA"]
        case ("fc", .parameterGradient): ["x", "dA"]
        case (_, .parameterGradient): ["dA", "x"]
        default: ["dA", "W"]
        }
    }

    private var group: String {
        switch (layer!.kind, target.part) {
        case ("conv2d", .output), ("conv1d", .output): "k"
        case ("conv2d", .inputGradient), ("conv1d", .inputGradient): "m"
        case (_, .parameterGradient): "n"
        default: ""
        }
    }

    /// The course's formula (first line) and the same with this element's indices put in.
    private var formula: [String] {
        ExplainFormulas(layer: layer!, part: target.part, index: target.index, inputShape: inputs.x.shape,
                        gradientShape: inputs.dA?.shape, folded: inputs.lossGradient != nil, evaluating: evaluating).lines
    }

    static func indexed(_ lines: [String]) -> [String] { lines.map { "  " + $0 } }

    /// The closing lines: the stored value and whether the recomputed one agrees with it.
    static func comparison(_ target: ExplainTarget, value: Double, magnitude: Double) -> [String] {
        let stored = Double(target.storedValue), difference = abs(stored - value)
        let what = "  stored \(target.storedName ?? target.element) = \(Format.significant(stored, 7))"
        guard value.isFinite, stored.isFinite, magnitude.isFinite else {
            return [what + ", recomputed \(Format.significant(value, 7)): not finite, so not comparable",
                    "  (beyond float32's range, or an inf or nan among the inputs, weights or gradients)"]
        }
        let agree = difference <= 1e-4 * magnitude + 1e-12
        let verdict = "difference \(difference == 0 ? "0" : Format.scientific(difference)): " + (agree ? "they agree ✓" : "they differ")
        // A long name and value push the verdict onto a line of its own rather than past 80 columns.
        var lines = what.count + 2 + verdict.count <= 80 ? [what + ", " + verdict] : [what + ",", "    " + verdict]
        if !agree {
            let again = target.part == .output || target.part == .loss ? "run forward again" : "run forward and backward again"
            lines.append("  (did 'step' change the weights since? \(again))")
        }
        return lines
    }
}
