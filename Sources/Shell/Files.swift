import CPublish
import Foundation

/// A file's bytes, refusing what cannot be read with the reason: missing, a directory, larger than
/// the memory limit, unreadable, or empty (unless `allowEmpty`: an empty script is a valid one).
/// Errors here name no command; the one reading the file is added by the shell, or by its caller.
func readFile(_ path: String, allowEmpty: Bool = false) throws(ShellError) -> [UInt8] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw ShellError(tr("files.read.missing", path))
    }
    guard !isDirectory.boolValue else { throw ShellError(tr("files.read.directory", path)) }
    var info = stat()
    guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
        throw ShellError(tr("files.read.not-regular", path), hint: tr("files.read.not-regular.hint"))
    }
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    guard size <= MemoryGuard.limit else {
        throw ShellError(tr("files.read.size", path, Format.bytes(size)), expected: tr("memory.at-most", Format.bytes(MemoryGuard.limit)), hint: tr("files.read.size.hint"))
    }
    guard let data = FileManager.default.contents(atPath: path) else { throw ShellError(tr("files.read.denied", path)) }
    guard allowEmpty || !data.isEmpty else { throw ShellError(tr("files.read.empty", path)) }
    return [UInt8](data)
}

/// A script's text, refusing what cannot be a script before running any of it.
func readScript(_ path: String) throws(ShellError) -> String {
    guard let text = String(validating: try readFile(path, allowEmpty: true), as: UTF8.self) else {
        throw ShellError(tr("files.script.not-utf8", path), expected: tr("files.script.expected"))
    }
    return text
}

/// Writes `data` to `path` so that the old file stays whole whatever happens: the bytes go to a
/// new file in the same directory, which replaces the old one by a rename only once it is complete.
/// On Linux that file is nameless (`O_TMPFILE`) while it is written, and a child process names it
/// and renames it over the old one, so a process killed at any point leaves nothing behind;
/// elsewhere it has a temporary name, and temporaries whose writer died are swept on the next save
/// into that directory. Only a regular file is replaced (not a directory, a device or a FIFO), and
/// it keeps its permissions.
func writeAtomically(_ data: Data, to path: String) throws(ShellError) {
    let file = try FileTarget(path)
    let (fd, nameless) = file.openNew()
    guard fd >= 0 else { throw file.failure(errno) }
    var named = nameless ? nil : file.temporaryName
    defer {
        close(fd)
        if let named { unlink(named) }
    }
    var written = 0
    let failure: Int32? = data.withUnsafeBytes { raw in
        while written < raw.count {
            let n = write(fd, raw.baseAddress! + written, raw.count - written)
            if n < 0 { if errno == EINTR { continue }; return errno }
            written += n
        }
        return fsync(fd) == 0 ? nil : errno
    }
    if let failure { throw file.failure(failure) }
    if let mode = file.existingMode { fchmod(fd, mode) }
    if nameless {
        let code = file.publishInChild(fd)
        guard code == 0 else { throw file.failure(code) }
        return
    }
    guard rename(file.temporaryName, path) == 0 else { throw file.failure(errno) }
    named = nil
}

/// A path about to be written: checked to name a file, with its directory and the old file's mode.
private struct FileTarget {
    let path: String
    let directory: String
    let existingMode: mode_t?

    init(_ path: String) throws(ShellError) {
        let last = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        guard !path.isEmpty else { throw ShellError(tr("files.write.no-name"), hint: tr("files.write.no-name.hint")) }
        guard !last.isEmpty, last != ".", last != ".." else {
            throw ShellError(tr("files.write.names-directory", path), hint: tr("files.write.names-directory.hint", (path.hasSuffix("/") ? path : path + "/") + "x.npy"))
        }
        self.path = path
        directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]).isEmpty ? "/" : String(path[..<path.lastIndex(of: "/")!]) : "."
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFREG else {
                let problem = info.st_mode & S_IFMT == S_IFDIR ? "files.write.directory" : "files.write.not-regular"
                throw ShellError(tr(problem, path), hint: tr("files.write.another-name"))
            }
            existingMode = info.st_mode & 0o7777
        } else {
            existingMode = nil
        }
        Self.sweepStaleTemporaries(in: directory)
    }

    /// A new file for the bytes: nameless where the system allows, else under `temporaryName`.
    func openNew() -> (fd: Int32, nameless: Bool) {
        unlink(temporaryName)  // a dead process's, whose PID this one reuses
        #if os(Linux) && (arch(x86_64) || arch(arm64))
        // O_TMPFILE, which Glibc's Swift module leaves out: __O_TMPFILE | O_DIRECTORY.
        let fd = open(directory, 0o20000000 | O_DIRECTORY | O_WRONLY | O_CLOEXEC, 0o666)
        if fd >= 0 { return (fd, true) }
        #endif
        return (open(temporaryName, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o666), false)
    }

    /// Names the nameless file `temporaryName` and renames that over the target, in a child
    /// process: killed between those two steps, this process would leave the temporary name behind;
    /// the child finishes both whatever happens to its parent. Returns 0 or the errno that failed.
    /// The child shares this process's memory rather than copying it: a fork would copy the page
    /// tables of everything the shell holds (MNIST alone is 220 MB) on every save.
    func publishInChild(_ fd: Int32) -> Int32 {
        cnnsh_publish_in_child("/proc/self/fd/\(fd)", temporaryName, path)
    }

    /// `.NAME.cnnsh-PID.tmp` beside the target: the PID tells the sweep whose it is.
    var temporaryName: String {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        return (directory == "." ? "" : directory + "/") + ".\(base).cnnsh-\(getpid()).tmp"
    }

    /// Removes `.*.cnnsh-PID.tmp` files in `directory` whose process is gone.
    static func sweepStaleTemporaries(in directory: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            guard let marker = name.range(of: ".cnnsh-", options: .backwards),
                  let pid = Int32(name[marker.upperBound...].dropLast(4)), pid != getpid(),
                  kill(pid, 0) != 0, errno == ESRCH else { continue }
            unlink((directory == "." ? "" : directory + "/") + name)
        }
    }

    /// Why writing failed, in words, saying that any old file is unchanged.
    func failure(_ code: Int32) -> ShellError {
        let reason = switch code {
        case ENOSPC, EDQUOT: tr("files.write.full")
        case EROFS: tr("files.write.read-only")
        case EACCES, EPERM: tr("files.write.denied")
        case ENOENT: tr("files.write.no-directory")
        case ENOTDIR: tr("files.write.not-directory")
        case ENAMETOOLONG: tr("files.write.too-long")
        default: String(cString: strerror(code)).lowercased()
        }
        return ShellError(tr("files.write.failed", path, reason),
                          hint: tr("files.write.failed.hint", directory == "." ? tr("files.this-directory") : directory))
    }
}
