import NN
import Tensors

let netCommand = Command(
    name: "net", usage: "net new [input=CxHxW]\nnet PRESET [input=CxHxW] [classes=N]\nnet",
    helpArguments: { [presetHelp] },
    positionals: [.choice(["new"] + Blueprint.all.map(\.name))], options: ["input": .number, "classes": .number],
    action: .workspace { ws, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 1)
        guard let what = args.optionalPositional(0) else {
            out.text(try shapesTable(try ws.requireNetwork(), width: out.columns))
            return
        }
        var input = ws.tensors["x_train"].map { Array($0.shape.dropFirst()) } ?? [1, 28, 28]
        if input.isEmpty { input = [1] }
        let given = try args.string("input").map { text throws(ShellError) in try Parse.dimensions(text, what: "input=") }
        guard what != "new" else {
            try args.expectOptions(["input"])
            input = given ?? input
            ws.network = Network(inputShape: input)
            ws.layersChanged()
            out.line("new network for input \(Tensor.describe(input)); add layers with 'add'")
            return
        }
        guard let blueprint = Blueprint.all.first(where: { $0.name == what }) else {
            let names = ["new"] + Blueprint.all.map(\.name)
            let close = Suggestion.closest(to: what, among: names).map { "did you mean '\($0)'?" }
            throw ShellError("unknown network '\(what)'", expected: names.joined(separator: ", "), hint: close)
        }
        let classes = try args.int("classes", default: blueprint.classes, in: 2...1_000_000)!
        // The digit networks follow the data loaded; the ImageNet ones keep the size they were designed for.
        input = given ?? (blueprint.input == [1, 28, 28] ? input : blueprint.input)
        var rng = ws.rng
        do throws(ShapeError) { ws.network = try blueprint.network(inputShape: input, classes: classes, using: &rng) } catch {
            var why = error
            why.hint = nil  // a layer's own advice (a smaller kernel...) is not the learner's to take in a preset
            throw ShellError("input \(Tensor.describe(input)) does not fit \(what), designed for \(Tensor.describe(blueprint.input)): \(why)", hint: blueprint.smallestSquareInput(like: input).map { "the smallest square input it takes is input=\($0.map(String.init).joined(separator: "x"))" },
                             in: "net \(what)")
        }
        ws.rng = rng
        let isLeNet = what == Blueprint.lenet.name
        if isLeNet {
            ws.freshOptimizer = try! Adam(learningRate: Network.leNetRecipe.learningRate)
            ws.schedule = Network.leNetRecipe.schedule
        }
        ws.layersChanged()
        out.text(Format.wrap("\(what): \(blueprint.origin)", width: out.columns))
        out.text(try shapesTable(ws.network!, width: out.columns))
        if isLeNet {
            out.text(Format.wrap("optimizer \(ws.describe(ws.freshOptimizer))", width: out.columns))
            out.text(Format.wrap("  (LeNet's training recipe; 'optimizer' chooses another)", width: out.columns, indent: "   "))
        }
    })

/// One line per preset for `help net`: its name, input, and where it comes from.
private var presetHelp: String {
    Blueprint.all.map { tr("command.net.preset", $0.name, Tensor.describe($0.input), $0.origin) }.joined(separator: "\n")
}

let addCommand = Command(
    name: "add",
    usage: """
    add conv2d FILTERS KxK [stride=S] [pad=P|same] [init=gauss:0.01|xavier|he]
    add maxpool|avgpool KxK [stride=S] [pad=P|same]
    add conv1d FILTERS K [stride=S] [pad=P|same] [init=...]
    add maxpool1d K [stride=S] [pad=P|same]
    add fc N [init=...]
    add flatten|relu|tanh|sigmoid|softmax
    add dropout P
    add batchnorm [momentum=M] [eps=E]
    add leakyrelu [SLOPE]
    """,
    helpArguments: { [Parse.windowOptionsHelp] },
    forms: [("conv2d", [.number, .number]), ("maxpool", [.number]), ("avgpool", [.number]), ("conv1d", [.number, .number]),
            ("maxpool1d", [.number]), ("fc", [.number])]
        + ["flatten", "relu", "tanh", "sigmoid", "softmax", "batchnorm"].map { ($0, []) } + [("dropout", [.number]), ("leakyrelu", [.number])],
    options: ["stride": .number, "pad": Parse.padKind, "init": .choice(["he", "xavier", "gauss:0.01"]), "name": .text, "momentum": .number, "eps": .number],
    action: .workspace { ws, args, out throws(ShellError) in
        var network = try ws.requireNetwork()
        let kind = try args.positional(0, "the kind of layer (\(layerKinds.joined(separator: ", ")))")
        let previous = network.outputShape
        let recipe = try layerRecipe(kind, args)
        let layer = recipe.layer(for: previous)
        guard layer.parameters.allSatisfy({ $0.count != nil }) else {
            throw ShellError("the layer would have more than 2⁶³ parameters", hint: "use fewer filters or a pooling layer first")
        }
        let name = args.string("name")
        if let name {
            guard Workspace.isValidName(name) else { throw ShellError("name=\(name) is not a valid name", expected: Workspace.nameRule) }
            guard ws.tensors[name] == nil else { throw ShellError("name=\(name) is already a tensor's name") }
        }
        var rng = ws.rng
        do { try network.append(layer, name: name, seed: rng.next()) } catch {
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
        // A sequence C×L is a one-row image C×1×L to the 1-D layers' 1×K window.
        if let window = recipe.window, let fit = try? window.fit(height: previous.count == 2 ? 1 : previous[1], width: previous.last!),
           let warning = unevenStrideWarning(height: fit.height, width: fit.width) {
            out.line(warning)
        }
    })

let shapesCommand = Command(
    name: "shapes", usage: "shapes",
    action: .workspace { ws, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 0)
        out.text(try shapesTable(try ws.requireNetwork(), width: out.columns))
    })

