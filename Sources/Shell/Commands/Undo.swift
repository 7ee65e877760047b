let undoCommand = Command(
    name: "undo", usage: "undo [N]", summary: "put the workspace back as it was before the last N changes",
    help: """
    Restores the workspace as it was before the last N commands that changed it (1 by default): tensors, the network and its weights, the optimizer and its state, the seed's position, the training history, and the memory limit ('limit memory=' lives outside the workspace but goes back with it, as after a failed replay). Commands that only look (vars, show, accuracy, shapes...) are no steps: undo goes past them, and the log loses them with the command they followed.
    The log goes back too, so 'save session' and 'history' no longer hold the undone commands and a replay rebuilds the same workspace; undo itself is never recorded. A 'load workspace' is a step like any other; each command a 'replay' ran is a step of its own.
    The shell keeps the last \(UndoHistory.defaultSteps) steps, and drops the oldest once they hold more than \(Format.bytes(UndoHistory.defaultBytes)) of values the current workspace no longer shares (a step after 'add' costs almost nothing; after 'train', the weights and optimizer state it replaced; after 'load mnist', the data it replaced). There is no redo.
    """,
    positionals: [.number], recorded: false,
    action: .shell { shell, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 1)
        let n = try args.optionalPositional(0).map { text throws(ShellError) in try Parse.int(text, what: "N ", in: 1...Int(Int32.max)) } ?? 1
        let kept = shell.undoHistory.count
        guard kept > 0 else {
            throw ShellError(tr("undo.nothing"), hint: tr("undo.nothing.hint", shell.undoBounds.steps, Format.bytes(shell.undoBounds.bytes)))
        }
        guard let undone = shell.undoHistory.pop(n) else {
            throw ShellError(tr(plural: "undo.too-many", kept, n, kept), expected: tr("undo.too-many.expected", kept))
        }
        let restored = undone.last!
        // The log lines past the restored log that no undone step wrote: inspections after them.
        let looked = undone.allSatisfy(\.recorded) ? shell.workspace.log.count - restored.workspace.log.count - undone.count : 0
        shell.workspace = restored.workspace
        MemoryGuard.limit = restored.memoryLimit
        let names = undone.reversed().map { "'\($0.command)'" }.joined(separator: ", ")
        let extra = looked > 0 ? tr(plural: "undo.looked", looked, looked) : ""
        out.line(tr("undo.undid", names, extra, tr(plural: "undo.kept", shell.undoHistory.count, shell.undoHistory.count)))
    })
