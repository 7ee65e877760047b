import ArgumentParser
import Foundation
import Shell
#if canImport(Glibc)
import Glibc
#endif

struct CNNShell: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cnnsh",
        abstract: "A shell for learning convolutional neural networks, one command per exercise step.",
        discussion: """
        With no FILE and no -c on a terminal, starts the interactive prompt; standard input that is not a terminal is read as a script. \
        In script modes the first error stops the run with FILE:LINE: error: ... on standard error and exit status 1. \
        At the prompt, 'help' lists the commands and 'help COMMAND' (or '? COMMAND', 'COMMAND --help') gives one's usage and formulas.

        Environment: CNNSH_HISTORY names the prompt's history file, else $XDG_STATE_HOME/cnnsh/history, else \
        $HOME/.local/state/cnnsh/history (an old ~/.cnnsh_history is copied there once). CNNSH_DATA is a folder holding the \
        bundled mnist/, looked for before the folder of the executable and PREFIX/share/cnnsh. NO_COLOR, FORCE_COLOR, COLORTERM \
        and TERM choose colour as --color=auto says; LC_ALL, LC_MESSAGES and LANG choose the language as --lang says; COLUMNS and LINES give the size when output is not a terminal.

        Exit status: 0 when every command succeeded, 1 after an error (or when standard output cannot be written), \
        64 when the command line itself is wrong (an unknown option, a FILE with -c), 128 + N after signal N (141 when the \
        reader of a pipe went away).
        """,
        version: cnnshVersion)

    @Argument(help: ArgumentHelp("A script of cnnsh commands to run (a saved session, for example).", valueName: "file.cnn"),
              completion: .file(extensions: ["cnn"]))
    var file: String?

    @Option(name: .short, help: ArgumentHelp("Commands to run, separated by ';'. Several -c run in order, as the lines of one script (-c:2 in an error is the second line, counting across them).", valueName: "commands"))
    var command: [String] = []

    @Flag(help: "Print each command before its output.")
    var echo = false

    @Flag(help: "Go on after a command fails (the exit status is still 1).")
    var keepGoing = false

    @Flag(help: "Show how long commands take (always shown at the prompt).")
    var timings = false

    @Option(help: ArgumentHelp("Colour pictures and charts: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; FORCE_COLOR forces it), always or never. 24-bit colour when COLORTERM is truecolor or 24bit, else 256 colours.", valueName: "when"))
    var color: ColorChoice = .auto

    @Flag(help: "Draw pictures as ASCII shading even on a colour terminal (--color=never).")
    var plain = false

    @Flag(help: "Demo mode for a FILE: show its comments as narration and wait for Enter before each command; q or Ctrl-C there stops and leaves you at the prompt with the workspace.")
    var step = false

    @Option(help: ArgumentHelp("The language of messages: en (English) or ja (Japanese). By default the first of LC_ALL, LC_MESSAGES and LANG that is set chooses: ja... is Japanese, anything else English.", valueName: "code"))
    var lang: Language?

    mutating func run() throws {
        var shell = Shell(language: lang ?? Language(environment: Terminal.environment))
        let bar = Terminal.drawsProgress ? ProgressBar(columns: { Terminal.errorColumns }) : nil
        let style = (plain ? ColorChoice.never : color).style(environment: Terminal.environment, isTerminal: Terminal.outputIsTerminal)
        let size = Terminal.size
        let output = Output(showsTimings: timings, style: style, columns: size.columns, rows: size.rows) {
            bar?.erase()  // output lines go where the bar was, not after it
            Streams.output($0)
        }
        output.measure = { Terminal.size }
        if let bar {
            output.progress = bar.update
            output.commandEnded = bar.finish
        }
        if Terminal.canPause {
            output.pause = { Terminal.pause($0, style: Terminal.errorIsTerminal ? style : .plain) }
        }
        if step && file == nil { throw ValidationError(tr("main.step.no-file")) }
        if step && output.pause == nil { throw ValidationError(tr("main.step.no-terminal")) }
        // On a terminal, broken at spaces to its width; in a pipe or a log, one line per message.
        let report: (String) -> Void = { Terminal.writeError(Terminal.errorIsTerminal ? Output.wrapped($0, width: Terminal.errorColumns) : $0 + "\n") }
        signal(SIGINT) { _ in Interrupt.request() }
        signal(SIGTERM) { Interrupt.requestExit(signal: $0) }
        signal(SIGHUP) { Interrupt.requestExit(signal: $0) }
        signal(SIGWINCH) { _ in Terminal.resized.store(true, ordering: .relaxed) }
        if file != nil && !command.isEmpty { throw ValidationError(tr("main.file-and-commands")) }
        let ok: Bool
        if !command.isEmpty {
            ok = shell.runScript(command.joined(separator: "\n"), source: "-c", echo: echo, keepGoing: keepGoing, output: output, error: report)
        } else if let file {
            ok = shell.runScript(path: file, echo: echo, keepGoing: keepGoing, step: step, output: output, error: report)
            if let line = shell.stepStoppedAt, isatty(STDIN_FILENO) != 0 {
                // A teacher who stops a demo keeps its workspace: the prompt, where the replay can go on.
                report(tr("main.step.kept", Shell.replayCommand(file, from: line, step: true)))
                output.showsTimings = true
                var editor = LineEditor(shell: shell, output: output)
                editor.run()
                if let signal = Interrupt.exitSignal { throw ExitCode(128 + signal) }
                return
            }
        } else if isatty(STDIN_FILENO) != 0 {
            output.showsTimings = true
            var editor = LineEditor(shell: shell, output: output)
            editor.run()
            if let signal = Interrupt.exitSignal { throw ExitCode(128 + signal) }
            return
        } else {
            let text: String
            switch Streams.readInput(atMost: MemoryGuard.limit) {
            case .success(let read): text = read
            case .failure(let problem):
                report(tr("main.stdin-failed", problem))
                throw ExitCode(1)
            }
            ok = shell.runScript(text, source: "<stdin>", echo: echo, keepGoing: keepGoing, fromFile: true, output: output, error: report)
        }
        if let signal = Interrupt.exitSignal { throw ExitCode(128 + signal) }
        if !ok { throw ExitCode(1) }
    }
}

extension ColorChoice: ExpressibleByArgument {}

extension Language: ExpressibleByArgument {
    public init?(argument: String) { self.init(code: argument) }
}

Streams.guardClosedDescriptors()
Streams.checkStandardOutputAtExit()
CNNShell.main()
