import Foundation

/// The command interpreter: looks each command up in the table, runs it on a copy of the workspace
/// and keeps the copy only when it succeeds.
public struct Shell {
    public internal(set) var workspace = Workspace()
    public internal(set) var quitRequested = false
    /// The line a script run in step mode (`cnnsh FILE --step`) was stopped before, by q or Ctrl-C
    /// at its prompt; nil when it was not.
    public internal(set) var stepStoppedAt: Int?
    /// Nesting of `replay`, so a script that replays itself stops instead of overflowing the stack.
    var replayDepth = 0
    /// The workspaces before the last commands that changed it, for `undo`.
    var undoHistory = UndoHistory()

    /// How many steps `undo` keeps, and how many bytes of values the current workspace no longer
    /// shares they may hold (20 and 1 GB); settable so that a test can reach the bound quickly.
    public var undoBounds: (steps: Int, bytes: Int) {
        get { (undoHistory.maxSteps, undoHistory.maxBytes) }
        set { (undoHistory.maxSteps, undoHistory.maxBytes) = (max(newValue.steps, 0), max(newValue.bytes, 0)) }
    }

    /// The language messages are printed in (`lang`); every line sets the catalogue's from it.
    public var language = Language.english {
        didSet { Catalogue.language = language }
    }

    public init(language: Language = .english) {
        self.language = language
        Catalogue.language = language  // didSet is not called in init: a message before the first line speaks it too
    }

    /// Runs one line, which may hold several commands separated by `;` (see `Words` for how it is
    /// read); stops at the first error. After a command that Ctrl-C interrupted, or `quit`, the
    /// rest of the line is skipped.
    public mutating func run(_ line: String, output: Output) throws(ShellError) {
        var failure: ShellError?
        run(line, output: output) { failure = $0; return false }
        if let failure { throw failure }
    }

    /// Runs one line's commands; `onError` hears each one that fails (or the line itself, when it
    /// cannot be read) and says whether to go on with the next. The error for a line of a script
    /// `fromFile` that cannot be read adds that older scripts may need quoting.
    mutating func run(_ line: String, output: Output, fromFile: Bool = false, onError: (ShellError) -> Bool) {
        Catalogue.language = language  // another shell in this process may have spoken another
        let commands: [Words.Command]
        do { commands = try Self.read(line, fromFile: fromFile) } catch {
            _ = onError(error)
            return
        }
        for command in commands {
            do { try runCommand(command, output: output) } catch { if !onError(error) { return } }
            if Interrupt.isRequested || quitRequested { return }  // Ctrl-C stops the rest of the line too
        }
    }

    /// The commands of a line as typed, each of which reads back as the same words (see `Words`).
    public static func commands(in line: String) throws(ShellError) -> [String] {
        try read(line).map(\.text)
    }

    private static func read(_ line: String, fromFile: Bool = false) throws(ShellError) -> [Words.Command] {
        guard !line.contains("\0") else { throw ShellError(tr("shell.nul"), hint: tr("shell.nul.hint")) }
        do { return try Words.commands(in: line) } catch {
            // Earlier builds took ' and \ as plain characters, so their saved sessions may hold them bare.
            guard fromFile else { throw error }
            var noted = error
            noted.hint = (error.hint.map { tr("shell.hint.then", $0) } ?? "") + tr("shell.old-script.hint")
            throw noted
        }
    }

    /// Runs one command. Its errors come out naming it (`train: ...`): handlers throw the problem
    /// alone and this adds the command's name, unless the error names a form of it already.
    private mutating func runCommand(_ typed: Words.Command, output: Output) throws(ShellError) {
        defer { output.commandEnded?() }
        output.refreshSize()  // a window resized since the last command is fitted now
        let words = CommandTable.helpRequested(typed.words)
        guard let command = CommandTable.command(named: words[0]) else { throw CommandTable.unknown(words[0]) }
        do { try run(command, text: typed.text, words: words, output: output) } catch { throw error.in(command.name) }
    }

    /// Checks `command`'s options against those it declares, runs it, and records it in the log.
    private mutating func run(_ command: Command, text: String, words: [String], output: Output) throws(ShellError) {
        let arguments = Arguments(command: command.name, usage: command.usage, words: words.dropFirst())
        try arguments.expectOptions(command.options.keys)
        switch command.action {
        case .workspace(let body):
            var copy = workspace
            let limit = MemoryGuard.limit
            (output.captured, output.capturedPictures) = ("", [])
            defer { (output.captured, output.capturedPictures) = (nil, nil) }
            try body(&copy, arguments, output)
            let recorded = command.recorded && !copy.unrecorded
            // A command that only looked (vars, show, accuracy) is logged but is no step to undo.
            let (before, after) = (workspace.state, copy.state)
            if MemoryGuard.limit != limit || before != after {
                undoHistory.push(.init(workspace: workspace, memoryLimit: limit, command: recorded ? copy.recordAs ?? text : text, recorded: recorded),
                                 arrays: before.arrays, current: after.arrays)
            }
            // The workspace before is done with (undo holds its own copy if it needs one): letting go
            // of its log and cells lets the appends below extend the copy's in place, instead of
            // copying every line and cell of the session for each command.
            (workspace.log, workspace.cells) = ([], [])
            if recorded {
                copy.log.append(copy.recordAs ?? text)
                copy.record(NotebookCell(command: text, output: output.captured ?? "", pictures: output.capturedPictures ?? []))
            }
            copy.recordAs = nil
            copy.unrecorded = false
            workspace = copy
        case .shell(let body):
            // A scope of its own: once it ends, only the workspace holds its log, and the append below extends it in place.
            do {
                let before = workspace, history = undoHistory
                do { try body(&self, arguments, output) } catch {
                    workspace = before
                    undoHistory = history
                    throw error
                }
            }
            if command.recorded {
                workspace.log.append(text)
                workspace.record(NotebookCell(command: text, output: ""))
            }
        }
    }
}