/// The `shapes` tables: what each layer makes and holds, then what it sees and costs. Works from the
/// blueprint alone: nothing here needs the weights.
func shapesTable(_ net: Network, width: Int = 80) throws(ShellError) -> String {
    var rows = [["layer", "type", "output", "parameters"], ["input", "", Tensor.describe(net.inputShape), ""]]
    for (i, layer) in net.layers.enumerated() {
        let count = layer.parameterCount
        rows.append([net.names[i], layer.summary, Tensor.describe(net.shapes[i]),
                     count > 0 ? "\(layer.parameterArithmetic) = \(Format.grouped(count))" : "0"])
    }
    var text = Format.table(rows, rightAligned: [3], width: width)
    let total = net.parameterCount
    let short = total < 1000 ? "" : "\(Format.abbreviated(total)), "
    text += Format.wrap("total: \(Format.grouped(total)) parameters (\(short)\(bytes(Double(total))) as float32) in \(net.layers.count) layers", width: width)
    let memory = forwardValuesPerSample(net)
    text += Format.wrap("memory per sample: \(bytes(memory.outputs)) of layer outputs (below), \(bytes(memory.total)) in a forward with the input" + (memory.scratch > 0 ? " and the im2col columns" : ""), width: width)
    let pending = net.unallocated.parameters
    if pending > 0 {
        let which = pending == total ? "" : " of \(Format.grouped(pending)) parameters"
        text += Format.wrap("weights\(which): not drawn yet (\(bytes(net.pendingWeightBytes / 4)) with their gradients and Adam's state); the first command that runs the network draws them", width: width)
    }
    guard !net.layers.isEmpty else { return text }
    let sequence = net.inputShape.count == 2
    var reach = [["layer", "rf", "jump", "memory", "multiply-adds per sample"], ["input"] + fieldCells(.pixel, sequence: sequence) + [activationBytes(net.inputShape), ""]]
    for (i, field) in net.receptiveFields.enumerated() {
        let factors = net.multiplyAddFactors(ofLayer: i)
        let count = net.multiplyAdds(ofLayer: i).map(Format.grouped) ?? "more than 2⁶³"
        reach.append([net.names[i]] + fieldCells(field, sequence: sequence) + [activationBytes(net.shapes[i]),
                      factors.isEmpty ? "0" : "\(factors.map(String.init).joined(separator: "·")) = \(count)"])
    }
    text += "\n" + Format.table(reach, rightAligned: [1, 2, 3, 4], width: width)
    text += Format.wrap("total: \(net.multiplyAdds.map { $0 < 1000 ? Format.grouped($0) : "\(Format.grouped($0)) (\(Format.abbreviated($0)))" } ?? "more than 2⁶³") multiply-adds per sample", width: width)
    return text
}

/// `values` float32 values in readable bytes.
private func bytes(_ values: Double) -> String {
    values * 4 < 9e18 ? Format.bytes(Int(values * 4)) : "more than 9 EB"
}

/// Bytes of float32 one sample of `shape` takes.
private func activationBytes(_ shape: [Int]) -> String {
    bytes(shape.reduce(1.0) { $0 * Double($1) })
}

/// The rf and jump cells: `5`, `2` (or `5×3`, `2×1` when the axes differ); `all` after fc or softmax.
/// A network over sequences C×L (a one-row image to its 1-D layers) has only the width's.
private func fieldCells(_ field: ReceptiveField, sequence: Bool) -> [String] {
    guard case let .window(h, w) = field else { return ["all", ""] }
    if sequence { return ["\(w.size)", "\(w.jump)"] }
    func pair(_ a: Int, _ b: Int) -> String { a == b ? "\(a)" : "\(a)×\(b)" }
    return [pair(h.size, w.size), pair(h.jump, w.jump)]
}
