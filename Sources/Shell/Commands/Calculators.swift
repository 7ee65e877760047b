import NN
import Tensors

let outsizeCommand = Command(
    name: "outsize", usage: "outsize INPUT KERNEL [stride=S] [pad=P|same] [filters=M]",
    helpArguments: { [Parse.windowOptionsHelp] },
    positionals: [.number, .number], options: ["stride": .number, "pad": Parse.padKind, "filters": .number],
    action: .workspace { _, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 2)
        let input = try Parse.dimensions(try args.positional(0, tr("outsize.input.what")), what: tr("outsize.input"))
        let kernel = try Parse.dimensions(try args.positional(1, tr("outsize.kernel.what")), what: tr("outsize.kernel"))
        guard input.count <= 3 else { throw ShellError(tr("parse.sides", tr("outsize.input"), args.positionals[0], input.count), expected: Format.choiceList(["N", "HxW", "HxWxC"])) }
        guard kernel.count <= 3 else { throw ShellError(tr("parse.sides", tr("outsize.kernel"), args.positionals[1], kernel.count), expected: Format.choiceList(["F", "FxF", "FxFxM"])) }
        let (h, w) = (input[0], input.count > 1 ? input[1] : input[0])
        let channels = input.count == 3 ? input[2] : nil
        let (kh, kw) = (kernel[0], kernel.count > 1 ? kernel[1] : kernel[0])
        var filters = kernel.count == 3 ? kernel[2] : nil
        if let m = try args.int("filters", in: 1...1_000_000) {
            if let filters, filters != m { throw ShellError(tr("outsize.filters-differ", filters, "filters=\(m)")) }
            filters = m
        }
        let window = try Parse.window(kernel: (kh, kw), args, limit: 1_000_000)
        var sides: [AxisFit] = []
        for (n, a, axis) in [(h, window.height, tr("outsize.height")), (w, window.width, tr("outsize.width"))] {
            do throws(WindowError) { sides.append(try a.fit(n)) } catch {
                throw ShellError("\(axis): \(words(error))", hint: tr("outsize.smaller-kernel"))
            }
        }
        out.line(tr("outsize.height.line", floored(sides[0])))
        out.line(tr("outsize.width.line", floored(sides[1])))
        if let warning = unevenStrideWarning(height: sides[0], width: sides[1]) { out.line(warning) }
        let seen = receptiveFieldLine(height: sides[0].axis, width: sides[1].axis)
        guard let filters else {
            let size = "\(sides[0].size)×\(sides[1].size)"
            out.line(channels.map { tr("outsize.output.per-channel", size, $0) } ?? tr("outsize.output", size))
            out.line(seen)
            return
        }
        let c = channels ?? 1
        guard let volume = Tensor.checkedProduct([sides[0].size, sides[1].size, filters]),
              let weights = Tensor.checkedProduct([kh, kw, c, filters]), weights < Int.max - filters else {
            throw ShellError(tr("outsize.too-large"), expected: tr("outsize.too-large.expected"))
        }
        out.line(tr("outsize.volume", "\(sides[0].size)×\(sides[1].size)×\(filters)", Format.grouped(volume)))
        let parameters = tr("outsize.parameters", "(\(kh)·\(kw)·\(c) + 1)·\(filters) = \(Format.grouped(weights + filters))", Format.grouped(weights), filters)
        out.line(channels == nil ? tr("outsize.parameters.one-channel", parameters) : parameters)
        out.line(seen)
    })

/// Why no window fits, in the current language (Tensors says it in English for its own tests).
func words(_ error: WindowError) -> String {
    switch error {
    case let .nonPositive(what, value):
        tr("window.non-positive", Catalogue.entries(Catalogue.language)["window.\(what.replacingOccurrences(of: " ", with: "-"))"] ?? what, value)
    case let .negativePadding(p): tr("window.negative-padding", p)
    case let .kernelTooLarge(kernel, padded): tr("window.too-large", kernel, padded)
    }
}

/// `(28 + 2·1 − 3)/2 + 1 = 14 (floored: 27/2 is not whole)`: the axis's arithmetic, saying when the
/// division was floored.
func floored(_ side: AxisFit) -> String {
    side.formula + (side.dividesEvenly ? "" : tr("outsize.floored", side.span, side.axis.stride))
}

