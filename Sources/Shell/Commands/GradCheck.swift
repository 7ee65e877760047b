import NN
import Tensors

let gradcheckCommand = Command(
    name: "gradcheck", usage: "gradcheck [LAYER] [x=NAME] [entries=K]",
    positionals: [.layerName], options: ["x": .workspaceName, "entries": .number],
    action: .workspace { ws, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 1)
        var net = try ws.requireNetwork()  // its shapes: the weights are drawn once the check is known to be feasible
        guard !net.layers.isEmpty else { throw ShellError("the network has no layers", hint: "add some first") }
        var layers = Array(net.layers.indices)
        if let name = args.optionalPositional(0) {
            guard let i = net.names.firstIndex(of: name) else {
                let close = Suggestion.closest(to: name, among: net.names).map { "did you mean '\($0)'?" }
                throw ShellError("no layer named '\(name)'", expected: net.names.joined(separator: ", "), hint: close)
            }
            guard !net.layers[i].parameters.isEmpty else { throw ShellError("\(name) (\(net.layers[i].kind)) has no parameters to check") }
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
                throw ShellError("x=\(name) holds \(x.shape[0]) samples, too many for gradcheck", expected: "at most 64",
                                 hint: "take a slice, like \(name)[0:2]")
            }
            source = name
        } else if let train = ws.tensors["x_train"], Array(train.shape.dropFirst()) == net.inputShape, train.shape[0] >= samples {
            x = try! train.slice(0..<samples)
            source = "x_train[0:\(samples)]"
        } else {
            try checkMemory(net, batch: samples)  // before the random inputs are made: their size comes from net new input=
            x = Tensor.randomNormal(shape: [samples] + net.inputShape, sigma: 1, using: &fixed)
            source = samples == 2 ? "two random inputs" : "\(samples) random inputs"
        }
        try checkMemory(net, batch: x.shape[0])
        try checkWork(net, layers: layers, entries: entries, samples: x.shape[0])
        net = try net.withWeights()
        let projection = Tensor.randomNormal(shape: [x.shape[0]] + net.outputShape, sigma: 1, using: &fixed)
        // Each entry reruns the network a few times: minutes for many entries, so Ctrl-C stops it between entries.
        let results: [GradientCheck.Row]
        do throws(GradientCheck.Stopped) {
            results = try GradientCheck.run(net, input: x, projection: projection, layers: layers, entries: entries) { done, total in
                out.report("gradcheck", done: done, total: total, unit: "entries")
                return !Interrupt.isRequested
            }
        } catch {
            throw ShellError("interrupted after \(Format.grouped(error.done)) of \(Format.grouped(error.total)) entries; the workspace is unchanged",
                             hint: "fewer entries=, or one LAYER, take less time")
        }
        var rows = [["parameter", "shape", "checked", "zero", "at kinks", "error", ""]]
        for r in results {
            let verdict = r.error == nil ? "all at kinks" : r.allZero ? "all zero" : r.passed ? "ok" : "CHECK"
            rows.append(["\(net.names[r.layer]).\(r.parameter)", Tensor.describe(r.shape), "\(r.checked)", "\(r.zero)", "\(r.kinks)",
                         r.allZero ? "-" : r.error.map(Format.scientific) ?? "-", verdict])
        }
        out.text(Format.wrap("gradcheck on \(source): L = Σ y⊙R, g from backward, n from L in double precision (Richardson, h = 1e-3·max(1, |w|))", width: out.columns))
        out.text(rows.count == 1 ? "  (no parameters)\n" : Format.table(rows, rightAligned: [2, 3, 4, 5], indent: "  ", width: out.columns))
        if results.contains(where: \.allZero) {
            out.text(Format.wrap("all zero: every gradient compared is 0, from backward and numerically alike, so the row checks nothing: "
                                 + "L does not move with these entries for this x (dead ReLUs, saturated units, values no max pool picks, a bias that a batchnorm subtracts again); "
                                 + "try another x= or init=", width: out.columns))
        }
    })

/// Refuses a check that would take more than minutes: every entry re-evaluates the whole network in
/// double precision, without vectorising, about six times (Richardson's four points, a kink's retries).
private func checkWork(_ net: Network, layers: [Int], entries: Int, samples: Int) throws(ShellError) {
    let checked = layers.reduce(0) { sum, i in sum + net.layers[i].parameters.reduce(0) { $0 + min(entries, $1.count ?? entries) } }
    let runs = Double(6 * checked * samples), work = runs * Double(net.multiplyAdds ?? .max)
    guard work > 1e11 else { return }
    throw ShellError("gradcheck would re-run the network's \(Format.abbreviated(net.multiplyAdds ?? .max)) multiply-adds per sample about \(Format.grouped(Int(runs))) times in double precision (\(Format.scientific(work)) in all: hours)",
                     expected: "at most 1e11 multiply-adds (a minute or two)", hint: "check one LAYER with entries=1 and x=NAME[0:1], or a smaller network")
}
