import Foundation
import Shell
#if canImport(Glibc)
import Glibc
#endif

/// What the terminal around cnnsh can show, decided once at start.
enum Terminal {
    static var outputIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }
    static var errorIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    /// Colour pictures only on a terminal, never with NO_COLOR set (https://no-color.org) or --plain.
    static func style(plain: Bool) -> Output.Style {
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return plain || noColor || !outputIsTerminal ? .plain : .color
    }

    /// The window's width, else $COLUMNS, else 80.
    static var columns: Int {
        var size = winsize()
        if outputIsTerminal, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init) ?? 80
    }

    /// Demo mode's pause: waits for Enter on the terminal; q (then Enter) stops.
    static func pause(_ upcoming: String) -> Bool {
        FileHandle.standardError.write(Data("\u{1b}[2m[Enter runs: \(upcoming) · q stops]\u{1b}[0m ".utf8))
        guard let tty = fopen("/dev/tty", "r") else { return true }
        defer { fclose(tty) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        guard getline(&line, &capacity, tty) > 0, let line else { return false }
        return !String(cString: line).trimmingCharacters(in: .whitespacesAndNewlines).lowercased().hasPrefix("q")
    }
}
