let undoCommand = Command(
    name: "undo", usage: "undo [N]",
    helpArguments: { [String(UndoHistory.defaultSteps), Format.bytes(UndoHistory.defaultBytes)] },
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
