import NN

/// The `threads=T` option of the commands that run the network over many images (`train`,
/// `accuracy`, `predict`, `bench`), read in one place so that they all accept the same values: how
/// many threads NN's data-parallel work uses while the command runs, by default the process's count
/// (`Parallelism.threads`). Results are the same to the bit for any count (NN cuts the work into the
/// same parts whoever runs them), so a recorded line with it replays to the same workspace.
enum ThreadsOption {
    static let key = "threads"
    static let range = 1...64
    /// The option for a command's table: `options: ["epochs": .number] + ThreadsOption.declared`.
    static let declared: Options = [key: .number]

    /// What `help` says about the option, for the commands that take it.
    static var help: String { tr("command.shared.threads-option", range.lowerBound, range.upperBound) }
}

extension Command.Action {
    /// A workspace command run on its `threads=` count (checked before the body runs; by default the
    /// process's count), which the body hears; the process's count is put back afterwards, whether
    /// the body returns, throws or stops at Ctrl-C.
    static func workspaceOnThreads(_ body: @escaping @Sendable (inout Workspace, Arguments, Output, _ threads: Int) throws(ShellError) -> Void) -> Self {
        .workspace { ws, args, out throws(ShellError) in
            let threads = try args.int(ThreadsOption.key, default: Parallelism.threads, in: ThreadsOption.range)!, saved = Parallelism.threads
            Parallelism.threads = threads
            defer { Parallelism.threads = saved }
            try body(&ws, args, out, threads)
        }
    }
}
