/// Why a command did not run: what was wrong, what was expected, and a hint for what to type instead.
/// Commands throw it before they change anything, and the shell discards a failed command's
/// workspace copy, so an error never leaves half a change behind.
public struct ShellError: Error, Equatable, CustomStringConvertible {
    /// What the problem is about, shown before a colon: the command (`train`), or the form of it
    /// that failed (`save png`). Commands and their helpers leave it out and the shell fills in the
    /// command's name, so every message names what was typed without each throw site spelling it.
    /// Errors found before a command is known (an unknown command, an open quote) have none.
    public var command: String?
    public var problem: String
    public var expected: String?
    public var hint: String?

    public init(_ problem: String, expected: String? = nil, hint: String? = nil, in command: String? = nil) {
        self.command = command
        self.problem = problem
        self.expected = expected
        self.hint = hint
    }

    /// One line: `train: epochs=0 is out of range; expected ... (hint: ...)`.
    public var description: String {
        var text = command.map { tr("error.command", $0) } ?? ""
        text += problem
        if let expected { text += tr("error.expected", expected) }
        if let hint { text += tr("error.hint", hint) }
        return text
    }

    /// This error as `command` reports it. An error that already names its subject keeps it, so
    /// the most specific one wins: `load npy` set where a file is read stays when the shell adds
    /// `load`.
    func `in`(_ command: String) -> ShellError {
        guard self.command == nil else { return self }
        var named = self
        named.command = command
        return named
    }

    /// Runs `body` with its errors reported as `form`'s (`add conv2d`, `save png`) where they name
    /// no command yet: for a step whose messages name the form rather than the command.
    static func `in`<T>(_ form: String, _ body: () throws(ShellError) -> T) throws(ShellError) -> T {
        do { return try body() } catch { throw error.in(form) }
    }
}
