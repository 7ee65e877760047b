// Which `load` form reads a file, for errors that point at the right one when another was typed.

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
    case "npy": tr("files.form.npy", path)
    case "npz": tr("files.form.npz", path)
    default: tr("files.form.csv", path)
    }
}
