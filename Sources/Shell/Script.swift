import Foundation

/// The script engine: runs text line by line for `replay`, `cnnsh FILE`, `cnnsh -c` and piped input.
extension Shell {
    /// How a run of a script's lines ended.
    enum ScriptEnd: Equatable {
        /// Every line ran, or an error or `quit` ended it (`onError` heard the error).
        case ended
        /// Ctrl-C (or SIGTERM, SIGHUP) during the command on `line`, which stopped at a safe point.
        case interrupted(line: Int)
        /// Step mode: q at the prompt before `line`, which did not run.
        case stopped(line: Int)
        /// Step mode: Ctrl-C at the prompt before `line`, which did not run.
        case cancelled(line: Int)
    }

    /// Runs a script line by line from line `from` (1-based). `onError` hears each failing command
    /// with its line and says whether to go on, with the rest of that line too. In step mode the
    /// comments are narration and `output.pause` is asked before each command; no progress is
    /// reported for the script itself, so that nothing is drawn over the step prompt. `fromFile`:
    /// the text was read from a file, which an earlier cnnsh may have saved (see `Shell.run`).
    mutating func runLines(_ text: String, echo: Bool, step: Bool = false, from first: Int = 1, fromFile: Bool = false, output: Output,
                           onError: (Int, ShellError) -> Bool) -> ScriptEnd {
        let lines = Self.lines(of: text)
        var afterCommand = false
        for (index, line) in lines.enumerated() where index + 1 >= first {
            if !step { output.report("replay", done: index, total: lines.count, unit: tr("progress.lines")) }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let isCommand = !trimmed.hasPrefix("#") && !trimmed.isEmpty
            if step && isCommand, let pause = output.pause {
                switch pause(trimmed) {
                case .run: break
                case .stop: return .stopped(line: index + 1)
                case .interrupted: return .cancelled(line: index + 1)
                }
            }
            if !isCommand { workspace.narrate(trimmed) }  // for the notebook
            if step && !isCommand {
                if afterCommand && !trimmed.isEmpty { output.line() }  // narration stands apart from output
                output.narration(trimmed)
            } else if echo || step {
                output.line(isCommand ? "cnnsh> " + trimmed : trimmed)
            }
            if !trimmed.isEmpty { afterCommand = isCommand }
            var goOn = true
            run(line, output: output, fromFile: fromFile) { error in
                goOn = onError(index + 1, error)
                return goOn
            }
            if !goOn { return .ended }
            if Interrupt.isRequested { return .interrupted(line: index + 1) }  // SIGTERM and SIGHUP set it too
            if quitRequested { return .ended }
        }
        return .ended
    }

    /// A script's lines: a Character "\r\n" is one newline, not "\n", so CRLF files split into
    /// lines too; a byte-order mark some editors put first is not part of the first command.
    static func lines(of text: String) -> [String] {
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines.map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
    }

    /// Runs a script as `cnnsh FILE`, `cnnsh -c` and piped input do: errors go to `error` as
    /// `SOURCE:LINE: error: ...`; the first stops the run unless `keepGoing`, which goes on with the
    /// next command, on the same line after a `;` or on the next. Returns whether every command
    /// succeeded. `fromFile`: the text is a file's (a script's, or standard input), not `-c`'s.
    public mutating func runScript(_ text: String, source: String, echo: Bool, keepGoing: Bool, step: Bool = false, fromFile: Bool = false,
                                   output: Output, error: (String) -> Void) -> Bool {
        var ok = true
        switch runLines(text, echo: echo, step: step, fromFile: fromFile, output: output, onError: { line, failure in
            error(tr("error.at", source, line, failure))
            ok = false
            return keepGoing
        }) {
        case .ended:
            break
        case .interrupted(let line):
            error(tr("script.interrupted", source, line))
            Interrupt.clear()
            ok = false
        case .cancelled(let line):
            error(tr("script.stopped", source, line))
            Interrupt.clear()
            ok = false
            stepStoppedAt = line
        case .stopped(let line):
            error(tr("script.stopped-before", source, line, Self.lines(of: text)[line - 1].trimmingCharacters(in: .whitespaces)))
            stepStoppedAt = line
        }
        return ok
    }

    /// Reads and runs a script file; a file that cannot be read is an error at line 0.
    public mutating func runScript(path: String, echo: Bool, keepGoing: Bool, step: Bool = false, output: Output, error: (String) -> Void) -> Bool {
        do {
            let text = try readScript(path)
            return runScript(text, source: path, echo: echo, keepGoing: keepGoing, step: step, fromFile: true, output: output, error: error)
        } catch let failure {
            error("\(failure.in("cnnsh"))")
            return false
        }
    }
}
