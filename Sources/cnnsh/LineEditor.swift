import CReadline
import Foundation
import Shell
#if canImport(Glibc)
import Glibc
#endif

/// The interactive prompt: GNU readline in its callback mode, so that Ctrl-C can clear the line
/// (poll is interrupted, we reset readline's buffer) while our own SIGINT handler stays in charge
/// and long commands hear it as `Interrupt`.
struct LineEditor {
    var shell: Shell
    let output: Output

    static let prompt = "cnnsh> "

    mutating func run() {
        let history = HistoryFile(environment: Terminal.environment)
        var keepsHistory = true
        if let problem = history.prepare() {
            keepsHistory = false
            Terminal.writeError(tr("main.history.not-kept", problem) + "\n")
        }
        if let path = history.path { read_history(path) }
        Streams.beforeExit = { rl_callback_handler_remove() }  // a failed write leaves the terminal as it found it
        cnnsh_readline_setup(complete)
        output.line(tr("main.banner", cnnshVersion))
        output.line(tr("main.banner.help"))
        while !shell.quitRequested && Interrupt.exitSignal == nil {
            guard let line = readLine() else { output.line(); break }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            add_history(trimmed)
            // Appended line by line: two shells at once keep each other's lines, and a shell that
            // is killed has lost none. Only at exit is the file rewritten, cut to its last 5,000
            // lines once it holds more (readline does that; a line another shell appends at that
            // very moment can be lost then).
            if keepsHistory, let path = history.path, case let failed = append_history(1, path), failed != 0 {
                keepsHistory = false
                Terminal.writeError(tr("main.history.not-kept", tr("history.cannot-write", path, String(cString: strerror(failed)))) + "\n")
            }
            Interrupt.clear()
            do { try shell.run(trimmed, output: output) } catch {
                // Broken at spaces to the window, as the output is: a message the terminal breaks mid-word is hard to read on a projector.
                Terminal.writeError(Output.wrapped(tr("error.prompt", error), width: Terminal.errorColumns))
            }
            Interrupt.clear()
        }
        if keepsHistory, let path = history.path { history_truncate_file(path, 5000) }
    }

    /// One line from readline; nil at end of input (Ctrl-D on an empty line).
    private mutating func readLine() -> String? {
        Completion.shell = shell
        if Terminal.resized.exchange(false, ordering: .relaxed) { rl_resize_terminal() }  // resized while a command ran
        Self.pending = nil
        Self.ended = false
        rl_callback_handler_install(Self.prompt) { raw in
            if let raw {
                LineEditor.pending = String(cString: raw)
                free(raw)
            } else {
                LineEditor.ended = true
            }
            rl_callback_handler_remove()
        }
        while Self.pending == nil && !Self.ended {
            var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, -1) < 0 {
                if errno == EINTR && Terminal.resized.exchange(false, ordering: .relaxed) {
                    rl_resize_terminal()  // readline redraws the line for the new width
                }
                if errno == EINTR && Interrupt.exitSignal != nil {
                    // SIGTERM or SIGHUP at the prompt: give the terminal back and leave; the history
                    // file already has every line (each is appended as it is entered).
                    rl_callback_handler_remove()
                    return nil
                }
                if errno == EINTR && Interrupt.isRequested {
                    Interrupt.clear()
                    rl_replace_line("", 0)
                    output.text("^C")
                    rl_crlf()
                    rl_on_new_line()
                    rl_redisplay()
                }
                continue
            }
            rl_callback_read_char()
        }
        return Self.pending
    }

    nonisolated(unsafe) static var pending: String?
    nonisolated(unsafe) static var ended = false
}

/// Readline calls C functions without context, so the shell it completes against is kept here,
/// refreshed before each prompt.
enum Completion {
    nonisolated(unsafe) static var shell = Shell()
    nonisolated(unsafe) static var matches: [String] = []
}

private func complete(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    let line = cnnsh_line_buffer().map { String(cString: $0) } ?? ""
    let before = String(decoding: Array(line.utf8.prefix(Int(start))), as: UTF8.self)
    let word = text.map { String(cString: $0) } ?? ""
    Completion.matches = Completion.shell.completions(before: before, word: word)
    guard !Completion.matches.isEmpty else { return nil }  // readline falls back to file names
    cnnsh_completion_settings(1, Completion.matches.count == 1 && Completion.matches[0].hasSuffix("=") ? 0 : 32)
    return rl_completion_matches(text) { _, state in
        guard Int(state) < Completion.matches.count else { return nil }
        return strdup(Completion.matches[Int(state)])
    }
}
