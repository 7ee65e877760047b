import NN
import Tensors

let netCommand = Command(
    name: "net", usage: "net new [input=CxHxW]\nnet lenet [input=CxHxW] [classes=N]\nnet",
    summary: "start an empty network or the course's LeNet",
    help: """
    net new starts an empty sequential network for samples of shape input= (by default the shape of one x_train image, or 1x28x28). Add layers with 'add'.
    net lenet builds the course's LeNet: conv 6@5×5, relu, maxpool 2×2, conv 16@5×5, relu, maxpool 2×2, flatten, fc 120, relu, fc 84, relu, fc 10, softmax, with LeCun's initialisation σ = √(1/fan_in) (xavier); 44,426 parameters for 28×28 digits. It also sets its training recipe, 'optimizer adam lr=0.003 schedule=cosine', with which 'train epochs=5' reaches 99% on MNIST; choose another optimizer after it to change that.
    A new network replaces the old one and restarts the optimizer's state. With no argument, prints the network as 'shapes' does.
    """,
    positionals: [.choice(["new", "lenet"])], options: ["input": .number, "classes": .number],
    action: .workspace { ws, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 1)
        guard let what = args.optionalPositional(0) else {
            out.text(try shapesTable(try ws.requireNetwork()))
            return
        }
        var input = ws.tensors["x_train"].map { Array($0.shape.dropFirst()) } ?? [1, 28, 28]
        if input.isEmpty { input = [1] }
        if let text = args.string("input") { input = try Parse.dimensions(text, what: "input=") }
        switch what {
        case "new":
            try args.expectOptions(["input"])
            ws.network = Network(inputShape: input)
            out.line("new network for input \(Tensor.describe(input)); add layers with 'add'")
        case "lenet":
            let classes = try args.int("classes", default: 10, in: 2...10_000)!
            guard input.count == 3, input[1] >= 16, input[2] >= 16, input[0] <= 4096 else {
                throw ShellError("input \(Tensor.describe(input)) does not fit LeNet", expected: "images C×H×W with H, W ≥ 16 (two 5×5 convolutions and two 2×2 pools) and C ≤ 4096", in: "net lenet")
            }
            let count: Int
            do { count = try Network.leNetParameterCount(inputShape: input, classes: classes) } catch { throw ShellError("\(error)", in: "net lenet") }
            try ShellError.in("net lenet") { () throws(ShellError) in
                try MemoryGuard.check(Double(count) * bytesPerParameter, for: "LeNet's \(Format.grouped(count)) parameters with their gradients and Adam's state",
                                      hint: "a smaller input=, or raise the limit with 'limit memory=...'")
            }
            var rng = ws.rng
            do { ws.network = try Network.leNet(inputShape: input, classes: classes, using: &rng) } catch {
                throw ShellError("\(error)", in: "net lenet")
            }
            ws.rng = rng
            ws.freshOptimizer = try! Adam(learningRate: Network.leNetRecipe.learningRate)
            ws.schedule = Network.leNetRecipe.schedule
            out.text(try shapesTable(ws.network!))
            out.line("optimizer \(ws.describe(ws.freshOptimizer))")
            out.line("  (LeNet's training recipe; 'optimizer' chooses another)")
        default:
            let close = Suggestion.closest(to: what, among: ["new", "lenet"]).map { "did you mean '\($0)'?" }
            throw ShellError("unknown network '\(what)'", expected: "new or lenet", hint: close)
        }
        ws.layersChanged()
    })

let layerKinds = ["conv2d", "maxpool", "avgpool", "flatten", "fc", "relu", "tanh", "sigmoid", "softmax"]

