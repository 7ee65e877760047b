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
    if keySet.contains(WorkspaceManifest.entryName) { throw ShellError(tr("load.npz.workspace", path), hint: tr("load.npz.workspace.hint", path)) }
    let picked = [("x", args.string("x")), ("y", args.string("y"))].compactMap { option, key in key.map { (option: option, key: $0) } }
    for (option, key) in picked where !keySet.contains(key) {
        throw ShellError(tr("load.npz.no-key", option, key, path), expected: tr("load.npz.no-key.expected", FileText.listed(keys, noun: tr("load.npz.keys"))))
    }
    if picked.count == 2, picked[0].key == picked[1].key { throw ShellError(tr("load.npz.same-key", picked[0].key), expected: tr("load.npz.same-key.expected")) }
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
            throw ShellError(tr("load.npz.invalid-name", FileText.shown(key), FileText.shown(name)), expected: Workspace.nameRule,
                             hint: tr("load.npz.invalid-name.hint"))
        }
        if let other = keyOfName.updateValue(key, forKey: name) {
            throw ShellError(tr("load.npz.same-name", FileText.shown(other), FileText.shown(key), name), hint: tr("load.npz.same-name.hint"))
        }
        let type = NumPy.typeName(dtype), from = key == name ? "" : tr("load.npz.from-key", FileText.shown(key))
        if key == args.string("x") {
            if Samples.Layout.isAmbiguous(arrays[i].tensor.shape) { hints.append(ambiguityHint(key: FileText.shown(key), shape: arrays[i].tensor.shape)) }
            loaded.append((name, key, try samples(&arrays[i], bytesRead: bytesRead), tr("load.npz.samples", type, shape, from)))
        } else if key == args.string("y") {
            loaded.append((name, key, try labels(arrays[i]), tr("load.npz.labels", type, from)))
        } else {
            loaded.append((name, key, arrays[i].tensor, type + from))
        }
    }
    if let x = loaded.first(where: { $0.key == args.string("x") }), let y = loaded.first(where: { $0.key == args.string("y") }), x.tensor.shape[0] != y.tensor.shape[0] {
        throw ShellError(tr("load.npz.counts", x.key, Format.grouped(x.tensor.shape[0]), y.key, Format.grouped(y.tensor.shape[0])), expected: tr("load.npz.counts.expected"))
    }
    for t in loaded { ws.tensors[t.name] = t.tensor }
    out.line(tr(plural: "load.npz.loaded", loaded.count, Format.grouped(loaded.count), path))
    out.text(Format.table(loaded.map { [$0.name, $0.tensor.shapeDescription, $0.note] }, indent: "  ", width: out.columns))
    for hint in hints { out.text(Format.wrap(hint, width: out.columns)) }
    // Read as they are, Keras's x_train and y_train are no input for train yet: say how they would be.
    if picked.isEmpty, let x = keys.first(where: { $0.hasPrefix("x") && keySet.contains(labelName(for: $0)) }) {
        out.text(Format.wrap(tr("load.npz.suggest", "load npz \(path) x=\(x) y=\(labelName(for: x))"), width: out.columns))
    }
}

/// What the output says of x= samples N×A×B×C that `Samples.Layout` reads as channels first
/// though C too could be their channels.
private func ambiguityHint(key: String, shape: [Int]) -> String {
    tr("load.npz.ambiguous", key, Tensor.describe(shape), tr(plural: "load.npz.channels", shape[1], shape[1]), shape[2], shape[3], shape[1], tr(plural: "load.npz.channels", shape[3], shape[3]))
}

/// The x= array as samples (see `Samples.samples`); a channels-last one needs a second copy.
private func samples(_ array: inout NumPyArray, bytesRead: Int) throws(ShellError) -> Tensor {
    let unreadable = ShellError(tr("load.npz.shape", "x", array.key, array.tensor.shapeDescription), expected: tr("load.npz.samples.expected"))
    guard let layout = Samples.Layout(array.tensor.shape) else { throw unreadable }
    // As load csv refuses such a field: training on them would stop at the first batch, blaming the learning rate.
    if let i = Samples.firstNonFinite(array.tensor) {
        let perSample = array.tensor.count / max(array.tensor.shape[0], 1)
        throw ShellError(tr("load.npz.non-finite", array.key, i / perSample, array.tensor[flat: i], i % perSample), expected: tr("load.npz.non-finite.expected"),
                         hint: tr("load.npz.non-finite.hint"))
    }
    if layout == .channelsLast {
        let needed = Double(bytesRead + array.tensor.byteCount)
        try MemoryGuard.check(needed, for: tr("load.npz.transpose.memory", array.key), hint: MemoryGuard.raiseHint(needed, otherwise: tr("load.npz.transpose.memory.hint")))
    }
    guard let samples = Samples.samples(from: &array) else { throw unreadable }
    return samples
}

/// The y= array as N class indices (N or N×1) or N×K one-hot rows.
private func labels(_ array: NumPyArray) throws(ShellError) -> Tensor {
    let y = array.tensor
    if y.rank == 2, y.shape[1] > 1 {
        if let row = SoftmaxCrossEntropy.firstRowNotOneHot(y) {
            throw ShellError(tr("load.npz.not-one-hot", array.key, row), expected: tr("load.npz.not-one-hot.expected", y.shape[1]))
        }
        return y
    }
    guard y.rank == 1 || y.rank == 2 else {
        throw ShellError(tr("load.npz.shape", "y", array.key, y.shapeDescription), expected: tr("load.npz.labels.expected"))
    }
    let indices = (try? y.reshaped([y.shape[0]])) ?? y
    if let i = Samples.firstInvalidLabel(indices) {
        throw ShellError(tr("load.npz.bad-label", array.key, Format.significant(Double(indices[i]), 6), i), expected: tr("load.npz.bad-label.expected", Format.grouped(Samples.maxLabel)))
    }
    return indices
}
