import Foundation
import Shell
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// What the terminal around cnnsh is and can show.
enum Terminal {
    static var outputIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }
    static var errorIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }
    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// Whether standard error can take a progress bar drawn in place (`\r`, `ESC[K`): a terminal
    /// that is not TERM=dumb.
    static var drawsProgress: Bool { errorIsTerminal && environment["TERM"] != "dumb" }

    /// Standard output's window size now; when output is not a terminal, $COLUMNS and $LINES, else 80×24.
    static var size: (columns: Int, rows: Int) {
        var window = winsize()
        if outputIsTerminal, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0 {
            return (Int(window.ws_col), Int(window.ws_row))
        }
        // getenv, not ProcessInfo's dictionary of the whole environment: this runs before every command.
        func number(_ name: String) -> Int? { getenv(name).flatMap { Int(String(cString: $0)) } }
        return (number("COLUMNS") ?? 80, number("LINES") ?? 24)
    }

    /// Standard error's width, for the progress bar drawn there.
    static var errorColumns: Int {
        var window = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0 { return Int(window.ws_col) }
        return size.columns
    }

    /// Set by SIGWINCH: the window changed size (async-signal-safe, one store).
    static let resized = Atomic<Bool>(false)

    static func writeError(_ text: String) { Streams.error(text) }

    /// Demo mode's pause, on the terminal: shows the command to come (`cnnsh> CMD`) with what the
    /// keys do; Enter runs it, q (then Enter) stops, Ctrl-C stops at once without running it. Waits
    /// in poll(), which a signal always interrupts (a blocking read would be restarted after Ctrl-C
    /// and run the command anyway). After Enter the prompt is taken off the screen where the
    /// terminal allows it, so that the echo of the command that runs is not printed twice.
    static func pause(_ upcoming: String, style: Output.Style) -> StepAnswer {
        let tty = open("/dev/tty", O_RDONLY)
        guard tty >= 0 else { return .stop }  // nowhere to wait: never run on unasked
        defer { close(tty) }
        tcflush(tty, TCIFLUSH)  // an Enter typed while the last command ran is no answer to this one
        let hint = tr("main.step.keys")
        let prompt = "cnnsh> \(upcoming)  "
        writeError(prompt + (style == .plain ? hint : "\u{1b}[2m\(hint)\u{1b}[0m") + " ")
        var typed: [UInt8] = []
        while true {
            if Interrupt.isRequested { writeError("\n"); return .interrupted }
            var descriptor = pollfd(fd: tty, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, -1) > 0 else { continue }  // EINTR: check the interrupt above
            var byte: UInt8 = 0
            guard read(tty, &byte, 1) == 1 else { return .stop }  // the terminal went away
            if byte == UInt8(ascii: "\n") { break }
            typed.append(byte)
        }
        let answer = String(decoding: typed, as: UTF8.self).trimmingCharacters(in: .whitespaces).lowercased()
        if answer.hasPrefix("q") { return .stop }
        if drawsProgress {  // a terminal that moves the cursor: up over the prompt's lines, and clear them
            let shown = prompt.displayWidth + hint.displayWidth + 1 + String(decoding: typed, as: UTF8.self).displayWidth
            writeError("\u{1b}[\(max(1, (shown + errorColumns - 1) / errorColumns))A\r\u{1b}[J")
        }
        return .run
    }

    /// Whether step mode has a terminal to wait at: the controlling terminal, which a pipe or a
    /// service has none of.
    static var canPause: Bool {
        let tty = open("/dev/tty", O_RDONLY)
        guard tty >= 0 else { return false }
        close(tty)
        return true
    }
}