let addCommand = Command(
    name: "add",
    usage: """
    add conv2d FILTERS KxK [stride=S] [pad=P] [init=gauss:0.01|xavier|he]
    add maxpool|avgpool KxK [stride=S] [pad=P]
    add fc N [init=...]
    add flatten|relu|tanh|sigmoid|softmax
    """,
    summary: "append a layer to the network, checking its shape",
    help: """
    Appends a layer and checks it against the output of the layer before it.
    conv2d: M filters of C×KH×KW. Output (M, OH, OW) with OH = (H + 2P − KH)/S + 1; parameters M·C·KH·KW + M.
    maxpool, avgpool: KH×KW windows, stride S (default: the window size), padding P < window. Output (C, OH, OW) by the same formula; no parameters.
    For conv2d and the pools, a stride that does not divide H + 2P − KH (or W + 2P − KW) floors the output and leaves the last rows or columns uncovered; add warns as 'outsize' does.
    fc: y = x·W + b with W of shape in×N; parameters in·N + N. Needs a flat input: add flatten first.
    relu max(0, x); tanh; sigmoid 1/(1 + e^−x); softmax e^x_i / Σ_j e^x_j (with cross-entropy in backward and train).
    init: gauss:σ draws the weights and the biases from N(0, σ²), as the course's SimpleInitializer does; xavier σ = √(1/fan_in) and he σ = √(2/fan_in) (the default) draw the weights and start the biases at 0. name= overrides the layer's name (conv1, relu1, pool1, fc1...).
    """,
    forms: [("conv2d", [.number, .number]), ("maxpool", [.number]), ("avgpool", [.number]), ("fc", [.number])]
        + ["flatten", "relu", "tanh", "sigmoid", "softmax"].map { ($0, []) },
    options: ["stride": .number, "pad": .number, "init": .choice(["he", "xavier", "gauss:0.01"]), "name": .text],
    action: .workspace { ws, args, out throws(ShellError) in
        var network = try ws.requireNetwork()
        let kind = try args.positional(0, "the kind of layer (\(layerKinds.joined(separator: ", ")))")
        let previous = network.outputShape
        var rng = ws.rng
        let layer: any Layer
        var window: Window?  // a sliding layer's, for the uneven-stride warning
        switch kind {
        case "conv2d":
            try args.expectPositionals(atMost: 3)
            try args.expectOptions(["stride", "pad", "init", "name"])
            let (filters, (kh, kw)) = try ShellError.in("add conv2d") { () throws(ShellError) in
                (try Parse.int(try args.positional(1, "FILTERS"), what: "filters ", in: 1...4096),
                 try Parse.kernel(try args.positional(2, "the kernel size KxK"), what: "kernel"))
            }
            let stride = try args.int("stride", default: 1, in: 1...1024)!
            let pad = try args.int("pad", default: 0, in: 0...1024)!
            let channels = previous.count == 3 ? previous[0] : 1
            try checkParameterCount(Tensor.checkedProduct([filters, channels, kh, kw]).map { $0 + filters })
            let conv = Conv2d(channels: channels, filters: filters, kernelHeight: kh, kernelWidth: kw, stride: stride, padding: pad,
                              initializer: try initializer(args), using: &rng)
            (layer, window) = (conv, conv.window)
        case "maxpool", "avgpool":
            try args.expectPositionals(atMost: 2)
            try args.expectOptions(["stride", "pad", "name"])
            let (kh, kw) = try ShellError.in("add \(kind)") { () throws(ShellError) in
                try Parse.kernel(try args.positional(1, "the window size KxK"), what: "window")
            }
            let stride = try args.int("stride", default: kh, in: 1...1024)!
            let pad = try args.int("pad", default: 0, in: 0...1024)!
            guard Window(kernelHeight: kh, kernelWidth: kw, stride: stride, padding: pad).coversImageEverywhere else {
                throw ShellError("pad=\(pad) is not smaller than the \(kh)×\(kw) window", expected: "pad < \(min(kh, kw))", hint: "a window made only of padding would pool nothing", in: "add \(kind)")
            }
            let pool: any Pool2d = kind == "maxpool" ? MaxPool2d(kernelHeight: kh, kernelWidth: kw, stride: stride, padding: pad)
                                                     : AvgPool2d(kernelHeight: kh, kernelWidth: kw, stride: stride, padding: pad)
            (layer, window) = (pool, pool.window)
        case "fc":
            try args.expectPositionals(atMost: 2)
            try args.expectOptions(["init", "name"])
            let outputs = try ShellError.in("add fc") { () throws(ShellError) in
                try Parse.int(try args.positional(1, "N, the number of outputs"), what: "outputs ", in: 1...1_000_000)
            }
            let inputs = Tensor.checkedProduct(previous) ?? Int.max
            try checkParameterCount(Tensor.checkedProduct([inputs, outputs]).map { $0 + outputs })
            layer = Linear(inputs: inputs, outputs: outputs, initializer: try initializer(args), using: &rng)
        case "flatten", "relu", "tanh", "sigmoid", "softmax":
            try args.expectPositionals(atMost: 1)
            try args.expectOptions(["name"])
            layer = [ "flatten": Flatten(), "relu": ReLU(), "tanh": Tanh(), "sigmoid": Sigmoid(), "softmax": Softmax()][kind]!
        default:
            let close = Suggestion.closest(to: kind, among: layerKinds).map { "did you mean '\($0)'?" }
            throw ShellError("unknown layer '\(kind)'", expected: layerKinds.joined(separator: ", "), hint: close)
        }
        let name = args.string("name")
        if let name {
            guard Workspace.isValidName(name) else { throw ShellError("name=\(name) is not a valid name", expected: Workspace.nameRule) }
            guard ws.tensors[name] == nil else { throw ShellError("name=\(name) is already a tensor's name") }
        }
        do { try network.append(layer, name: name) } catch {
            throw ShellError("\(error)")
        }
        guard Set(network.names).count == network.names.count else {
            throw ShellError("a layer named '\(network.names.last!)' already exists", hint: "give another name=")
        }
        ws.network = network
        ws.rng = rng
        ws.layersChanged()
        let i = network.layers.count - 1
        let count = layer.parameterCount
        out.line("\(network.names[i]): \(layer.summary) → \(Tensor.describe(network.shapes[i]))" + (count > 0 ? ", \(Format.grouped(count)) parameters" : ""))
        // The layer fitted its input (append checked), so only an uneven stride is left to tell.
        if let window, let fit = try? window.fit(height: previous[1], width: previous[2]),
           let warning = unevenStrideWarning(height: fit.height, width: fit.width) {
            out.line(warning)
        }
    })

