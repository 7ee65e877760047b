import NN
import Tensors

let gradcheckCommand = Command(
    name: "gradcheck", usage: "gradcheck [LAYER] [x=NAME] [entries=K]",
    summary: "check the network's gradients against finite differences",
    help: """
    Compares each parameter's gradient from backward with the central difference
        dL/dw ≈ (L(w + h) − L(w − h)) / 2h,  h = 1e-3 (1e-4 where a ReLU or max switches within h),
    at K entries (10 by default) spread over each parameter of LAYER (every layer by default). The loss is L = Σ y⊙R, the network's output y against a fixed random R, so every layer's backward is exercised, softmax included; it is summed in double precision.
    The error printed is max|analytic − numeric| / max|numeric| over the entries; below 1e-2 is marked ok (single-precision forward passes limit it to about 1e-4). x defaults to x_train[0:2], or two random inputs when no data is loaded. The workspace is not changed.
    """,
    positionals: [.layerName], options: ["x": .workspaceName, "entries": .number],
    action: .workspace { ws, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 1)
        var net = try ws.requireNetwork()
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
        let x: Tensor, source: String
        if let name = args.string("x") {
            x = try batch(ws, name, for: net)
            source = name
        } else if let train = ws.tensors["x_train"], Array(train.shape.dropFirst()) == net.inputShape, train.shape[0] >= 2 {
            x = try! train.slice(0..<2)
            source = "x_train[0:2]"
        } else {
            try checkMemory(net, batch: 2)  // before the random inputs are made: their size comes from net new input=
            x = Tensor.randomNormal(shape: [2] + net.inputShape, sigma: 1, using: &fixed)
            source = "two random inputs"
        }
        try checkMemory(net, batch: x.shape[0])
        let projection = Tensor.randomNormal(shape: [x.shape[0]] + net.outputShape, sigma: 1, using: &fixed)
        func lossOf(_ net: inout Network) -> Double {
            let y = net.forward(x)
            return zip(y.scalars, projection.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        }
        _ = lossOf(&net)
        net.backward(projection)
        let h: Float = 1e-3
        var rows = [["parameter", "shape", "checked", "at kinks", "error", ""]]
        for i in layers {
            for p in net.layers[i].parameters {
                var worst = 0.0, largest = 0.0, kinks = 0
                let picks = Set((0..<min(entries, p.value.count)).map { $0 * p.value.count / min(entries, p.value.count) })
                for j in picks.sorted() {
                    func loss(at offset: Float) -> Double {
                        var probe = net
                        probe.updateParameter(p.name, ofLayer: i) { $0[flat: j] += offset }
                        return lossOf(&probe)
                    }
                    // A ReLU or a max that switches inside [w − h, w + h] makes the one-sided slopes differ;
                    // a smaller step usually steps past the kink. If it does not, the derivative is only
                    // known to lie between the slopes, so the error is the distance from the analytic
                    // gradient to that interval (the central difference's error where they agree).
                    let centre = loss(at: 0)
                    var right = 0.0, left = 0.0, smooth = false
                    for step in [h, h / 10] where !smooth {
                        right = (loss(at: step) - centre) / Double(step)
                        left = (centre - loss(at: -step)) / Double(step)
                        smooth = abs(right - left) <= 0.1 * max(abs(right), abs(left)) + 1e-3
                    }
                    if !smooth { kinks += 1 }
                    let numeric = (right + left) / 2
                    worst = max(worst, abs(Double(p.gradient[flat: j]) - numeric) - abs(right - left) / 2)
                    largest = max(largest, abs(numeric))
                }
                let error = worst / max(largest, 1e-12)
                rows.append(["\(net.names[i]).\(p.name)", p.value.shapeDescription, "\(picks.count)", "\(kinks)", Format.scientific(error), error < 1e-2 ? "ok" : "CHECK"])
            }
        }
        out.line("gradcheck on \(source): L = Σ y⊙R, central differences with h = 1e-3 (1e-4 near a kink)")
        out.text(rows.count == 1 ? "  (no parameters)\n" : Format.table(rows, rightAligned: [2, 3, 4], indent: "  "))
    })
