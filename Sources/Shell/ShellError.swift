/// Why a command did not run: what was wrong, what was expected, and a hint for what to type instead.
/// Commands throw it before they change anything, and the shell discards a failed command's
/// workspace copy, so an error never leaves half a change behind.
public struct ShellError: Error, Equatable, CustomStringConvertible {
    public var problem: String
    public var expected: String?
    public var hint: String?

    public init(_ problem: String, expected: String? = nil, hint: String? = nil) {
        self.problem = problem
        self.expected = expected
        self.hint = hint
    }

    /// One line: `unknown command 'forwrd' — did you mean 'forward'?` style.
    public var description: String {
        var text = problem
        if let expected { text += "; expected \(expected)" }
        if let hint { text += " (hint: \(hint))" }
        return text
    }
}
