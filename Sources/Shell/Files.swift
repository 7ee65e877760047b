import Foundation

/// A file's bytes, refusing what cannot be read with the reason: missing, a directory, larger than
/// the memory limit, unreadable, or empty (unless `allowEmpty`: an empty script is a valid one).
/// Errors here name no command; the one reading the file is added by the shell, or by its caller.
func readFile(_ path: String, allowEmpty: Bool = false) throws(ShellError) -> [UInt8] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw ShellError("cannot read \(path): no such file")
    }
    guard !isDirectory.boolValue else { throw ShellError("cannot read \(path): it is a directory") }
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    guard size <= MemoryGuard.limit else {
        throw ShellError("\(path) is \(Format.bytes(size))", expected: "at most the memory limit, \(Format.bytes(MemoryGuard.limit))", hint: "raise it with 'limit memory=...'")
    }
    guard let data = FileManager.default.contents(atPath: path) else { throw ShellError("cannot read \(path): permission denied") }
    guard allowEmpty || !data.isEmpty else { throw ShellError("\(path) is empty") }
    return [UInt8](data)
}

/// A script's text, refusing what cannot be a script before running any of it.
func readScript(_ path: String) throws(ShellError) -> String {
    guard let text = String(validating: try readFile(path, allowEmpty: true), as: UTF8.self) else {
        throw ShellError("\(path) is not UTF-8 text", expected: "a script of cnnsh commands")
    }
    return text
}

/// Writes under a temporary name in the same directory, then renames: an old file stays whole
/// when the write fails.
func writeAtomically(_ data: Data, to path: String) throws(ShellError) {
    do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
        let directory = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        let directoryExists = FileManager.default.fileExists(atPath: directory.isEmpty ? "." : directory, isDirectory: &isDirectory) && isDirectory.boolValue
        let reason = switch (error as? CocoaError)?.code {
        case .fileWriteOutOfSpace?: "the disk is full"
        case .fileWriteVolumeReadOnly?: "the disk is read-only"
        case .fileWriteNoPermission?: "permission denied"
        case .fileNoSuchFile?: directoryExists ? "no file can be made there" : "no such directory"
        default: (error as NSError).localizedDescription
        }
        throw ShellError("cannot write \(path): \(reason); any old file there is unchanged",
                         hint: "save somewhere else, or check that \(directory.isEmpty ? "this directory" : directory) exists, is writable and has room")
    }
}
