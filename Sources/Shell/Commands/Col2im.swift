import Tensors

let col2imCommand = Command(
    name: "col2im", usage: "col2im TENSOR CxHxW KxK [stride=S] [pad=P|same] [as=NAME]",
    helpArguments: { [Parse.windowOptionsHelp] },
    positionals: [.workspaceName, .number, .number], options: ["stride": .number, "pad": Parse.padKind, "as": .text],
    action: .workspace { ws, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 3)
        let name = try args.positional(0, "TENSOR")
        let cols = try ws.value(of: name)
        let image = try Parse.dimensions(try args.positional(1, tr("col2im.image.what")), what: tr("col2im.image"))
        guard image.count == 3 else {
            throw ShellError(tr("parse.sides", tr("col2im.image"), args.positionals[1], image.count), expected: tr("col2im.image.expected"))
        }
        let (c, h, w) = (image[0], image[1], image[2])
        let layout = try ColumnLayout(args, windowAt: 2, height: h, width: w, defaultName: "image")
        let target = layout.target
        guard target != "counts" else { throw ShellError(tr("col2im.as-counts"), hint: tr("files.write.another-name")) }
        let patch = c * layout.patch
        guard cols.rank == 2, cols.shape[1] == patch, cols.shape[0] > 0, cols.shape[0] % layout.positions == 0 else {
            throw ShellError(tr("col2im.mismatch", name, cols.shapeDescription, Tensor.describe(image), layout.window.summary,
                                "(N·OH·OW)×(C·KH·KW) = \(layout.arithmetic(images: "N", channels: c)) = (N·\(layout.positions))×\(patch)"),
                             expected: tr("col2im.mismatch.expected", "(N·\(layout.positions))×\(patch)"),
                             hint: tr("col2im.mismatch.hint"))
        }
        let n = cols.shape[0] / layout.positions
        try MemoryGuard.check(Double(n) * Double(c * h * w) * 4, for: tr("col2im.images", n, Tensor.describe(image)),
                              hint: tr("col2im.fewer-rows", "\(name)[0:\(layout.positions)]"))
        let images = try! cols.col2im(layout.window, channels: c, height: h, width: w)
        let counts = try! Tensor.windowCounts(layout.window, height: h, width: w)
        out.line("\(target) = col2im(\(name)): \(layout.arithmetic(images: "\(n)", channels: c)) = \(cols.shapeDescription) → N×C×H×W = \(images.shapeDescription)")
        if let (picture, note) = TensorPictures.picture(of: images, name: target, workspace: ws) {
            // Digit-sized images read as pictures; their values would not fit a line.
            TensorPictures.draw(picture, note: note, out)
        } else {
            printValuesOrStatistics(images, show: "\(target)[0]", what: tr("col2im.first-image"), out)
        }
        out.line(tr("col2im.counts"))
        printValuesOrStatistics(counts, show: "counts as=values", what: tr("col2im.them-all"), out)
        out.line(tr("col2im.adds-up", "\(target) = x ⊙ counts", "\(name) = im2col(x)"))
        ws.tensors[target] = images
        ws.tensors["counts"] = counts
    })

/// What `im2col` and `col2im` share: the window `KxK [stride=S] [pad=P|same]` fitted to H×W images, and
/// the name the result is kept as (`as=NAME`).
struct ColumnLayout {
    let window: Window
    let height: AxisFit
    let width: AxisFit
    let target: String

    /// The window from positional `index` and the options, fitted to H×W; throws if it does not fit.
    init(_ args: Arguments, windowAt index: Int, height h: Int, width w: Int, defaultName: String) throws(ShellError) {
        let (kh, kw) = try Parse.kernel(try args.positional(index, tr("col2im.window.what")), what: tr("col2im.window"))
        window = try Parse.window(kernel: (kh, kw), args)
        target = args.string("as") ?? defaultName
        guard Workspace.isValidName(target) else { throw ShellError(tr("names.invalid", "as=\(target)"), expected: Workspace.nameRule) }
        do { (height, width) = try window.fit(height: h, width: w) } catch {
            throw ShellError(words(error), hint: tr("col2im.smaller-window"))
        }
    }

    /// OH·OW: the matrix's rows per image.
    var positions: Int { height.size * width.size }
    /// KH·KW: the matrix's columns per channel.
    var patch: Int { window.kernelHeight * window.kernelWidth }

    /// `(2·3·3)×(1·2·2)`: (N·OH·OW)×(C·KH·KW) with the numbers, N written as given.
    func arithmetic(images n: String, channels c: Int) -> String {
        "(\(n)·\(height.size)·\(width.size))×(\(c)·\(window.kernelHeight)·\(window.kernelWidth))"
    }
}

/// A result's values when there are at most 1,024 of them, else their range and mean with the
/// `show` command that prints `what`.
func printValuesOrStatistics(_ t: Tensor, show: String, what: String, _ out: Output) {
    if t.count <= 1024 {
        out.text(Format.values(t))
    } else {
        let s = t.statistics
        out.line(tr("col2im.statistics", Format.fixed(s.min, 4), Format.fixed(s.max, 4), Format.fixed(s.mean, 4), "show \(show)", what))
    }
}
