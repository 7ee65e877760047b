import Datasets
import Foundation
import NN
import Tensors

/// `save NAME FILE.npy` and `save weights FILE.npz`, called from `save`.
func saveNumPy(_ ws: Workspace, _ args: Arguments, out: Output) throws(ShellError) {
    try args.expectPositionals(atMost: 2)
    try args.expectOptions([])
    let what = try args.positional(0, tr("save.npy.what"))
    let given = try args.positional(1, what == "weights" ? "FILE.npz" : "FILE.npy")
    let path = what == "weights" ? given : try npyPath(given)
    if what == "weights" {
        let blueprint = try ShellError.in("save weights", ws.requireNetwork)
        let values = Network.saturatingSum(blueprint.layers.map { $0.parameterCount + $0.bufferCount })
        guard values > 0 else { throw ShellError(tr("save.weights.none"), hint: tr("save.weights.none.hint"), in: "save weights") }
        // The .npy bytes of each entry, the archive, and its copy handed to the writer, with the weights still to draw.
        let needed = Double(values) * 4 * 3 + blueprint.pendingWeightBytes
        try ShellError.in("save weights") { () throws(ShellError) in
            try MemoryGuard.check(needed, for: tr("save.weights.memory", Format.grouped(values)), hint: MemoryGuard.raiseHint(needed))
        }
        let net = try ShellError.in("save weights") { () throws(ShellError) in try blueprint.withWeights() }
        let entries = net.layers.indices.flatMap { i in (net.layers[i].parameters + net.layers[i].buffers).map { ("\(net.names[i]).\($0.name)", $0.value) } }
        let bytes: [UInt8]
        do { bytes = try NumPy.npz(entries) } catch { throw ShellError("\(error)", hint: tr("save.weights.too-large.hint"), in: "save weights") }
        try ShellError.in("save weights") { () throws(ShellError) in try writeAtomically(Data(bytes), to: path) }
        out.line(tr("save.weights.saved", entries.count, Format.grouped(entries.reduce(0) { $0 + $1.1.count }), path, entries.map(\.0).joined(separator: ", ")))
    } else {
        let t = try ws.value(of: what)
        try MemoryGuard.check(Double(t.byteCount) * 2, for: tr("save.npy.memory", what), hint: tr("save.npy.memory.hint", what))
        try writeAtomically(Data(NumPy.npy(t)), to: path)
        out.line(tr("save.npy.saved", what, t.shapeDescription, path))
    }
}

/// numpy.save's rule: a file name without `.npy` gets it (`x` → `x.npy`). A name another command
/// writes is refused, so that `save a mine.cnn` cannot overwrite a script with array bytes.
private func npyPath(_ path: String) throws(ShellError) -> String {
    let last = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
    guard !last.isEmpty, last != ".", last != ".." else { return path }  // the writer says it names a directory
    let ext = last.lastIndex(of: ".").map { last[last.index(after: $0)...].lowercased() } ?? ""
    let right: String? = switch ext {
    case "npy": nil
    case "cnn": "save session \(path)"
    case "md", "ipynb": "save notebook \(path)"
    case "npz": "save weights \(path)"
    case "png": "save png NAME \(path)"
    default: ""
    }
    guard let right else { return path }
    guard right.isEmpty else {
        throw ShellError(tr("save.npy.not-npy", path), hint: tr("save.npy.not-npy.hint", right))
    }
    return path + ".npy"
}

/// `load npy FILE as NAME` and `load weights FILE.npz`, called from `load`.
func loadNumPy(_ ws: inout Workspace, _ args: Arguments, out: Output) throws(ShellError) {
    try args.expectOptions([])
    let what = args.positionals[0]
    if what == "npy" {
        try args.expectPositionals(atMost: 4)
        let path = try args.positional(1, "FILE.npy")
        guard args.optionalPositional(2) == "as", let name = args.optionalPositional(3) else {
            throw ShellError(tr("load.npy.as.missing"), hint: tr("args.usage", "load npy FILE as NAME"), in: "load npy")
        }
        guard Workspace.isValidName(name) else { throw ShellError(tr("invalid-name", name), expected: Workspace.nameRule, in: "load npy") }
        let t = try ShellError.in("load npy") { () throws(ShellError) in
            let bytes = try readFile(path)
            return try reading(path, bytes, as: "npy") { () throws(NumPyError) in try NumPy.tensor(npy: bytes, maxBytes: MemoryGuard.limit) }
        }
        guard !t.shape.contains(0) else {
            throw ShellError(tr("load.npy.empty", path, t.shapeDescription), expected: tr("load.npy.empty.expected"), in: "load npy")
        }
        ws.tensors[name] = t
        out.line(tr("load.npy.loaded", name, t.shapeDescription, path))
        return
    }
    try args.expectPositionals(atMost: 2)
    let path = try args.positional(1, "FILE.npz")
    var net = try ShellError.in("load weights", ws.requireNetwork)
    // The file's values replace the ones a blueprint would draw: only their gradients are allocated here.
    try ShellError.in("load weights") { () throws(ShellError) in try Network.checkWeights(net.pendingWeightBytes, of: tr("load.weights.memory")) }
    let entries = try ShellError.in("load weights") { () throws(ShellError) in
        let bytes = try readFile(path)
        return try reading(path, bytes, as: "npz") { () throws(NumPyError) in try NumPy.entries(npz: bytes, maxBytes: MemoryGuard.limit) }
    }
    let file = Dictionary(entries.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
    var wanted: [(String, [Int])] = []
    for i in net.layers.indices {
        for p in net.layers[i].parameters + net.layers[i].buffers { wanted.append(("\(net.names[i]).\(p.name)", p.shape)) }
    }
    var differences: [String] = []
    for (key, shape) in wanted {
        guard let t = file[key] else { differences.append(tr("load.weights.missing", key, Tensor.describe(shape))); continue }
        if t.shape != shape { differences.append(tr("load.weights.other-shape", key, Tensor.describe(t.shape), Tensor.describe(shape))) }
    }
    let known = Set(wanted.map(\.0))
    for e in entries where !known.contains(e.name) { differences.append(tr("load.weights.extra", e.name)) }
    guard differences.isEmpty else {
        throw ShellError(tr("load.weights.misfit", path, differences.joined(separator: tr("load.weights.misfit.separator"))),
                         hint: tr("load.weights.misfit.hint"), in: "load weights")
    }
    for i in net.layers.indices {
        let name = net.names[i]
        for p in net.layers[i].parameters + net.layers[i].buffers { net.updateParameter(p.name, ofLayer: i) { $0 = file["\(name).\(p.name)"]! } }
    }
    net.allocate()  // what the file does not hold: a layer's own random state (dropout's masks)
    ws.network = net
    ws.forgetForward()
    out.line(tr("load.weights.loaded", wanted.count, path))
}
