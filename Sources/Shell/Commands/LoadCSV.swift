import Datasets
import Tensors

/// `load csv FILE [label=COLUMN|none] [shape=CxHxW] [as=SET]`, called from `load`.
func loadCSV(_ ws: inout Workspace, _ args: Arguments, out: Output) throws(ShellError) {
    try args.expectPositionals(atMost: 2)
    try args.expectOptions(["label", "shape", "as"])
    let path = try args.positional(1, "FILE.csv")
    let set = args.string("as") ?? "train"
    let (xName, yName) = ("x_" + set, "y_" + set)
    guard Workspace.isValidName(yName) else { throw ShellError(tr("load.csv.as.invalid", set), expected: Workspace.nameRule) }
    let label: CSVLabelColumn = switch args.string("label") {
    case nil: .automatic
    case "none": .none
    case let column?: .named(column)
    }
    let shape = try args.string("shape").map { (text) throws(ShellError) in try Parse.dimensions(text, what: "shape=") }
    let bytes = try readFile(path)
    if let hint = otherForm(of: bytes, path: path, than: "csv") { throw ShellError(tr("load.csv.not-text", path), expected: tr("load.csv.not-text.expected"), hint: hint) }
    let read: CSVSamples
    do { read = try CSV.samples(csv: bytes, label: label, shape: shape, maxBytes: MemoryGuard.limit) } catch {
        throw ShellError("\(path):\(error.line == nil ? " " : "")\(error)")
    }
    let dropped = read.labels == nil && ws.tensors[yName] != nil
    ws.tensors[xName] = read.features
    ws.tensors[yName] = read.labels  // an old one would not be these samples' labels
    let n = read.features.shape[0]
    let column = read.labelColumn.map { c in read.header.map { "'\(FileText.shown($0[c - 1]))'" } ?? "\(c)" }
    out.text(Format.wrap(tr(plural: "load.csv.loaded", n, path, Format.grouped(n), Tensor.describe(Array(read.features.shape.dropFirst())))
             + (read.labels.map { tr("load.csv.labels", Int($0.statistics.max), column!) } ?? tr("load.csv.no-labels") + (dropped ? tr("load.csv.removed", yName) : "")), width: out.columns))
    if let header = read.header { out.text(Format.wrap(tr("load.csv.header", FileText.listed(header)), width: out.columns, indent: "    ")) }
    var rows = [[xName, read.features.shapeDescription]]
    if let labels = read.labels { rows.append([yName, labels.shapeDescription]) }
    out.text(Format.table(rows, indent: "  ", width: out.columns))
}
