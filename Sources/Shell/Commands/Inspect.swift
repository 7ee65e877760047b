import NN
import Tensors

let helpCommand = Command(
    name: "help", usage: "help [COMMAND]",
    positionals: [.command], recorded: false,
    action: .workspace { _, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 1)
        guard let name = args.optionalPositional(0) else {
            let rows = CommandTable.all.map { [$0.name, $0.summary] }
            out.text(Format.wrap(tr("help.list"), width: out.columns) + Format.table(rows, indent: "  ", width: out.columns))
            return
        }
        guard let command = CommandTable.command(named: name) else { throw CommandTable.unknown(name) }
        // The forms under one another after "usage: ", or, in a window too narrow for that, below it.
        let label = tr("help.usage")
        let forms = command.usage.split(separator: "\n").map(String.init)
        let beside = forms.allSatisfy { $0.split(separator: " ").allSatisfy { $0.count + label.displayWidth + 5 <= out.columns } }
        let margin = beside ? String(repeating: " ", count: label.displayWidth + 1) : "  "
        if !beside { out.line(label) }
        for (i, form) in forms.enumerated() {
            for (j, part) in Format.wrap(form, width: out.columns - margin.count, indent: "    ").split(separator: "\n").enumerated() {
                out.line((beside && i == 0 && j == 0 ? label + " " : margin) + part)
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
    name: "vars", usage: "vars",
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
    name: "show", usage: "show NAME [as=picture|values|stats] [scale=K]",
    helpArguments: { [String(TensorPictures.smallestTileSide)] },
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
    name: "del", usage: "del NAME...",
    positionals: [.workspaceName], repeatsLast: true,
    action: .workspace { ws, args, out throws(ShellError) in
        _ = try args.positional(0, "NAME")
        for name in args.positionals {
            guard ws.tensors[name] != nil else {
                let close = Suggestion.hint(for: name, among: Array(ws.tensors.keys))
                throw ShellError(tr("workspace.no-tensor", name), hint: close ?? tr("del.missing.hint"))
            }
        }
        for name in args.positionals { ws.tensors[name] = nil }
        out.line(tr("del.removed", args.positionals.joined(separator: ", ")))
    })

let tensorCommand = Command(
    name: "tensor", usage: "tensor NAME SHAPE [fill=arange|zeros|ones|randn|rand] [values=v1,v2,...]",
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
