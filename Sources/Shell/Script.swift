import Foundation

/// The script engine: runs text line by line for `replay`, `cnnsh FILE`, `cnnsh -c` and piped input.
extension Shell {
    /// Runs a script line by line. `onError` hears each failing line (1-based) and says whether to
    /// go on. Stops early when a command asks to quit, or after a line during which Ctrl-C was
    /// pressed: then returns that line's number.
    @discardableResult
    mutating func runLines(_ text: String, echo: Bool, step: Bool = false, output: Output, onError: (Int, ShellError) -> Bool) -> Int? {
        // A Character "\r\n" is one newline, not "\n": CRLF files split into lines too. A byte-order
        // mark some editors put first is not part of the first command.
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        if lines.last?.isEmpty == true { lines.removeLast() }
        for (index, raw) in lines.enumerated() {
            output.report("replay", done: index, total: lines.count, unit: "lines")
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let isCommand = !trimmed.hasPrefix("#") && !trimmed.isEmpty
            // Demo mode: the comments above have been shown as narration; wait before each command.
            if step, isCommand, let pause = output.pause, !pause(trimmed) { return nil }
            if !isCommand { workspace.narrate(trimmed) }  // for the notebook
            if echo || step {
                output.line(isCommand ? "cnnsh> " + trimmed : trimmed)
            }
            do { try run(line, output: output) } catch {
                if !onError(index + 1, error) { return nil }
            }
            if Interrupt.isRequested { return index + 1 }  // SIGTERM and SIGHUP set it too
            if quitRequested { return nil }
        }
        return nil
    }

    /// Runs a script as `cnnsh FILE`, `cnnsh -c` and piped input do: errors go to `error` as
    /// `SOURCE:LINE: error: ...`; the first stops the run unless `keepGoing`. Returns whether every
    /// line succeeded.
    public mutating func runScript(_ text: String, source: String, echo: Bool, keepGoing: Bool, step: Bool = false,
                                   output: Output, error: (String) -> Void) -> Bool {
        var ok = true
        if let line = runLines(text, echo: echo, step: step, output: output, onError: { line, failure in
            error("\(source):\(line): error: \(failure)")
            ok = false
            return keepGoing
        }) {
            error("\(source):\(line): interrupted")
            Interrupt.clear()
            ok = false
        }
        return ok
    }

    /// Reads and runs a script file; a file that cannot be read is an error at line 0.
    public mutating func runScript(path: String, echo: Bool, keepGoing: Bool, step: Bool = false, output: Output, error: (String) -> Void) -> Bool {
        do {
            let text = try readScript(path)
            return runScript(text, source: path, echo: echo, keepGoing: keepGoing, step: step, output: output, error: error)
        } catch let failure {
            error("\(failure.in("cnnsh"))")
            return false
        }
    }
}
