import Datasets
import Foundation
import NN
import Tensors

/// `load npz FILE [x=KEY] [y=KEY] [as=PREFIX]`, called from `load`.
func loadNPZ(_ ws: inout Workspace, _ args: Arguments, out: Output) throws(ShellError) {
    try args.expectPositionals(atMost: 2)
    try args.expectOptions(["x", "y", "as"])
    let path = try args.positional(1, "FILE.npz")
    let bytes = try readFile(path)
    let keys = try reading(path, bytes, as: "npz") { () throws(NumPyError) in try NumPy.keys(npz: bytes) }
    let keySet = Set(keys)  // an .npz may hold 65,535 keys: each looked up in a set, not in the list
    if keySet.contains(WorkspaceManifest.entryName) { throw ShellError("\(path) is a saved cnnsh workspace", hint: "load workspace \(path) resumes it") }
    let picked = [("x", args.string("x")), ("y", args.string("y"))].compactMap { option, key in key.map { (option: option, key: $0) } }
    for (option, key) in picked where !keySet.contains(key) {
        throw ShellError("\(option)=\(key): \(path) has no array \(key)", expected: "one of its keys: " + FileText.listed(keys, noun: "keys"))
    }
    if picked.count == 2, picked[0].key == picked[1].key { throw ShellError("x= and y= both name \(picked[0].key)", expected: "the samples' key and the labels' key") }
    var arrays = try reading(path, bytes, as: "npz") { () throws(NumPyError) in
        try NumPy.arrays(npz: bytes, keys: picked.isEmpty ? nil : Set(picked.map(\.key)), maxBytes: MemoryGuard.limit)
    }
    let prefix = args.string("as") ?? ""
    let bytesRead = arrays.reduce(0) { $0 + $1.tensor.byteCount }
    var loaded: [(name: String, key: String, tensor: Tensor, note: String)] = []
    var keyOfName: [String: String] = [:]
    var hints: [String] = []
    for i in arrays.indices {
        // By key, dtype and shape, not a copy of the array: x='s uint8 values are scaled where they lie.
        let (key, dtype, shape) = (arrays[i].key, arrays[i].dtype, arrays[i].tensor.shapeDescription)
        let name = prefix + Workspace.name(from: key)
        guard Workspace.isValidName(name) else {
            throw ShellError("key \(FileText.shown(key)) would be the tensor \(FileText.shown(name)), which is not a valid name", expected: Workspace.nameRule,
                             hint: "choose another as=PREFIX, or pick arrays with x=KEY y=KEY")
        }
        if let other = keyOfName.updateValue(key, forKey: name) {
            throw ShellError("keys \(FileText.shown(other)) and \(FileText.shown(key)) would both be the tensor \(name)", hint: "pick arrays with x=KEY y=KEY")
        }
        let type = NumPy.typeName(dtype), from = key == name ? "" : ", key \(FileText.shown(key))"
        if key == args.string("x") {
            if Samples.Layout.isAmbiguous(arrays[i].tensor.shape) { hints.append(ambiguityHint(key: FileText.shown(key), shape: arrays[i].tensor.shape)) }
            loaded.append((name, key, try samples(&arrays[i], bytesRead: bytesRead), "samples: \(type) \(shape)\(from)"))
        } else if key == args.string("y") {
            loaded.append((name, key, try labels(arrays[i]), "labels: \(type)\(from)"))
        } else {
            loaded.append((name, key, arrays[i].tensor, type + from))
        }
    }
    if let x = loaded.first(where: { $0.key == args.string("x") }), let y = loaded.first(where: { $0.key == args.string("y") }), x.tensor.shape[0] != y.tensor.shape[0] {
        throw ShellError("x=\(x.key) holds \(Format.grouped(x.tensor.shape[0])) samples and y=\(y.key) \(Format.grouped(y.tensor.shape[0])) labels", expected: "one label per sample")
    }
    for t in loaded { ws.tensors[t.name] = t.tensor }
    out.line("loaded \(Format.grouped(loaded.count)) array\(loaded.count == 1 ? "" : "s") from \(path)")
    out.text(Format.table(loaded.map { [$0.name, $0.tensor.shapeDescription, $0.note] }, indent: "  ", width: out.columns))
    for hint in hints { out.text(Format.wrap(hint, width: out.columns)) }
    // Read as they are, Keras's x_train and y_train are no input for train yet: say how they would be.
    if picked.isEmpty, let x = keys.first(where: { $0.hasPrefix("x") && keySet.contains(labelName(for: $0)) }) {
        out.text(Format.wrap("as samples and labels for train and accuracy: load npz \(path) x=\(x) y=\(labelName(for: x))", width: out.columns))
    }
}

/// What the output says of x= samples N×A×B×C that `Samples.Layout` reads as channels first
/// though C too could be their channels.
private func ambiguityHint(key: String, shape: [Int]) -> String {
    "x=\(key) \(Tensor.describe(shape)) is read as channels first, \(shape[1]) channel\(shape[1] == 1 ? "" : "s") of \(shape[2])×\(shape[3]), because axis 1 is \(shape[1]) long; if they are \(shape[1])×\(shape[2]) images of \(shape[3]) channel\(shape[3] == 1 ? "" : "s"), save x.transpose(0, 3, 1, 2) instead"
}

/// The x= array as samples (see `Samples.samples`); a channels-last one needs a second copy.
private func samples(_ array: inout NumPyArray, bytesRead: Int) throws(ShellError) -> Tensor {
    let unreadable = ShellError("x=\(array.key) is \(array.tensor.shapeDescription)", expected: "samples N×F, N×H×W, N×C×H×W or N×H×W×C")
    guard let layout = Samples.Layout(array.tensor.shape) else { throw unreadable }
    // As load csv refuses such a field: training on them would stop at the first batch, blaming the learning rate.
    if let i = Samples.firstNonFinite(array.tensor) {
        let perSample = array.tensor.count / max(array.tensor.shape[0], 1)
        throw ShellError("x=\(array.key): sample \(i / perSample) holds \(array.tensor[flat: i]) at value \(i % perSample)", expected: "finite numbers",
                         hint: "a float64 beyond ±3.4e38 becomes infinite as float32; clean or rescale the samples first")
    }
    if layout == .channelsLast {
        let needed = Double(bytesRead + array.tensor.byteCount)
        try MemoryGuard.check(needed, for: "moving \(array.key)'s channels first", hint: MemoryGuard.raiseHint(needed, otherwise: "save fewer samples"))
    }
    guard let samples = Samples.samples(from: &array) else { throw unreadable }
    return samples
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
