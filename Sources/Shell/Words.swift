import Foundation

/// A line read as a POSIX shell reads words. Blanks (spaces, tabs) separate words and `;` separates
/// commands. `'…'` keeps every character literally; `"…"` keeps them too, except that a backslash
/// takes `"`, `\`, `$` and `` ` `` literally (before any other character it stays a backslash);
/// outside quotes a backslash takes the next character literally. Quoted and unquoted parts next to
/// each other make one word (`a'b c'd` is `ab cd`), and `''` is an empty word. A `#` that begins a
/// word outside quotes starts a comment to the end of the line. A script is read a line at a time,
/// so a backslash before a newline joins no lines, as POSIX would: it ends the line, an error.
enum Words {
    /// One command of a line: its text as typed (without the blanks around it and a comment), which
    /// reads back as the same words, and its words.
    struct Command: Equatable {
        var text: String
        var words: [String]
    }

    /// The commands of a line, those without words left out. A quote left open or a backslash at
    /// the end is an error rather than a guess.
    static func commands(in line: String) throws(ShellError) -> [Command] {
        var reader = Reader()
        for ch in line { reader.read(ch) }
        switch reader.state {
        case .single:
            throw ShellError(tr("words.unclosed-single"), hint: tr("words.unclosed-single.hint"))
        case .double, .doubleEscape:
            throw ShellError(tr("words.unclosed-double"), hint: tr("words.unclosed-double.hint"))
        case .escape:
            throw ShellError(tr("words.trailing-backslash"), hint: tr("words.trailing-backslash.hint"))
        case .plain, .comment: break
        }
        reader.endCommand()
        return reader.commands
    }

    /// The words of the last command of `before`, the line up to a word being completed: an open
    /// quote or backslash is that word's beginning, not a word of its own. Nil in a comment.
    static func lastCommand(of before: String) -> [String]? {
        var reader = Reader()
        for ch in before { reader.read(ch) }
        if reader.state == .comment { return nil }
        if reader.state == .plain { reader.endWord() }
        return reader.words
    }

    /// `word` as a line writes it so that it reads back as the same word: as it is when it holds
    /// nothing special, otherwise in single quotes, with each `'` written `'\''`.
    static func quoted(_ word: String) -> String {
        let special: Set<Character> = [" ", "\t", "\n", "\r", "\r\n", "'", "\"", "\\", ";", "#", "$", "`"]
        guard word.isEmpty || word.contains(where: special.contains) else { return word }
        return singleQuoted(word)
    }

    /// `word` in single quotes, each `'` in it written `'\''`: one word to cnnsh and to a POSIX shell alike.
    static func singleQuoted(_ word: String) -> String { "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// The words as one line: `quoted` each, joined by spaces.
    static func line(_ words: [String]) -> String { words.map(quoted).joined(separator: " ") }

    /// Reads a line a character at a time.
    private struct Reader {
        enum State { case plain, escape, single, double, doubleEscape, comment }
        var state = State.plain
        var commands: [Command] = []
        var words: [String] = [], word = "", inWord = false
        var text = "", blanks = ""

        mutating func read(_ ch: Character) {
            if state == .comment { return }
            let blank = state == .plain && (ch == " " || ch == "\t")
            // The command's text: blanks between words kept, those around it and the `;` or comment not.
            if blank {
                if !text.isEmpty { blanks.append(ch) }
            } else if !(state == .plain && (ch == ";" || ch == "#" && !inWord)) {
                text += blanks
                text.append(ch)
                blanks = ""
            }
            switch state {
            case .comment: return
            case .escape:
                word.append(ch)
                state = .plain
            case .single: if ch == "'" { state = .plain } else { word.append(ch) }
            case .double:
                if ch == "\"" { state = .plain } else if ch == "\\" { state = .doubleEscape } else { word.append(ch) }
            case .doubleEscape:
                if !"\"\\$`".contains(ch) { word.append("\\") }
                word.append(ch)
                state = .double
            case .plain:
                switch ch {
                case " ", "\t": endWord()
                case ";": endCommand()
                case "#" where !inWord: state = .comment
                case "\\": (state, inWord) = (.escape, true)
                case "'": (state, inWord) = (.single, true)
                case "\"": (state, inWord) = (.double, true)
                default:
                    word.append(ch)
                    inWord = true
                }
            }
        }

        mutating func endWord() {
            if inWord { words.append(word) }
            (word, inWord) = ("", false)
        }

        mutating func endCommand() {
            endWord()
            if !words.isEmpty { commands.append(Command(text: text, words: words)) }
            (words, text, blanks) = ([], "", "")
        }
    }
}
