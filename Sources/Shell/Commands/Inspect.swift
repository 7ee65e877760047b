import NN
import Tensors

let helpCommand = Command(
    name: "help", usage: "help [COMMAND]", summary: "list the commands, or explain one (also ?, or COMMAND --help)",
    help: "With no argument, lists every command with its one-line summary. With a command name, prints its usage, what it does and the course's formula for that step. '?' is 'help' too, and 'COMMAND --help' or 'COMMAND -h' is 'help COMMAND'.",
    positionals: [.command], recorded: false,
    action: .workspace { _, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 1)
        guard let name = args.optionalPositional(0) else {
            let rows = CommandTable.all.map { [$0.name, $0.summary] }
            out.text(Format.wrap("commands (help COMMAND for usage and formulas):", width: out.columns) + Format.table(rows, indent: "  ", width: out.columns))
            return
        }
        guard let command = CommandTable.command(named: name) else { throw CommandTable.unknown(name) }
        // The forms under one another after "usage: ", or, in a window too narrow for that, below it.
        let forms = command.usage.split(separator: "\n").map(String.init)
        let margin = forms.allSatisfy { $0.split(separator: " ").allSatisfy { $0.count + 11 <= out.columns } } ? "       " : "  "
        if margin.count == 2 { out.line("usage:") }
        for (i, form) in forms.enumerated() {
            for (j, part) in Format.wrap(form, width: out.columns - margin.count, indent: "    ").split(separator: "\n").enumerated() {
                out.line((i == 0 && j == 0 && margin.count == 7 ? "usage: " : margin) + part)
            }
        }
        out.line()
        out.text(Format.wrap(command.summary, width: out.columns, indent: ""))
        out.line()
        // Each paragraph broken at the window's width (a projector's large font makes it narrow);
        // indented lines (formulas laid out by hand) as they are.
        out.text(command.help.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(" ") ? $0 + "\n" : Format.wrap(String($0), width: out.columns, indent: "") }.joined())
    })

let varsCommand = Command(
    name: "vars", usage: "vars", summary: "list the workspace: names, shapes, sizes",
    help: "Lists every tensor in the workspace, then the network's parameters (LAYER.W, LAYER.b), their gradients (LAYER.dW, LAYER.db), the layers' last outputs (LAYER.out) and the gradients that reached their inputs in the last backward (LAYER.dx), each with its shape and size in memory.",
    action: .workspace { ws, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 0)
        let names = ws.names
        guard !names.isEmpty else { out.line(tr("vars.empty")); return }
        var rows = [[tr("tables.vars.name"), tr("tables.vars.shape"), tr("tables.vars.values"), tr("tables.vars.size")]]
        var total = 0
        for name in names {
            if let shape = ws.declaredShape(of: name) {
                rows.append([name, Tensor.describe(shape), Format.grouped(Tensor.checkedProduct(shape) ?? .max), tr("vars.not-allocated")])
                continue
            }
            let t = try ws.value(of: name)
            total += t.byteCount
            rows.append([name, t.shapeDescription, Format.grouped(t.count), Format.bytes(t.byteCount)])
        }
        out.text(Format.table(rows, rightAligned: [2, 3], width: out.columns))
        out.text(Format.wrap(tr("vars.total", names.count, Format.bytes(total)), width: out.columns))
    })

let showCommand = Command(
    name: "show", usage: "show NAME [as=picture|values|stats] [scale=K]", summary: "draw images, filters and feature maps; print small tensors' values",
    help: """
    Draws what reads as pictures: a digit (show x_train[0]), a grid of them with their labels (show x_train[0:16]), every filter of a convolution (show conv1.W, signed values on a blue–black–red scale whose range is printed), the feature maps of one image (show conv1.out[0]). On a terminal with colour, two pixels share a character cell (▀); in scripts, pipes, with NO_COLOR or --plain, the same pictures come as ASCII shading ' .:-=+*#%@' (signed: % = - ' for negative, . + * # for positive).
    scale=K draws every pixel as K×K (K columns wide): by default small tiles are enlarged until their longer side is at least \(TensorPictures.smallestTileSide) (a 5×5 filter at 2), as far as the terminal's width allows; a 28×28 digit stays at 1. A scale at which one tile would be wider than the terminal is refused. Tiles that do not fit side by side go on to the next rows.
    Other tensors print their values when they have at most 256 (matrices as rows, higher ranks one matrix per leading index), else their shape and statistics: min, max, mean and standard deviation. as= chooses.
    """,
    positionals: [.workspaceName], options: ["as": .choice(["picture", "values", "stats"]), "scale": .number],
    action: .workspace { ws, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 1)
        let name = try args.positional(0, tr("show.name.what"))
        let mode = args.string("as")
        guard mode == nil || ["picture", "values", "stats"].contains(mode!) else {
            throw ShellError(tr("show.as.unknown", mode!), expected: tr("show.as.expected"))
        }
        let zoom = try args.int("scale", in: 1...64)
        let t = try ws.value(of: name)
        if mode == nil || mode == "picture", var (picture, note) = TensorPictures.picture(of: t, name: name, workspace: ws, force: mode == "picture") {
            picture.zoom = try zoom.map { (k: Int) throws(ShellError) -> Int in try checkedZoom(k, picture, name: name, columns: out.columns) }
                ?? TensorPictures.automaticZoom(picture, columns: out.columns)
            out.line("\(name): \(t.shapeDescription)" + (picture.zoom > 1 ? tr("show.drawn", picture.zoom) : ""))
            TensorPictures.draw(picture, note: note, out)
            return
        }
        if mode == "picture" { throw ShellError(tr("show.not-picture", name, t.shapeDescription), expected: tr("show.not-picture.expected")) }
        if zoom != nil { throw ShellError(tr("show.scale.numbers", name, t.shapeDescription), hint: "show \(name) as=picture scale=\(zoom!)") }
        out.line("\(name): \(t.shapeDescription)")
        if mode == "values" || (mode == nil && t.count <= 256) {
            guard t.count <= 100_000 else { throw ShellError(tr("show.too-many", name, Format.grouped(t.count)), hint: tr("show.too-many.hint", name)) }
            out.text(Format.values(t))
        } else {
            let s = t.statistics
            out.line(tr("show.statistics", Format.grouped(s.count), Format.fixed(s.min, 4), Format.fixed(s.max, 4), Format.fixed(s.mean, 4), Format.fixed(s.std, 4)))
        }
    })