/// The warning `outsize` and `add` print when the floored output size leaves the last rows or
/// columns of the input itself uncovered (the stride does not divide N + 2P − F by more than the
/// padding P at the end: padding left over drops no value), wrapped to 80 columns; nil when no
/// input value is dropped. Written once, for both.
func unevenStrideWarning(height: AxisFit, width: AxisFit) -> String? {
    let uneven = [(height, "outsize.rows"), (width, "outsize.columns")].filter { $0.0.uncoveredInput > 0 }
    guard let first = uneven.first?.0 else { return nil }
    func division(_ side: AxisFit) -> String { "\(side.input) + 2·\(side.axis.padding) − \(side.axis.kernel) = \(side.span)" }
    /// `1 row and column` when both axes say n, else `2 rows and 1 column` (Japanese `1 行と 1 列`).
    func count(_ n: (AxisFit) -> Int) -> String {
        if uneven.count == 2 && n(height) == n(width) { return tr(plural: "outsize.rows-and-columns", n(first), n(first)) }
        return uneven.map { tr(plural: $0.1, n($0.0), n($0.0)) }.joined(separator: tr("outsize.and"))
    }
    let strides = Set(uneven.map { $0.0.axis.stride }).count == 1 ? tr("outsize.stride", first.axis.stride) : tr("outsize.strides", "\(height.axis.stride)×\(width.axis.stride)")
    let divisions = Set(uneven.map { division($0.0) }).count == 1 ? division(first) : uneven.map { division($0.0) }.joined(separator: tr("outsize.nor"))
    let singular = uneven.count == 1 && first.uncoveredInput == 1
    var text = tr(plural: "outsize.uneven", singular ? 1 : 2, strides, divisions, count(\.uncoveredInput))
    if uneven.contains(where: { $0.0.axis.padding > 0 }) { text += tr("outsize.uneven.padding", count(\.axis.padding)) }
    return String(Format.wrap(text).dropLast())
}

/// `receptive field: 5×5, jump 1 (r = 1 + (5 − 1)·1 = 5, j = 1·1 = 1)`: what one output value of a
/// single window sees of its input, by the recurrence `shapes` folds through a whole network.
func receptiveFieldLine(height: Window.Axis, width: Window.Axis) -> String {
    let pixel = ReceptiveField.Axis(size: 1, jump: 1)
    let (h, w) = (pixel.through(height), pixel.through(width))
    let jumps = h.jump == w.jump ? "\(h.jump)" : "\(h.jump)×\(w.jump)"
    let (byHeight, byWidth) = (pixel.arithmetic(through: height), pixel.arithmetic(through: width))
    let arithmetic = byHeight == byWidth ? byHeight : tr("outsize.field.per-axis", byHeight, byWidth)
    return tr("outsize.field", "\(h.size)×\(w.size)", jumps, arithmetic)
}

let im2colCommand = Command(
    name: "im2col", usage: "im2col TENSOR KxK [stride=S] [pad=P|same] [as=NAME]",
    helpArguments: { [Parse.windowOptionsHelp] },
    positionals: [.workspaceName, .number], options: ["stride": .number, "pad": Parse.padKind, "as": .text],
    action: .workspace { ws, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 2)
        let name = try args.positional(0, "TENSOR")
        var x = try ws.value(of: name)
        if x.rank == 3 { x = try! x.reshaped([1] + x.shape) }
        guard x.rank == 4 else { throw ShellError(tr("im2col.shape", name, x.shapeDescription), expected: tr("im2col.shape.expected")) }
        let layout = try ColumnLayout(args, windowAt: 1, height: x.shape[2], width: x.shape[3], defaultName: "cols")
        let (n, c, target) = (x.shape[0], x.shape[1], layout.target)
        let rows = n * layout.positions
        try MemoryGuard.check(Double(rows) * Double(c * layout.patch) * 4, for: tr("im2col.matrix", "\(Format.grouped(rows))×\(c * layout.patch)"),
                              hint: tr("im2col.slice.hint", "\(name)[0:100]"))
        let cols = try! x.im2col(layout.window)
        out.line("\(target) = im2col(\(name)): (N·OH·OW)×(C·KH·KW) = \(layout.arithmetic(images: "\(n)", channels: c)) = \(cols.shapeDescription)")
        printValuesOrStatistics(cols, show: "\(target)[0:8]", what: tr("im2col.rows"), out)
        ws.tensors[target] = cols
    })
