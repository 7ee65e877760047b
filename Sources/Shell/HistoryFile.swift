import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where the prompt keeps the lines typed at it, by the XDG base-directory conventions:
/// `$CNNSH_HISTORY`, else `$XDG_STATE_HOME/cnnsh/history` (an absolute path, as the specification
/// requires), else `$HOME/.local/state/cnnsh/history`, with `$HOME` taken from the environment
/// (the password database only when it is unset). Without `$CNNSH_HISTORY`, `~/.cnnsh_history`,
/// where cnnsh kept it before, is copied into the new file the first time, when that does not exist yet.
public struct HistoryFile: Equatable, Sendable {
    /// The history file, or nil when there is no home to keep it in.
    public let path: String?
    /// The file of earlier versions to migrate from, when one is named by the environment.
    public let legacy: String?

    public init(environment: [String: String]) {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.passwordHome
        // A file named by CNNSH_HISTORY is where earlier versions kept the history too: nothing to migrate.
        let named = environment["CNNSH_HISTORY"].flatMap { $0.isEmpty ? nil : $0 }
        legacy = named == nil ? home.map { ($0 as NSString).appendingPathComponent(".cnnsh_history") } : nil
        if let named {
            path = named
        } else if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            path = (state as NSString).appendingPathComponent("cnnsh/history")
        } else {
            path = home.map { ($0 as NSString).appendingPathComponent(".local/state/cnnsh/history") }
        }
    }

    private static var passwordHome: String? {
        guard let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir else { return nil }
        let home = String(cString: dir)
        return home.isEmpty ? nil : home
    }

    /// Makes the file ready to append to: its folder (private to the user, as XDG asks), the file
    /// itself, and the lines of the old `~/.cnnsh_history` when the file is new. Returns why it
    /// cannot be written, or nil when it can.
    public func prepare() -> String? {
        guard let path else { return tr("history.no-home") }
        let folder = (path as NSString).deletingLastPathComponent
        if let problem = Self.makeFolder(folder) { return problem }
        // Created here or already there: O_EXCL decides, so of two shells starting at once only
        // the one that created the file copies the old one into it.
        var descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o600)
        let isNew = descriptor >= 0
        if !isNew && errno == EEXIST { descriptor = open(path, O_WRONLY | O_APPEND | O_CLOEXEC) }
        guard descriptor >= 0 else { return tr("history.cannot-write", path, String(cString: strerror(errno))) }
        defer { close(descriptor) }
        if isNew, let legacy, legacy != path, let old = FileManager.default.contents(atPath: legacy), !old.isEmpty {
            var done = 0
            while done < old.count {
                let n = old.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + done, $0.count - done) }
                if n > 0 { done += n } else if n < 0 && errno == EINTR { continue } else {
                    return tr("history.cannot-copy", legacy, path, String(cString: strerror(errno)))
                }
            }
        }
        return nil
    }

    /// `mkdir -p`, each new folder private to the user as XDG asks; the reason in the system's words.
    private static func makeFolder(_ folder: String) -> String? {
        var made = folder.hasPrefix("/") ? "/" : ""
        for part in folder.split(separator: "/") {
            made += (made.isEmpty || made.hasSuffix("/") ? "" : "/") + part
            if mkdir(made, 0o700) != 0 && errno != EEXIST { return tr("history.cannot-create", made, String(cString: strerror(errno))) }
        }
        var info = stat()
        guard stat(folder.isEmpty ? "." : folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            return tr("history.cannot-create", folder, String(cString: strerror(ENOTDIR)))
        }
        return nil
    }
}
