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
            out.line(tr("net.new", Tensor.describe(input)))
            return
        }
        guard let blueprint = Blueprint.all.first(where: { $0.name == what }) else {
            let names = ["new"] + Blueprint.all.map(\.name)
            let close = Suggestion.hint(for: what, among: names)
            throw ShellError(tr("net.unknown", what), expected: names.joined(separator: ", "), hint: close)
        }
        let classes = try args.int("classes", default: blueprint.classes, in: 2...1_000_000)!
        // The digit networks follow the data loaded; the ImageNet ones keep the size they were designed for.
        input = given ?? (blueprint.input == [1, 28, 28] ? input : blueprint.input)
        var rng = ws.rng
        do throws(ShapeError) { ws.network = try blueprint.network(inputShape: input, classes: classes, using: &rng) } catch {
            // The layer's own advice (a smaller kernel...) is left out: it is not the learner's to take in a preset.
            throw ShellError(tr("net.does-not-fit", Tensor.describe(input), what, Tensor.describe(blueprint.input), shapeProblem(error)),
                             hint: blueprint.smallestSquareInput(like: input).map { tr("net.smallest-input", "input=\($0.map(String.init).joined(separator: "x"))") },
                             in: "net \(what)")
        }
        ws.rng = rng
        let isLeNet = what == Blueprint.lenet.name
        if isLeNet {
            ws.freshOptimizer = try! Adam(learningRate: Network.leNetRecipe.learningRate)
            ws.schedule = Network.leNetRecipe.schedule
        }
        ws.layersChanged()
        out.text(Format.wrap("\(what): \(origin(of: blueprint))", width: out.columns))
        out.text(try shapesTable(ws.network!, width: out.columns))
        if isLeNet {
            out.text(Format.wrap("optimizer \(ws.describe(ws.freshOptimizer))", width: out.columns))
            out.text(Format.wrap("  " + tr("net.lenet-recipe"), width: out.columns, indent: "   "))
        }
    })

/// Why a layer cannot take its input, in the current language: `conv1 (conv2d 2@5×5) cannot take
/// input of shape 1×4×4: expected a window 5×5 that fits: ...`. NN words it in English; its
/// `reason` lets the catalogue word it (a window's own reason for not fitting stays NN's).
private func shapeProblem(_ error: ShapeError) -> String {
    let expected = switch error.reason {
    case .vector(let values, _)?: tr("add.expected.vector", values)
    case .image?: tr("add.expected.image")
    case .sequence?: tr("add.expected.sequence")
    case .window(let window, let why)?: tr("add.expected.window", window, words(why))
    case .channels(let filters, _)?: tr("add.expected.channels", filters)
    case .classScores?: tr("eval.not-classes.expected")
    case nil: error.expected
    }
    return tr("add.cannot-take", error.layer, Tensor.describe(error.input), expected)
}

/// What to do about `reason`, as NN's English hint says it; nil where NN gives none.
private func shapeHint(_ reason: ShapeError.Reason) -> String? {
    switch reason {
    case .vector(_, let flat): flat ? tr("add.hint.flatten") : nil
    case .image(let kind, let rank): rank == 1 ? tr("add.hint.before-flatten", kind) : rank == 2 ? tr("add.hint.sequence") : nil
    case .sequence(let kind, let rank): rank == 3 ? tr("add.hint.image", kind) : rank == 1 ? tr("add.hint.before-flatten", kind) : nil
    case .window: tr("outsize.smaller-kernel")
    case .channels(_, let given): tr("add.hint.channels", given)
    case .classScores: tr("add.hint.flatten-fc")
    }
}

/// Where a preset comes from and how this version differs from it: words, so the catalogue's
/// (`net.origin.NAME`), not NN's; every preset has one (a test checks).
func origin(of blueprint: Blueprint) -> String { tr("net.origin.\(blueprint.name)") }

