let undoCommand = Command(
    name: "undo", usage: "undo [N]",
    helpArguments: { [String(UndoHistory.defaultSteps), Format.bytes(UndoHistory.defaultBytes)] },
    positionals: [.number], recorded: false,
    action: .shell { shell, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 1)
        let n = try args.optionalPositional(0).map { text throws(ShellError) in try Parse.int(text, what: "N ", in: 1...Int(Int32.max)) } ?? 1
        let kept = shell.undoHistory.count
        guard kept > 0 else {
            throw ShellError("nothing to undo", hint: "undo keeps the last \(shell.undoBounds.steps) commands that changed the workspace, at most \(Format.bytes(shell.undoBounds.bytes)) of values it no longer shares")
        }
        guard let undone = shell.undoHistory.pop(n) else {
            throw ShellError("cannot undo \(n) steps: \(kept) \(kept == 1 ? "is" : "are") kept", expected: "undo N with N ≤ \(kept)")
        }
        let restored = undone.last!
        // The log lines past the restored log that no undone step wrote: inspections after them.
        let looked = undone.allSatisfy(\.recorded) ? shell.workspace.log.count - restored.workspace.log.count - undone.count : 0
        shell.workspace = restored.workspace
        MemoryGuard.limit = restored.memoryLimit
        let names = undone.reversed().map { "'\($0.command)'" }.joined(separator: ", ")
        let extra = looked > 0 ? ", with \(looked) command\(looked == 1 ? "" : "s") that only looked" : ""
        out.line("undid \(names)\(extra) (\(shell.undoHistory.count) step\(shell.undoHistory.count == 1 ? "" : "s") kept)")
    })
