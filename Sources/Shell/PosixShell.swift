import Foundation

/// Command lines for a POSIX shell (sh, bash, zsh) that cnnsh shows for the user to paste, such as
/// a saved session's `# replay with: cnnsh 'a(1).cnn'`. Not `Words.quoted`, which writes cnnsh's
/// own command lines: cnnsh gives `(`, `&`, `*`, `~`, `!` or `[` no meaning, a POSIX shell does.
enum PosixShell {
    /// `word` as a POSIX shell reads it back as one word: as it is when every character is one no
    /// shell treats specially (ASCII letters, digits and `_./,:=+@%-`), otherwise in single quotes,
    /// with each `'` written `'\''`.
    static func quoted(_ word: String) -> String {
        let plain = !word.isEmpty && word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_./,:=+@%-".contains($0)) }
        return plain ? word : Words.singleQuoted(word)
    }

    /// The command that runs the script at `path` in cnnsh. A path starting with `-` is given as
    /// `./-...`, which names the same file, so that cnnsh does not take it for an option.
    static func cnnsh(script path: String) -> String {
        "cnnsh " + quoted(path.hasPrefix("-") ? "./" + path : path)
    }
}
