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
        let beside = forms.allSatisfy { $0.split(separator: " ").allSatisfy { $0.count + label.count + 5 <= out.columns } }
        let margin = beside ? String(repeating: " ", count: label.count + 1) : "  "
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
        guard !names.isEmpty else { out.line("the workspace is empty (try 'load mnist' or 'net lenet')"); return }
        var rows = [["name", "shape", "values", "size"]]
        var total = 0
        for name in names {
            if let shape = ws.declaredShape(of: name) {
                rows.append([name, Tensor.describe(shape), Format.grouped(Tensor.checkedProduct(shape) ?? .max), "not allocated"])
                continue
            }
            let t = try ws.value(of: name)
            total += t.byteCount
            rows.append([name, t.shapeDescription, Format.grouped(t.count), Format.bytes(t.byteCount)])
        }
        out.text(Format.table(rows, rightAligned: [2, 3], width: out.columns))
        out.text(Format.wrap("\(names.count) names, \(Format.bytes(total)) (views share memory with what they view)", width: out.columns))
    })

let showCommand = Command(
    name: "show", usage: "show NAME [as=picture|values|stats] [scale=K]",
    helpArguments: { [String(TensorPictures.smallestTileSide)] },
    positionals: [.workspaceName], options: ["as": .choice(["picture", "values", "stats"]), "scale": .number],
    action: .workspace { ws, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 1)
        let name = try args.positional(0, "NAME (try 'vars' for the names)")
        let mode = args.string("as")
        guard mode == nil || ["picture", "values", "stats"].contains(mode!) else {
            throw ShellError("as=\(mode!) is not a way to show", expected: "as=picture, as=values or as=stats")
        }
        let zoom = try args.int("scale", in: 1...64)
        let t = try ws.value(of: name)
        if mode == nil || mode == "picture", var (picture, note) = TensorPictures.picture(of: t, name: name, workspace: ws, force: mode == "picture") {
            picture.zoom = try zoom.map { (k: Int) throws(ShellError) -> Int in try checkedZoom(k, picture, name: name, columns: out.columns) }
                ?? TensorPictures.automaticZoom(picture, columns: out.columns)
            out.line("\(name): \(t.shapeDescription)" + (picture.zoom > 1 ? ", drawn \(picture.zoom)×" : ""))
            TensorPictures.draw(picture, note: note, out)
            return
        }
        if mode == "picture" { throw ShellError("\(name) (\(t.shapeDescription)) is not a picture", expected: "images N×C×H×W or C×H×W") }
        if zoom != nil { throw ShellError("scale= draws pictures, and \(name) (\(t.shapeDescription)) prints as numbers", hint: "show \(name) as=picture scale=\(zoom!)") }
        out.line("\(name): \(t.shapeDescription)")
        if mode == "values" || (mode == nil && t.count <= 256) {
            guard t.count <= 100_000 else { throw ShellError("\(name) has \(Format.grouped(t.count)) values, too many to print", hint: "show a slice, like \(name)[0]") }
            out.text(Format.values(t))
        } else {
            let s = t.statistics
            out.line("  \(Format.grouped(s.count)) values  min \(Format.fixed(s.min, 4))  max \(Format.fixed(s.max, 4))  mean \(Format.fixed(s.mean, 4))  std \(Format.fixed(s.std, 4))")
        }
    })

/// `scale=K` when one tile of `picture` fits the terminal at it; else an error naming the largest that does.
private func checkedZoom(_ k: Int, _ picture: Picture, name: String, columns: Int) throws(ShellError) -> Int {
    let side = picture.tiles.map(\.width).max() ?? 1
    // Each value becomes k×k pixels: a tall tile (30,000×1) at a large scale would be millions of lines.
    let pixels = picture.tiles.reduce(0.0) { $0 + Double($1.width * $1.height) } * Double(k * k)
    if pixels > Double(Picture.mostZoomedPixels) {
        throw ShellError("scale=\(k) draws \(name) as \(Format.abbreviated(Int(pixels))) pixels, more than a terminal can show (\(Format.abbreviated(Picture.mostZoomedPixels)))",
                         hint: "a smaller scale=, or show a slice")
    }
    guard side * k > columns else { return k }
    let fits = columns / side
    throw ShellError("scale=\(k) draws each tile of \(name) \(side * k) columns wide, and the terminal has \(columns)",
                     hint: fits >= 1 ? "scale=\(fits) is the largest that fits" : "even scale=1 is too wide; widen the terminal or show a slice")
}

let delCommand = Command(
    name: "del", usage: "del NAME...",
    positionals: [.workspaceName], repeatsLast: true,
    action: .workspace { ws, args, out throws(ShellError) in
        _ = try args.positional(0, "NAME")
        for name in args.positionals {
            guard ws.tensors[name] != nil else {
                let close = Suggestion.closest(to: name, among: Array(ws.tensors.keys)).map { "did you mean '\($0)'?" }
                throw ShellError("no tensor named '\(name)'", hint: close ?? "'vars' lists the names")
            }
        }
        for name in args.positionals { ws.tensors[name] = nil }
        out.line("removed \(args.positionals.joined(separator: ", "))")
    })

let tensorCommand = Command(
    name: "tensor", usage: "tensor NAME SHAPE [fill=arange|zeros|ones|randn|rand] [values=v1,v2,...]",
    positionals: [.text, .number], options: ["fill": .choice(["arange", "zeros", "ones", "randn", "rand"]), "values": .text],
    action: .workspace { ws, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 2)
        let name = try args.positional(0, "NAME")
        guard Workspace.isValidName(name) else {
            throw ShellError("'\(name)' is not a valid name", expected: Workspace.nameRule)
        }
        let shape = try Parse.dimensions(try args.positional(1, "SHAPE, like 2x1x4x4"), what: "shape")
        let count = Tensor.checkedProduct(shape) ?? Int.max
        try MemoryGuard.check(Double(count) * 4, for: "a \(Tensor.describe(shape)) tensor", hint: "make a smaller one")
        var t: Tensor
        if let text = args.string("values") {
            guard args.string("fill") == nil else { throw ShellError("give fill= or values=, not both") }
            var values: [Float] = []
            for part in text.split(separator: ",", omittingEmptySubsequences: false) {
                guard let v = Float(part), v.isFinite else { throw ShellError("'\(part)' in values= is not a finite number") }
                values.append(v)
            }
            guard values.count == count else {
                throw ShellError("values= has \(values.count) numbers but \(Tensor.describe(shape)) holds \(count)")
            }
            t = Tensor(shape: shape, scalars: values)
        } else {
            switch args.string("fill") ?? "arange" {
            case "arange": t = Tensor(shape: shape, scalars: (0..<count).map { Float($0) })
            case "zeros": t = Tensor(shape: shape)
            case "ones": t = Tensor(shape: shape, repeating: 1)
            case "randn": t = Tensor.randomNormal(shape: shape, sigma: 1, using: &ws.rng)
            case "rand": t = Tensor.randomUniform(shape: shape, in: 0, 1, using: &ws.rng)
            case let other: throw ShellError("unknown fill '\(other)'", expected: "arange, zeros, ones, randn or rand")
            }
        }
        if ws.network?.names.contains(name) == true { throw ShellError("'\(name)' is a layer's name", hint: "choose another name") }
        ws.tensors[name] = t
        out.line("\(name): \(t.shapeDescription)")
    })
