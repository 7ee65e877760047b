import Datasets
import Foundation
import NN
import Tensors

/// What `help load` says of `load npz` and `load csv`.
let ownDataHelp = """
    load npz reads every array of an .npz (numpy.savez or numpy.savez_compressed) as a float32 tensor named by its key, shapes as they are; in a key that is no valid name each other character becomes _ (conv1.W → conv1_W), and a leading digit gets a _ before it. as=PREFIX goes before every name (as=my_ → my_x_train). x=KEY and y=KEY read only those arrays, as samples and labels for train and accuracy: samples N×H×W become N×1×H×W, channels-last N×H×W×C (C of 1, 3 or 4, as Keras stores CIFAR) become N×C×H×W, N×C×H×W and N×F stay; uint8 samples are scaled to [0, 1] (value/255) as load mnist's pixels are, other dtypes kept. Labels are one per sample: class indices (N or N×1, whole numbers from 0 to \(Format.grouped(Samples.maxLabel))) or N×K one-hot rows. Keras's mnist.npz: 'load npz mnist.npz x=x_train y=y_train', then x=x_test y=y_test.
    load csv reads one sample a row, every field a number, into x_SET and y_SET (as=SET; train by default, so x_train and y_train). The first line is a header when any of its fields is not a number. label=COLUMN is the label column by header name or by number from 1 (by default the column headed label, if any; label=none for none, which removes an old y_SET); labels must be whole numbers from 0 to \(Format.grouped(Samples.maxLabel)). shape=CxHxW makes each row's other fields a C×H×W image (their count must be its product), else a row is F features. Fields are split at commas and may be quoted; blank lines are skipped. A ragged row, a field that is not a number, a label out of range or a shape that does not fit is refused as FILE:LINE:COLUMN: problem.
    """

/// `load npz FILE [x=KEY] [y=KEY] [as=PREFIX]`, called from `load`.
func loadNPZ(_ ws: inout Workspace, _ args: Arguments, out: Output) throws(ShellError) {
    try args.expectPositionals(atMost: 2)
    try args.expectOptions(["x", "y", "as"])
    let path = try args.positional(1, "FILE.npz")
    let bytes = try readFile(path)
    let keys = try reading(path, bytes, as: "npz") { () throws(NumPyError) in try NumPy.keys(npz: bytes) }
    if keys.contains("manifest.json") { throw ShellError("\(path) is a saved cnnsh workspace", hint: "load workspace \(path) resumes it") }
    let picked = [("x", args.string("x")), ("y", args.string("y"))].compactMap { option, key in key.map { (option: option, key: $0) } }
    for (option, key) in picked where !keys.contains(key) {
        throw ShellError("\(option)=\(key): \(path) has no array \(key)", expected: "one of its keys: " + keys.joined(separator: ", "))
    }
    if picked.count == 2, picked[0].key == picked[1].key { throw ShellError("x= and y= both name \(picked[0].key)", expected: "the samples' key and the labels' key") }
    let arrays = try reading(path, bytes, as: "npz") { () throws(NumPyError) in
        try NumPy.arrays(npz: bytes, keys: picked.isEmpty ? nil : Set(picked.map(\.key)), maxBytes: MemoryGuard.limit)
    }
    let prefix = args.string("as") ?? ""
    let bytesRead = arrays.reduce(0) { $0 + $1.tensor.byteCount }
    var loaded: [(name: String, key: String, tensor: Tensor, note: String)] = []
    for array in arrays {
        let name = prefix + tensorName(forKey: array.key)
        guard Workspace.isValidName(name) else {
            throw ShellError("key \(array.key) would be the tensor \(name), which is not a valid name", expected: Workspace.nameRule,
                             hint: "choose another as=PREFIX, or pick arrays with x=KEY y=KEY")
        }
        if let other = loaded.first(where: { $0.name == name }) {
            throw ShellError("keys \(other.key) and \(array.key) would both be the tensor \(name)", hint: "pick arrays with x=KEY y=KEY")
        }
        let type = NumPy.typeName(array.dtype), key = array.key == name ? "" : ", key \(array.key)"
        if array.key == args.string("x") {
            loaded.append((name, array.key, try samples(array, bytesRead: bytesRead), "samples: \(type) \(array.tensor.shapeDescription)\(key)"))
        } else if array.key == args.string("y") {
            loaded.append((name, array.key, try labels(array), "labels: \(type)\(key)"))
        } else {
            loaded.append((name, array.key, array.tensor, type + key))
        }
    }
    if let x = loaded.first(where: { $0.key == args.string("x") }), let y = loaded.first(where: { $0.key == args.string("y") }), x.tensor.shape[0] != y.tensor.shape[0] {
        throw ShellError("x=\(x.key) holds \(Format.grouped(x.tensor.shape[0])) samples and y=\(y.key) \(Format.grouped(y.tensor.shape[0])) labels", expected: "one label per sample")
    }
    for t in loaded { ws.tensors[t.name] = t.tensor }
    out.line("loaded \(loaded.count) array\(loaded.count == 1 ? "" : "s") from \(path)")
    out.text(Format.table(loaded.map { [$0.name, $0.tensor.shapeDescription, $0.note] }, indent: "  ", width: out.columns))
    // Read as they are, Keras's x_train and y_train are no input for train yet: say how they would be.
    if picked.isEmpty, let x = keys.first(where: { $0.hasPrefix("x") && keys.contains(labelName(for: $0)) }) {
        out.text(Format.wrap("as samples and labels for train and accuracy: load npz \(path) x=\(x) y=\(labelName(for: x))", width: out.columns))
    }
}