/// One line per preset for `help net`: its name, input, and where it comes from.
private var presetHelp: String {
    Blueprint.all.map { tr("command.net.preset", $0.name, Tensor.describe($0.input), origin(of: $0)) }.joined(separator: "\n")
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
        let kind = try args.positional(0, tr("add.kind.what", layerKinds.joined(separator: ", ")))
        let previous = network.outputShape
        let recipe = try layerRecipe(kind, args)
        let layer = recipe.layer(for: previous)
        guard layer.parameters.allSatisfy({ $0.count != nil }) else {
            throw ShellError(tr("add.too-many-parameters"), hint: tr("add.too-many-parameters.hint"))
        }
        let name = args.string("name")
        if let name {
            guard Workspace.isValidName(name) else { throw ShellError(tr("names.invalid", "name=\(name)"), expected: Workspace.nameRule) }
            guard ws.tensors[name] == nil else { throw ShellError(tr("add.tensor-name", "name=\(name)")) }
        }
        var rng = ws.rng
        do throws(ShapeError) { try network.append(layer, name: name, seed: rng.next()) } catch {
            throw ShellError(shapeProblem(error), hint: error.reason.map(shapeHint) ?? error.hint)
        }
        guard Set(network.names).count == network.names.count else {
            throw ShellError(tr("add.layer-exists", network.names.last!), hint: tr("add.layer-exists.hint"))
        }
        ws.network = network
        ws.rng = rng
        ws.layersChanged()
        let i = network.layers.count - 1
        let count = layer.parameterCount
        let added = "\(network.names[i]): \(layer.summary) → \(Tensor.describe(network.shapes[i]))"
        out.line(count > 0 ? tr("add.added.parameters", added, Format.grouped(count)) : added)
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
    var rows = [[tr("tables.shapes.layer"), tr("tables.shapes.type"), tr("tables.shapes.output"), tr("tables.shapes.parameters")],
                [tr("tables.shapes.input"), "", Tensor.describe(net.inputShape), ""]]
    for (i, layer) in net.layers.enumerated() {
        let count = layer.parameterCount
        rows.append([net.names[i], layer.summary, Tensor.describe(net.shapes[i]),
                     count > 0 ? "\(layer.parameterArithmetic) = \(Format.grouped(count))" : "0"])
    }
    var text = Format.table(rows, rightAligned: [3], width: width)
    let total = net.parameterCount
    let short = total < 1000 ? "" : "\(Format.abbreviated(total)), "
    text += Format.wrap(tr("shapes.total", Format.grouped(total), short + bytes(Double(total)), net.layers.count), width: width)
    let memory = forwardValuesPerSample(net)
    text += Format.wrap(tr("shapes.memory", bytes(memory.outputs), bytes(memory.total)), width: width)
    let pending = net.unallocated.parameters
    if pending > 0 {
        let weights = pending == total ? tr("shapes.weights") : tr("shapes.weights.of", Format.grouped(pending))
        text += Format.wrap(tr("shapes.not-drawn", weights, bytes(net.pendingWeightBytes / 4)), width: width)
    }
    guard !net.layers.isEmpty else { return text }
    let sequence = net.inputShape.count == 2
    var reach = [[tr("tables.shapes.layer"), tr("tables.shapes.rf"), tr("tables.shapes.jump"), tr("tables.shapes.memory"), tr("tables.shapes.multiply-adds")],
                 [tr("tables.shapes.input")] + fieldCells(.pixel, sequence: sequence) + [activationBytes(net.inputShape), ""]]
    for (i, field) in net.receptiveFields.enumerated() {
        let factors = net.multiplyAddFactors(ofLayer: i)
        let count = net.multiplyAdds(ofLayer: i).map(Format.grouped) ?? tr("shapes.over-2-63")
        reach.append([net.names[i]] + fieldCells(field, sequence: sequence) + [activationBytes(net.shapes[i]),
                      factors.isEmpty ? "0" : "\(factors.map(String.init).joined(separator: "·")) = \(count)"])
    }
    text += "\n" + Format.table(reach, rightAligned: [1, 2, 3, 4], width: width)
    text += Format.wrap(tr("shapes.multiply-adds", net.multiplyAdds.map { $0 < 1000 ? Format.grouped($0) : "\(Format.grouped($0)) (\(Format.abbreviated($0)))" } ?? tr("shapes.over-2-63")), width: width)
    return text
}

/// `values` float32 values in readable bytes.
private func bytes(_ values: Double) -> String {
    values * 4 < 9e18 ? Format.bytes(Int(values * 4)) : tr("shapes.over-9-eb")
}

/// Bytes of float32 one sample of `shape` takes.
private func activationBytes(_ shape: [Int]) -> String {
    bytes(shape.reduce(1.0) { $0 * Double($1) })
}

/// The rf and jump cells: `5`, `2` (or `5×3`, `2×1` when the axes differ); `all` after fc or softmax.
/// A network over sequences C×L (a one-row image to its 1-D layers) has only the width's.
private func fieldCells(_ field: ReceptiveField, sequence: Bool) -> [String] {
    guard case let .window(h, w) = field else { return [tr("tables.shapes.all"), ""] }
    if sequence { return ["\(w.size)", "\(w.jump)"] }
    func pair(_ a: Int, _ b: Int) -> String { a == b ? "\(a)" : "\(a)×\(b)" }
    return [pair(h.size, w.size), pair(h.jump, w.jump)]
}
