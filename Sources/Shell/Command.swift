/// One shell command: how to call it, what it is for, the course's formula behind it, what its
/// words are, and what it does. `help`, tab completion, option checking and usage errors are all
/// generated from these fields, so a command is described in one place.
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
    /// What the help text's `{0}`, `{1}`... stand for: text it shares with other commands' help
    /// (the window options), or values the code defines (how many steps `undo` keeps).
    var helpArguments: @Sendable () -> [String] = { [] }
    /// The positional words, in order (`show NAME`: a workspace name).
    var positionals: [WordKind] = []
    /// Whether the last positional may repeat (`del NAME...`).
    var repeatsLast = false
    /// Forms chosen by the first word, with the kinds of the words after it: `load npy FILE as NAME`
    /// is `("npy", [.file, .choice(["as"]), .text])`. A first word that is no form's goes by `positionals`.
    var forms: [(word: String, then: [WordKind])] = []
    /// The `key=value` options, in usage order, with what their values are.
    var options: Options = [:]
    /// Whether `save session` writes it: inspection is, session bookkeeping is not.
    var recorded = true
    let action: Action

    /// One line: what it is for, in the current language (`command.NAME.summary`).
    var summary: String { tr("command.\(name).summary") }

    /// Long help: what it does and the course's formula for the step, in the current language
    /// (`command.NAME.help`); lines that start with a space are laid out by hand (formulas).
    var help: String { Catalogue.fill(tr("command.\(name).help"), helpArguments()) }

    /// What the positional word at `index` is, given the words typed so far (`positionals[0]`
    /// picks the form); nil past the last one.
    func kind(ofPositional index: Int, after typed: [String]) -> WordKind? {
        if index > 0, let form = forms.first(where: { $0.word == typed[0] }) {
            return index - 1 < form.then.count ? form.then[index - 1] : nil
        }
        if index < positionals.count { return positionals[index] }
        return repeatsLast ? positionals.last : nil
    }
}

/// What one word of a command line is. Completion offers candidates by it; it says nothing about
/// checking, which each command does with its own messages.
enum WordKind: Sendable, Equatable {
    /// A file name: completion offers nothing, so readline completes file names.
    case file
    /// A tensor or layer parameter in the workspace (`x_train`, `conv1.W`, `conv1.out`).
    case workspaceName
    /// A layer of the network (`conv1`).
    case layerName
    /// A command's name (`help train`).
    case command
    /// One of a few words (`fill=zeros`).
    case choice([String])
    /// A number or a size (`epochs=3`, `5x5`), typed by hand.
    case number
    /// A new name or free text (`as=NAME`, `values=1,2,3`), typed by hand.
    case text
    /// Any of these (`val=NAME|none`).
    case oneOf([WordKind])
}

/// A command's options in usage order, each with the kind of its value: `["stride": .number]`.
/// The shell accepts no others.
struct Options: Sendable, ExpressibleByDictionaryLiteral {
    private(set) var entries: [(key: String, value: WordKind)]

    init(dictionaryLiteral elements: (String, WordKind)...) { entries = elements.map { ($0.0, $0.1) } }

    var keys: [String] { entries.map(\.key) }

    /// The kind of `key`'s value; nil when the command has no such option.
    func kind(of key: String) -> WordKind? { entries.first { $0.key == key }?.value }

    /// These options followed by `other`'s: a command's own and a shared one such as `threads=`.
    static func + (lhs: Options, rhs: Options) -> Options {
        var joined = lhs
        joined.entries += rhs.entries
        return joined
    }
}

/// The table every command is looked up in.
enum CommandTable {
    static let all: [Command] = [
        helpCommand, courseCommand, langCommand, varsCommand, showCommand, delCommand, tensorCommand,
        seedCommand, loadCommand, limitCommand,
        netCommand, addCommand, optimizerCommand, shapesCommand,
        outsizeCommand, im2colCommand, col2imCommand,
        forwardCommand, backwardCommand, explainCommand, stepCommand, trainCommand, accuracyCommand, predictCommand, gradcheckCommand,
        confusionCommand, mistakesCommand, plotCommand,
        saveCommand, replayCommand, historyCommand, undoCommand, benchCommand, quitCommand,
    ]

    /// Other names of commands: `exit` is `quit`, `?` is `help`.
    static let aliases = ["exit": quitCommand, "?": helpCommand]

    static let names = all.map(\.name) + aliases.keys.sorted()

    static func command(named name: String) -> Command? {
        all.first { $0.name == name } ?? aliases[name]
    }

    /// The words of a command line with a request for help made `help COMMAND`: `COMMAND --help`
    /// or `COMMAND -h` (the first word after the command), as other tools take it.
    static func helpRequested(_ words: [String]) -> [String] {
        guard words.count >= 2, ["--help", "-h"].contains(words[1]), command(named: words[0]) != nil else { return words }
        return ["help", words[0]]
    }

    static func unknown(_ name: String) -> ShellError {
        // A one-character name (`?`) is one edit from every one-character typo: no suggestion.
        if let close = Suggestion.closest(to: name, among: names.filter { $0.count > 1 }) {
            return ShellError(tr("error.unknown-command.suggest", name, close))
        }
        return ShellError(tr("error.unknown-command", name), hint: tr("error.unknown-command.hint"))
    }
}
