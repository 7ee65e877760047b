/// A command line split into words, then into positional arguments and `key=value` options.
///
/// The words are read from the line by `Words`, quotes and backslashes already taken away.
/// Its errors about the words name `command` themselves, so that a step reported as a form of the
/// command (`add conv2d: kernel ...`) does not rename them (`add: missing FILTERS`).
public struct Arguments {
    public let command: String
    /// The command's usage, which usage errors quote as their hint.
    let usage: String
    public private(set) var positionals: [String] = []
    public private(set) var options: [(key: String, value: String)] = []

    init(command: String, usage: String, words: ArraySlice<String>) {
        self.command = command
        self.usage = usage
        for word in words {
            if Self.isOption(word), let eq = word.firstIndex(of: "=") {
                options.append((String(word[..<eq]), String(word[word.index(after: eq)...])))
            } else {
                positionals.append(word)
            }
        }
    }

    /// Whether `word` is a `key=value` option rather than a positional word.
    static func isOption(_ word: String) -> Bool {
        guard let eq = word.firstIndex(of: "="), eq != word.startIndex else { return false }
        return word[..<eq].allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    // MARK: Positionals

    func positional(_ index: Int, _ what: String) throws(ShellError) -> String {
        guard index < positionals.count else {
            throw ShellError(tr("args.missing", what), hint: tr("args.usage", usage), in: command)
        }
        return positionals[index]
    }

    func optionalPositional(_ index: Int) -> String? { index < positionals.count ? positionals[index] : nil }

    /// Refuses positional words past the first `count`.
    func expectPositionals(atMost count: Int) throws(ShellError) {
        guard positionals.count <= count else {
            throw ShellError(tr("args.unexpected", positionals[count]), hint: tr("args.usage", usage), in: command)
        }
    }

    /// Refuses options not in `allowed`, pointing at the bad token and listing the good ones.
    func expectOptions(_ allowed: [String]) throws(ShellError) {
        var seen: Set<String> = []
        for (key, value) in options {
            guard allowed.contains(key) else {
                let close = Suggestion.hint(for: key, among: allowed) { "\($0)=" }
                throw ShellError(tr("args.unknown-option", "\(key)=\(value)"),
                                 expected: allowed.isEmpty ? tr("args.no-options") : allowed.map { "\($0)=" }.joined(separator: ", "),
                                 hint: close ?? tr("args.usage", usage), in: command)
            }
            guard seen.insert(key).inserted else { throw ShellError(tr("args.option-twice", key), in: command) }
        }
    }

    // MARK: Options

    func string(_ key: String) -> String? { options.last { $0.key == key }?.value }

    func int(_ key: String, default value: Int? = nil, in range: ClosedRange<Int>) throws(ShellError) -> Int? {
        guard let text = string(key) else { return value }
        return try ShellError.in(command) { () throws(ShellError) in try Parse.int(text, what: "\(key)=", in: range) }
    }

    /// An option whose value is one of a few words.
    func word(_ key: String, among choices: [String], default value: String) throws(ShellError) -> String {
        guard let text = string(key) else { return value }
        guard choices.contains(text) else {
            let close = Suggestion.hint(for: text, among: choices) { "\(key)=\($0)" }
            throw ShellError(tr("args.not-a-choice", "\(key)=\(text)"), expected: Format.alternatives(choices.map { "\(key)=\($0)" }), hint: close, in: command)
        }
        return text
    }

    func float(_ key: String, default value: Float? = nil, in range: ClosedRange<Float>? = nil, expected: String? = nil) throws(ShellError) -> Float? {
        guard let text = string(key) else { return value }
        let expected = expected ?? tr("args.a-number")
        guard let v = Float(text), v.isFinite else {
            throw ShellError(tr("args.not-finite", "\(key)=\(text)"), expected: expected, in: command)
        }
        if let range, !range.contains(v) { throw ShellError(tr("args.out-of-range", "\(key)=\(text)"), expected: expected, in: command) }
        return v
    }
}