/// A tensor name for an .npz key: other characters than ASCII letters, digits and _ become _, and
/// a leading digit (or nothing) gets a _ before it, so `conv1.W` is `conv1_W`.
private func tensorName(forKey key: String) -> String {
    let name = String(key.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") ? $0 : "_" })
    return name.first.map { $0.isLetter || $0 == "_" } ?? false ? name : "_" + name
}

/// The x= array as samples (see `Samples.samples`); a channels-last one needs a second copy.
private func samples(_ array: NumPyArray, bytesRead: Int) throws(ShellError) -> Tensor {
    guard let layout = Samples.Layout(array.tensor.shape) else {
        throw ShellError("x=\(array.key) is \(array.tensor.shapeDescription)", expected: "samples N×F, N×H×W, N×C×H×W or N×H×W×C")
    }
    if layout == .channelsLast {
        try MemoryGuard.check(Double(bytesRead + array.tensor.byteCount), for: "moving \(array.key)'s channels first",
                              hint: MemoryGuard.raiseHint(Double(bytesRead + array.tensor.byteCount), otherwise: "save fewer samples"))
    }
    return Samples.samples(array)!
}

/// The y= array as N class indices (N or N×1) or N×K one-hot rows.
private func labels(_ array: NumPyArray) throws(ShellError) -> Tensor {
    let y = array.tensor
    if y.rank == 2, y.shape[1] > 1 {
        if let row = SoftmaxCrossEntropy.firstRowNotOneHot(y) {
            throw ShellError("y=\(array.key): row \(row) is not one-hot", expected: "N×\(y.shape[1]) rows of 0s with a single 1, or N class indices")
        }
        return y
    }
    guard y.rank == 1 || y.rank == 2 else {
        throw ShellError("y=\(array.key) is \(y.shapeDescription)", expected: "labels N or N×1 (class indices), or N×K (one-hot rows)")
    }
    let indices = (try? y.reshaped([y.shape[0]])) ?? y
    if let i = Samples.firstInvalidLabel(indices) {
        throw ShellError("y=\(array.key): label \(Format.significant(Double(indices[i]), 6)) at index \(i) is not a class", expected: "whole numbers from 0 to \(Format.grouped(Samples.maxLabel))")
    }
    return indices
}

/// `load csv FILE [label=COLUMN|none] [shape=CxHxW] [as=SET]`, called from `load`.
func loadCSV(_ ws: inout Workspace, _ args: Arguments, out: Output) throws(ShellError) {
    try args.expectPositionals(atMost: 2)
    try args.expectOptions(["label", "shape", "as"])
    let path = try args.positional(1, "FILE.csv")
    let set = args.string("as") ?? "train"
    let (xName, yName) = ("x_" + set, "y_" + set)
    guard Workspace.isValidName(yName) else { throw ShellError("as=\(set) would name x_\(set) and y_\(set)", expected: Workspace.nameRule) }
    let label: CSVLabelColumn = switch args.string("label") {
    case nil: .automatic
    case "none": .none
    case let column?: .named(column)
    }
    let shape = try args.string("shape").map { (text) throws(ShellError) in try Parse.dimensions(text, what: "shape=") }
    let bytes = try readFile(path)
    if let hint = otherForm(of: bytes, path: path, than: "csv") { throw ShellError("\(path) is not text", expected: "comma-separated numbers", hint: hint) }
    let read: CSVSamples
    do { read = try CSV.samples(csv: bytes, label: label, shape: shape, maxBytes: MemoryGuard.limit) } catch {
        throw ShellError("\(path):\(error.line == nil ? " " : "")\(error)")
    }
    let dropped = read.labels == nil && ws.tensors[yName] != nil
    ws.tensors[xName] = read.features
    ws.tensors[yName] = read.labels  // an old one would not be these samples' labels
    let n = read.features.shape[0]
    let column = read.labelColumn.map { c in read.header.map { "'\($0[c - 1])'" } ?? "\(c)" }
    out.text(Format.wrap("loaded \(path): \(Format.grouped(n)) sample\(n == 1 ? "" : "s") of \(Tensor.describe(Array(read.features.shape.dropFirst())))"
             + (read.labels.map { " with labels 0...\(Int($0.statistics.max)) from column \(column!)" } ?? ", no label column" + (dropped ? " (\(yName) removed)" : "")), width: out.columns))
    var rows = [[xName, read.features.shapeDescription]]
    if let labels = read.labels { rows.append([yName, labels.shapeDescription]) }
    out.text(Format.table(rows, indent: "  ", width: out.columns))
}

/// Runs a reader on `path`'s bytes, its error made a `ShellError` naming the file, with a hint
/// when the bytes are another `load` form's file.
func reading<T, E: Error>(_ path: String, _ bytes: [UInt8], as form: String, _ read: () throws(E) -> T) throws(ShellError) -> T {
    do { return try read() } catch { throw ShellError("\(path): \(error)", hint: otherForm(of: bytes, path: path, than: form)) }
}

/// Where to load `bytes` if not with `load FORM`: a hint naming the form whose files start as they
/// do (.npy's magic, a ZIP's, text), nil when that is `form` or nothing is recognised.
func otherForm(of bytes: [UInt8], path: String, than form: String) -> String? {
    let kind: String? = if bytes.starts(with: [0x93] + Array("NUMPY".utf8)) { "npy" }
        else if bytes.starts(with: Array("PK".utf8) + [3, 4]) || bytes.starts(with: Array("PK".utf8) + [5, 6]) { "npz" }
        else if !bytes.prefix(4096).contains(where: { $0 < 9 || (14..<32).contains($0) }) { "csv" } else { nil }
    guard let kind, kind != form else { return nil }
    return switch kind {
    case "npy": "it is a .npy array: load npy \(path) as NAME"
    case "npz": "it is an .npz archive: 'load npz \(path)' reads its arrays ('load weights' a network's saved weights, 'load workspace' a saved workspace)"
    default: "it is text: load csv \(path) reads comma-separated samples"
    }
}