private func initializer(_ args: Arguments) throws(ShellError) -> Initializer {
    guard let text = args.string("init") else { return .he }
    guard let i = Initializer(text) else {
        throw ShellError("init=\(text) is not an initializer", expected: "gauss:SIGMA (SIGMA > 0), xavier or he")
    }
    return i
}

/// What a parameter costs in memory: its value, its gradient and an optimizer's two moments (Adam's
/// m and v), four floats.
private let bytesPerParameter = 16.0

/// `count` is nil when it overflows.
private func checkParameterCount(_ count: Int?) throws(ShellError) {
    guard let count, count <= 100_000_000 else {
        throw ShellError("the layer would have \(count.map(Format.grouped) ?? "more than 2⁶³") parameters", expected: "at most 100,000,000", hint: "use fewer filters or a pooling layer first")
    }
    try MemoryGuard.check(Double(count) * bytesPerParameter, for: "the layer's \(Format.grouped(count)) parameters with their gradients and optimizer state",
                          hint: "use fewer filters or a pooling layer first, or raise the limit with 'limit memory=...'")
}

let shapesCommand = Command(
    name: "shapes", usage: "shapes", summary: "the network layer by layer: shapes, parameters, receptive fields and multiply-adds",
    help: """
    Like Keras' summary(): each layer with its output shape per sample and its parameter count written out (conv: M·C·KH·KW + M, fc: in·out + out), then the total.
    A second table says how far each layer sees and what it costs. rf, the receptive field, is how many input pixels one output value depends on along each axis; jump is how many input pixels apart the fields of neighbouring values start. The input has r = 1, j = 1, and a K×K window of stride S gives
        r_out = r_in + (K − 1)·j_in,   j_out = j_in·S
    (padding shifts a field, it does not widen it). relu, tanh, sigmoid and flatten act on each value alone and keep the field; fc mixes every value, and softmax divides each by Σ_j e^x_j over them all, so from either on each value sees the whole input: rf all. LeNet's conv1 sees 5, pool1 6, conv2 14, pool2 16 (jump 4); three stacked 3×3 convolutions see 7, like one 7×7.
    multiply-adds per sample, written out: conv OH·OW·M·C·KH·KW (each of the OH·OW·M outputs is a sum of C·KH·KW products), fc in·out. Pools, activations, flatten and softmax multiply by no weights and count 0, as do bias additions.
    """,
    action: .workspace { ws, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 0)
        out.text(try shapesTable(try ws.requireNetwork()))
    })

/// The `shapes` tables: what each layer makes and holds, then what it sees and costs.
func shapesTable(_ net: Network) throws(ShellError) -> String {
    var rows = [["layer", "type", "output", "parameters"], ["input", "", Tensor.describe(net.inputShape), ""]]
    for (i, layer) in net.layers.enumerated() {
        let count = layer.parameterCount
        rows.append([net.names[i], layer.summary, Tensor.describe(net.shapes[i]),
                     count > 0 ? "\(layer.parameterArithmetic) = \(Format.grouped(count))" : "0"])
    }
    var text = Format.table(rows, rightAligned: [3])
    text += "total: \(Format.grouped(net.parameterCount)) parameters in \(net.layers.count) layers\n"
    guard !net.layers.isEmpty else { return text }
    var reach = [["layer", "rf", "jump", "multiply-adds per sample"], ["input"] + fieldCells(.pixel) + [""]]
    for (i, field) in net.receptiveFields.enumerated() {
        let factors = net.multiplyAddFactors(ofLayer: i)
        let count = net.multiplyAdds(ofLayer: i).map(Format.grouped) ?? "more than 2⁶³"
        reach.append([net.names[i]] + fieldCells(field) + [factors.isEmpty ? "0" : "\(factors.map(String.init).joined(separator: "·")) = \(count)"])
    }
    text += "\n" + Format.table(reach, rightAligned: [1, 2, 3])
    text += "total: \(net.multiplyAdds.map(Format.grouped) ?? "more than 2⁶³") multiply-adds per sample\n"
    return text
}

/// The rf and jump cells: `5`, `2` (or `5×3`, `2×1` when the axes differ); `all` after fc or softmax.
private func fieldCells(_ field: ReceptiveField) -> [String] {
    guard case let .window(h, w) = field else { return ["all", ""] }
    func pair(_ a: Int, _ b: Int) -> String { a == b ? "\(a)" : "\(a)×\(b)" }
    return [pair(h.size, w.size), pair(h.jump, w.jump)]
}
