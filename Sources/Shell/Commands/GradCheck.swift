import NN
import Tensors

let gradcheckCommand = Command(
    name: "gradcheck", usage: "gradcheck [LAYER] [x=NAME] [entries=K]",
    positionals: [.layerName], options: ["x": .workspaceName, "entries": .number],
    action: .workspace { ws, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 1)
        var net = try ws.requireNetwork()  // its shapes: the weights are drawn once the check is known to be feasible
        guard !net.layers.isEmpty else { throw ShellError(tr("gradcheck.no-layers"), hint: tr("gradcheck.no-layers.hint")) }
        var layers = Array(net.layers.indices)
        if let name = args.optionalPositional(0) {
            guard let i = net.names.firstIndex(of: name) else {
                let close = Suggestion.hint(for: name, among: net.names)
                throw ShellError(tr("gradcheck.no-layer", name), expected: net.names.joined(separator: ", "), hint: close)
            }
            guard !net.layers[i].parameters.isEmpty else { throw ShellError(tr("gradcheck.no-parameters", name, net.layers[i].kind)) }
            layers = [i]
        }
        let entries = try args.int("entries", default: 10, in: 1...1000)!
        var fixed = RandomGenerator(seed: 20_261_123)
        // A batchnorm's backward over 2 samples cancels most of float32's digits: it gets 16.
        let samples = net.layers.contains { $0 is BatchNorm } ? 16 : 2
        let x: Tensor, source: String
        if let name = args.string("x") {
            x = try batch(ws, name, for: net)
            // Each entry reruns the network in double precision, unvectorised, several times.
            guard x.shape[0] <= 64 else {
                throw ShellError(tr("gradcheck.too-many", "x=\(name)", x.shape[0]), expected: tr("gradcheck.too-many.expected"),
                                 hint: tr("eval.slice.hint", "\(name)[0:2]"))
            }
            source = name
        } else if let train = ws.tensors["x_train"], Array(train.shape.dropFirst()) == net.inputShape, train.shape[0] >= samples {
            x = try! train.slice(0..<samples)
            source = "x_train[0:\(samples)]"
        } else {
            try checkMemory(net, batch: samples)  // before the random inputs are made: their size comes from net new input=
            x = Tensor.randomNormal(shape: [samples] + net.inputShape, sigma: 1, using: &fixed)
            source = samples == 2 ? tr("gradcheck.two-random") : tr("gradcheck.random", samples)
        }
        try checkMemory(net, batch: x.shape[0])
        try checkWork(net, layers: layers, entries: entries, samples: x.shape[0])
        net = try net.withWeights()
        let projection = Tensor.randomNormal(shape: [x.shape[0]] + net.outputShape, sigma: 1, using: &fixed)
        // Each entry reruns the network a few times: minutes for many entries, so Ctrl-C stops it between entries.
        let results: [GradientCheck.Row]
        do throws(GradientCheck.Stopped) {
            results = try GradientCheck.run(net, input: x, projection: projection, layers: layers, entries: entries) { done, total in
                out.report("gradcheck", done: done, total: total, unit: tr("progress.entries"))
                return !Interrupt.isRequested
            }
        } catch {
            throw ShellError(tr("gradcheck.interrupted", Format.grouped(error.done), Format.grouped(error.total)),
                             hint: tr("gradcheck.interrupted.hint"))
        }
        var rows = [["gradcheck.parameter", "gradcheck.shape", "gradcheck.checked", "gradcheck.zero", "gradcheck.at-kinks", "gradcheck.error"].map { tr($0) } + [""]]
        for r in results {
            let verdict = tr(r.error == nil ? "gradcheck.all-at-kinks" : r.allZero ? "gradcheck.all-zero" : r.passed ? "gradcheck.ok" : "gradcheck.check")
            rows.append(["\(net.names[r.layer]).\(r.parameter)", Tensor.describe(r.shape), "\(r.checked)", "\(r.zero)", "\(r.kinks)",
                         r.allZero ? "-" : r.error.map(Format.scientific) ?? "-", verdict])
        }
        out.text(Format.wrap(tr("gradcheck.heading", source), width: out.columns))
        out.text(rows.count == 1 ? tr("gradcheck.none") + "\n" : Format.table(rows, rightAligned: [2, 3, 4, 5], indent: "  ", width: out.columns))
        if results.contains(where: \.allZero) {
            out.text(Format.wrap(tr("gradcheck.all-zero.note"), width: out.columns))
        }
    })

/// Refuses a check that would take more than minutes: every entry re-evaluates the whole network in
/// double precision, without vectorising, about six times (Richardson's four points, a kink's retries).
private func checkWork(_ net: Network, layers: [Int], entries: Int, samples: Int) throws(ShellError) {
    let checked = layers.reduce(0) { sum, i in sum + net.layers[i].parameters.reduce(0) { $0 + min(entries, $1.count ?? entries) } }
    let runs = Double(6 * checked * samples), work = runs * Double(net.multiplyAdds ?? .max)
    guard work > 1e11 else { return }
    throw ShellError(tr("gradcheck.too-long", Format.abbreviated(net.multiplyAdds ?? .max), Format.grouped(Int(runs)), Format.scientific(work)),
                     expected: tr("gradcheck.too-long.expected"), hint: tr("gradcheck.too-long.hint"))
}