/// `scale=K` when one tile of `picture` fits the terminal at it; else an error naming the largest that does.
private func checkedZoom(_ k: Int, _ picture: Picture, name: String, columns: Int) throws(ShellError) -> Int {
    let side = picture.tiles.map(\.width).max() ?? 1
    // Each value becomes k×k pixels: a tall tile (30,000×1) at a large scale would be millions of lines.
    let pixels = picture.tiles.reduce(0.0) { $0 + Double($1.width * $1.height) } * Double(k * k)
    if pixels > Double(Picture.mostZoomedPixels) {
        throw ShellError(tr("show.scale.pixels", k, name, Format.abbreviated(Int(pixels)), Format.abbreviated(Picture.mostZoomedPixels)),
                         hint: tr("show.scale.pixels.hint"))
    }
    guard side * k > columns else { return k }
    let fits = columns / side
    throw ShellError(tr("show.scale.wide", k, name, side * k, columns),
                     hint: fits >= 1 ? tr("show.scale.fits", fits) : tr("show.scale.none-fits"))
}

let delCommand = Command(
    name: "del", usage: "del NAME...", summary: "remove tensors from the workspace",
    help: "Removes the named tensors, freeing their memory once nothing else shares it. Layer parameters belong to the network and are not removed this way; 'net new' starts over.",
    positionals: [.workspaceName], repeatsLast: true,
    action: .workspace { ws, args, out throws(ShellError) in
        _ = try args.positional(0, "NAME")
        for name in args.positionals {
            guard ws.tensors[name] != nil else {
                let close = Suggestion.closest(to: name, among: Array(ws.tensors.keys)).map { tr("did-you-mean", $0) }
                throw ShellError(tr("del.missing", name), hint: close ?? tr("del.missing.hint"))
            }
        }
        for name in args.positionals { ws.tensors[name] = nil }
        out.line(tr("del.removed", args.positionals.joined(separator: ", ")))
    })

let tensorCommand = Command(
    name: "tensor", usage: "tensor NAME SHAPE [fill=arange|zeros|ones|randn|rand] [values=v1,v2,...]",
    summary: "make a tensor by hand (the course's small examples)",
    help: """
    Makes a tensor of SHAPE (like 2x1x4x4). fill=arange numbers it 0, 1, 2... in row-major order (the default), zeros and ones fill it, randn draws from N(0, 1) and rand from U[0, 1) with the session's seed; values= gives every value, comma-separated.
    The course's im2col example: tensor x 2x1x4x4, then im2col x 2x2.
    """,
    positionals: [.text, .number], options: ["fill": .choice(["arange", "zeros", "ones", "randn", "rand"]), "values": .text],
    action: .workspace { ws, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 2)
        let name = try args.positional(0, "NAME")
        guard Workspace.isValidName(name) else {
            throw ShellError(tr("invalid-name", name), expected: Workspace.nameRule)
        }
        let shape = try Parse.dimensions(try args.positional(1, tr("tensor.shape.what")), what: tr("tensor.shape"))
        let count = Tensor.checkedProduct(shape) ?? Int.max
        try MemoryGuard.check(Double(count) * 4, for: tr("tensor.memory", Tensor.describe(shape)), hint: tr("tensor.memory.hint"))
        var t: Tensor
        if let text = args.string("values") {
            guard args.string("fill") == nil else { throw ShellError(tr("tensor.fill-and-values")) }
            var values: [Float] = []
            for part in text.split(separator: ",", omittingEmptySubsequences: false) {
                guard let v = Float(part), v.isFinite else { throw ShellError(tr("tensor.value.not-number", part)) }
                values.append(v)
            }
            guard values.count == count else {
                throw ShellError(tr("tensor.values.count", values.count, Tensor.describe(shape), count))
            }
            t = Tensor(shape: shape, scalars: values)
        } else {
            switch args.string("fill") ?? "arange" {
            case "arange": t = Tensor(shape: shape, scalars: (0..<count).map { Float($0) })
            case "zeros": t = Tensor(shape: shape)
            case "ones": t = Tensor(shape: shape, repeating: 1)
            case "randn": t = Tensor.randomNormal(shape: shape, sigma: 1, using: &ws.rng)
            case "rand": t = Tensor.randomUniform(shape: shape, in: 0, 1, using: &ws.rng)
            case let other: throw ShellError(tr("tensor.fill.unknown", other), expected: tr("tensor.fill.expected"))
            }
        }
        if ws.network?.names.contains(name) == true { throw ShellError(tr("tensor.layer-name", name), hint: tr("tensor.layer-name.hint")) }
        ws.tensors[name] = t
        out.line("\(name): \(t.shapeDescription)")
    })
