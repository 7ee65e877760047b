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
                let span = SumText.span("dA", sum.terms.map { $0.factors[0] })
                lines.append(tr(plural: "explain.windows.cover", windows, windows, tr(plural: "explain.windows.filters", filters, filters), span))
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
            throw ShellError(tr("explain.kind.untraceable", kind), expected: ExplainTarget.traceable)
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
        return [tr("explain.uncovered", OtherText.name("x", at), past ? tr("explain.uncovered.past") : tr("explain.uncovered.skipped"), "dx = 0"),
                "  = 0"]
    }

    private var heading: String {
        let what: String
        switch target.part {
        case .output: what = tr("explain.heading.output", target.element, layerName, layer!.summary)
        case .inputGradient: what = tr("explain.heading.gradient", target.element, "dL/dx", layerName, layer!.summary)
        case .parameterGradient(let p): what = tr("explain.heading.gradient", target.element, "dL/d\(layer!.parameters[p].name)", layerName, layer!.summary)
        case .loss: what = ""
        }
        return what + "\n  x = \(inputs.xName) (\(inputs.x.shapeDescription))"
            + (inputs.dA.map { "\n" + tr("explain.heading.gradient-at", "dA = \(inputs.dAName) (\($0.shapeDescription))", layerName) } ?? "")
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
        let what = tr("explain.stored", "\(target.storedName ?? target.element) = \(Format.significant(stored, 7))")
        guard value.isFinite, stored.isFinite, magnitude.isFinite else {
            return [tr("explain.not-finite", what, Format.significant(value, 7)), tr("explain.not-finite.why")]
        }
        let agree = difference <= 1e-4 * magnitude + 1e-12, shown = difference == 0 ? "0" : Format.scientific(difference)
        let verdict = agree ? tr("explain.agree", shown) : tr("explain.differ", shown)
        // A long name and value push the verdict onto a line of its own rather than past 80 columns.
        let line = tr("explain.verdict", what, verdict)
        var lines = line.displayWidth <= 80 ? [line] : [tr("explain.verdict.broken", what), "    " + verdict]
        if !agree {
            lines.append(target.part == .output || target.part == .loss ? tr("explain.stale.forward") : tr("explain.stale.backward"))
        }
        return lines
    }
}
