import Datasets
import Tensors

/// What `help load` says of `load csv`.
let csvHelp = """
    load csv reads one sample a row, every field a number, into x_SET and y_SET (as=SET; train by default, so x_train and y_train). The first line is a header when none of its fields is empty or starts like a number (3x, -.5, nan), else it is the first row; the output names a header it found. label=COLUMN is the label column by header name (the same to the letter, else in any case) or by number from 1 (by default the column headed label, if any; label=none for none, which removes an old y_SET); labels must be whole numbers from 0 to \(Format.grouped(Samples.maxLabel)). shape=CxHxW makes each row's other fields a C×H×W image (their count must be its product), else a row is F features. Fields are split at commas; a field in double quotes may hold commas and "" for a quote, on one line (RFC 4180 within a line); blanks around fields and blank lines are skipped. A ragged row, a field that is not a number, a quote left open, a label out of range or a shape that does not fit is refused as FILE:LINE:COLUMN: problem, the column counted in fields; a line with more fields than the header, or a header whose names would pass the memory limit, is refused before anything is built.
    """

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
