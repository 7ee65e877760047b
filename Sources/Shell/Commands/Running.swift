import NN
import Tensors

let forwardCommand = Command(
    name: "forward", usage: "forward X [mode=train|eval]",
    positionals: [.workspaceName],
    options: ["mode": .choice(["train", "eval"])],
    action: .workspace { ws, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 1)
        try args.expectOptions(["mode"])
        let evaluating = try args.word("mode", among: ["train", "eval"], default: "train") == "eval"
        var net = try ws.requireNetwork()
        let name = try args.positional(0, tr("forward.x.what"))
        let x = try batch(ws, name, for: net)
        guard !net.layers.isEmpty else { throw ShellError(tr("forward.no-layers"), hint: tr("forward.no-layers.hint")) }
        guard x.shape[0] <= keptForwardLimit else {
            guard args.string("mode") != "train" else {
                throw ShellError(tr("forward.train.too-many", name, Format.grouped(x.shape[0])),
                                 expected: tr("forward.train.too-many.expected", Format.grouped(keptForwardLimit)), hint: tr("forward.train.too-many.hint", name))
            }
            try checkMemory(net, batch: 1)  // the weights still to draw with one sample; the chunks check their own
            try forwardInChunks(&ws, try ws.allocatedNetwork(), x, name: name, out: out)
            return
        }
        try checkMemory(net, batch: x.shape[0])
        net = try ws.allocatedNetwork()
        var rows: [[String]] = []
        var outputs: [String: Tensor] = [:]
        let names = net.names, kinds = net.layers.map(\.kind)
        let keep = { (i: Int, y: Tensor) in
            outputs[names[i]] = y
            rows.append([names[i] + ".out", kinds[i], y.shapeDescription])
        }
        if evaluating { _ = net.inference(x, through: names.count, each: keep) } else { _ = net.forward(x, through: names.count, each: keep) }
        out.line("forward \(name): \(x.shapeDescription)" + (evaluating ? " (mode=eval)" : ""))
        out.text(Format.table(rows, indent: "  ", width: out.columns))
        ws.network = net
        ws.forgetForward(keeping: outputs)
        ws.forwardInput = x
        ws.forwardWasEval = evaluating
    })

let backwardCommand = Command(
    name: "backward", usage: "backward [Y | dA=NAME]",
    positionals: [.workspaceName],
    options: ["dA": .workspaceName],
    action: .workspace { ws, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 1)
        try args.expectOptions(["dA"])
        var net = try ws.requireNetwork()  // a forward drew its weights
        guard let n = ws.forwardInput?.shape[0], !net.layers.isEmpty else {
            throw ShellError(tr("backward.no-forward"), hint: net.layers.isEmpty ? tr("backward.no-forward.layers") : tr("backward.no-forward.hint"))
        }
        guard !ws.forwardWasEval else {
            throw ShellError(tr("backward.eval"), hint: tr("backward.eval.hint"))
        }
        var gradients: [String: Tensor] = [:]
        let names = net.names, lastName = names.last!, last = ws.outputs[lastName]!
        let keep = { (i: Int, g: Tensor) in gradients[names[i]] = g }
        let record: Backpropagation
        if let name = args.optionalPositional(0) {
            guard args.string("dA") == nil else {
                throw ShellError(tr("backward.labels-and-dA"), hint: tr("args.usage", backwardCommand.usage))
            }
            let logits = ws.logits!.value  // a forward ran: checked above
            guard logits.rank == 2 else {
                throw ShellError(tr("backward.scores", logits.shapeDescription), expected: tr("backward.scores.expected"), hint: tr("backward.scores.hint"))
            }
            let y = try labels(ws, name, count: n, classes: logits.shape[1])
            let result = net.backward(logits: logits, labels: y, each: keep)
            guard result.loss.isFinite else { throw ShellError(tr("backward.not-finite", result.loss), hint: tr("backward.not-finite.hint")) }
            if net.logitLayers < names.count { gradients[lastName] = result.lossGradient }
            record = Backpropagation(inputGradients: gradients, layers: net.logitLayers, seed: result.lossGradient,
                                     loss: .init(value: result.loss, labels: y, probabilities: result.probabilities))
            out.line(tr("backward.loss", Format.fixed(result.loss, 4), n))
        } else if let name = args.string("dA") {
            let dA = try ws.value(of: name)
            guard dA.shape == last.shape else {
                throw ShellError(tr("backward.dA.shape", name, dA.shapeDescription, lastName, last.shapeDescription),
                                 expected: tr("backward.dA.shape.expected"), hint: tr("backward.dA.shape.hint", last.shapeDescription))
            }
            net.backward(dA, each: keep)
            record = Backpropagation(inputGradients: gradients, layers: names.count, seed: dA, seedName: "\(name) (backward dA=\(name))")
            out.line(tr("backward.dA", name, lastName, last.shapeDescription))
        } else {
            let ones = Tensor(shape: last.shape, repeating: 1)
            net.backward(ones, each: keep)
            record = Backpropagation(inputGradients: gradients, layers: names.count, seed: ones)
            out.line(tr("backward.ones", lastName, last.shapeDescription))
        }
        ws.tensors["dx"] = gradients[names[0]]
        out.text(gradientTable(net))
        ws.network = net
        ws.backpropagation = record
    })

