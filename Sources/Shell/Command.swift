/// One shell command: how to call it, what it is for, the course's formula behind it, and what it
/// does. `help`, tab completion and usage errors are all generated from these fields.
struct Command: Sendable {
    enum Action {
        /// Works on the workspace alone; the shell commits the workspace only if it does not throw.
        case workspace(@Sendable (inout Workspace, Arguments, Output) throws(ShellError) -> Void)
        /// Needs the shell itself (running other lines, the session log, quitting).
        case shell(@Sendable (inout Shell, Arguments, Output) throws(ShellError) -> Void)
    }

    let name: String
    /// `add conv2d FILTERS KxK [stride=S] [pad=P] [init=gauss:0.01|xavier|he]`; several forms one per line.
    let usage: String
    let summary: String
    /// Long help: what it does and the course's formula for the step.
    let help: String
    /// Words completed in the first argument position (`mnist`, `lenet`, `conv2d`...).
    var words: [String] = []
    /// Option keys completed as `key=`.
    var options: [String] = []
    /// Whether command names are completed in the first argument position (help).
    var completesCommands = false
    /// Whether workspace names are completed in argument positions.
    var takesNames = false
    /// Whether `save session` writes it: inspection is, session bookkeeping is not.
    var recorded = true
    let action: Action
}

/// The table every command is looked up in.
enum CommandTable {
    static let all: [Command] = [
        helpCommand, varsCommand, showCommand, delCommand, tensorCommand,
        seedCommand, loadCommand, limitCommand,
        netCommand, addCommand, optimizerCommand, shapesCommand,
        outsizeCommand, im2colCommand,
        forwardCommand, backwardCommand, stepCommand, trainCommand, accuracyCommand, predictCommand, gradcheckCommand,
        confusionCommand, mistakesCommand, plotCommand,
        saveCommand, replayCommand, historyCommand, benchCommand, quitCommand,
    ]

    static let names = all.map(\.name) + ["exit"]

    static func command(named name: String) -> Command? {
        all.first { $0.name == name } ?? (name == "exit" ? quitCommand : nil)
    }

    static func unknown(_ name: String) -> ShellError {
        if let close = Suggestion.closest(to: name, among: names) {
            return ShellError("unknown command '\(name)' — did you mean '\(close)'?")
        }
        return ShellError("unknown command '\(name)'", hint: "'help' lists the commands")
    }
}