func gradientTable(_ net: Network) -> String {
    var rows = [[tr("backward.gradient"), tr("backward.shape"), tr("backward.norm")]]
    for (i, layer) in net.layers.enumerated() {
        for p in layer.parameters {
            rows.append(["\(net.names[i]).d\(p.name)", p.gradient.shapeDescription, Format.fixed(p.gradient.norm, 6)])
        }
    }
    return rows.count == 1 ? tr("backward.no-parameters") + "\n" : Format.table(rows, rightAligned: [2], indent: "  ")
}

let stepCommand = Command(
    name: "step", usage: "step",
    action: .workspace { ws, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 0)
        var net = try ws.requireNetwork()  // gradients mean a forward drew its weights
        guard ws.hasGradients else { throw ShellError(tr("step.no-gradients"), hint: tr("step.no-gradients.hint")) }
        let before = net.layers.flatMap { $0.parameters.map(\.value) }
        net.step(&ws.optimizer)
        let after = net.layers.flatMap { $0.parameters.map(\.value) }
        var moved = 0.0
        for (a, b) in zip(before, after) { for (u, v) in zip(a.scalars, b.scalars) { moved += Double(v - u) * Double(v - u) } }
        ws.steps += 1
        ws.network = net
        let note = optimizerNote(ws)
        ws.optimizerReplacedAfter = nil
        out.line(tr("step.done", ws.optimizer.steps, note, before.count, Format.fixed(moved.squareRoot(), 6)))
    })

/// The optimizer `step` names: its settings and, at its first step since `optimizer` replaced it
/// on a network that had stepped, the command that did (its step count starts again with it).
private func optimizerNote(_ ws: Workspace) -> String {
    guard let earlier = ws.optimizerReplacedAfter else { return ws.optimizer.summary }
    let chosen = ws.log.last { line in
        let words = (try? Words.commands(in: line))?.first?.words ?? []
        return words.count > 1 && words[0] == "optimizer"
    }
    return ws.optimizer.summary + tr(plural: "step.reset", earlier, chosen ?? "optimizer", earlier)
}

/// Forward over many samples in chunks of 500, keeping nothing but the last layer's output.
private func forwardInChunks(_ ws: inout Workspace, _ net: Network, _ x: Tensor, name: String, out: Output) throws(ShellError) {
    try checkMemory(net, batch: 500)
    let n = x.shape[0], last = net.names.last!
    try MemoryGuard.check(Double(n) * Double(net.outputShape.reduce(1, *)) * 4, for: tr("forward.chunks.memory", n), hint: tr("forward.chunks.memory.hint"))
    var parts: [Tensor] = []
    try inChunks(of: n, size: 500, progress: "forward", out: out) { rows in
        var y = try! x.slice(rows)
        for layer in net.layers { y = layer.inference(y) }
        parts.append(y)
    }
    let y = Tensor.concatenateRows(parts)
    out.line(tr("forward.chunks", name, x.shapeDescription))
    out.text(Format.table([[last + ".out", net.layers.last!.kind, y.shapeDescription]], indent: "  ", width: out.columns))
    out.line(tr("forward.chunks.note", Format.grouped(keptForwardLimit)))
    ws.forgetForward(keeping: [last: y])
}
