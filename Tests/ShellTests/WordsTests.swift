import Foundation
import Shell
import XCTest

/// Lines are read as a POSIX shell reads words: single quotes, double quotes with backslash
/// escapes, backslashes outside quotes, `;` between commands and `#` comments. An error that
/// names a word (an unknown command, an unexpected argument) shows the word as it was read.
final class WordsTests: ScratchDirectoryTestCase {
    /// Each form of quoting, as the word it makes: the first word names an unknown command, a
    /// second word is `quit`'s unexpected argument.
    func testEachFormOfQuotingMakesTheWordAShellWould() {
        let cases = [
            // Single quotes keep every character.
            ("'a b;c#d\\e\"f'", "unknown command 'a b;c#d\\e\"f'"),
            ("quit ''", "unexpected argument ''"),
            // Double quotes take only " \ $ ` literally after a backslash.
            ("\"a \\\"b\\\" \\\\ \\$ \\` \\n;#\"", "unknown command 'a \"b\" \\ $ ` \\n;#'"),
            ("quit \"\"", "unexpected argument ''"),
            // A backslash outside quotes takes the next character literally.
            ("a\\ b\\;c\\'\\\"\\#", "unknown command 'a b;c'\"#'"),
            ("quit \\#", "unexpected argument '#'"),
            // Quoted and unquoted parts next to each other make one word.
            ("a'b c'd", "unknown command 'ab cd'"),
            ("quit x\"y z\"'w'\\ v", "unexpected argument 'xy zw v'"),
        ]
        var h = Harness()
        for (line, message) in cases { h.fails(line, message) }
    }

    func testSemicolonsAndHashesInsideQuotesAreWordsAndACommentEndsTheLine() {
        var h = Harness()
        h.fails("quit 'a;b'", "unexpected argument 'a;b'")
        h.fails("quit \"a;b\"", "unexpected argument 'a;b'")
        h.run("seed 3 # the seed; seed 5")
        XCTAssertEqual(h.run("seed"), "seed 3\n", "the comment took the rest of the line")
        h.fails("seed 4#5", "'4#5' is not a seed")
        XCTAssertEqual(h.run("# seed 6; seed 7"), "")
        XCTAssertEqual(h.run(" ; ;seed 8;"), "seed 8\n")
    }

    /// A line that cannot be read runs none of its commands.
    func testAnOpenQuoteOrATrailingBackslashRefusesTheWholeLine() {
        var h = Harness()
        h.fails("seed 7; show 'x_train", "unclosed single quote", "hint: close it with another '")
        h.fails("seed 7; show \"x_train", "unclosed double quote", "hint: close it with another \"")
        h.fails("seed 7; show x_train\\", "ends in a backslash", "hint: write \\\\ for a backslash")
        h.fails("seed 7; show \"x\\\"", "unclosed double quote")
        XCTAssertEqual(h.run("seed"), "seed 0\n")
    }

    /// File names with blanks, quotes and semicolons go into the saved session quoted as they were
    /// typed, and its replay reads the same names.
    func testQuotedFileNamesRoundTripThroughASavedSession() throws {
        var h = Harness()
        let odd = directory.appendingPathComponent("it's a; #test\\ \"x\".npy").path
        let quoted = "'" + odd.replacingOccurrences(of: "'", with: "'\\''") + "'"
        h.run("seed 2; tensor a 2x3 fill=randn")
        XCTAssertTrue(h.run("save a \(quoted)").contains(odd))
        h.run("load npy " + quoted.replacingOccurrences(of: "a; #", with: "a'\"; #\"'") + " as b")
        let session = directory.appendingPathComponent("my session.cnn").path
        h.run("save session '\(session)'")
        XCTAssertTrue(try String(contentsOfFile: session, encoding: .utf8).contains("# replay with: cnnsh '\(session)'\n"))

        var fresh = Harness()
        fresh.run("replay \"\(session)\"")
        XCTAssertEqual(fresh.run("show b"), h.run("show b"))
        XCTAssertEqual(fresh.shell.workspace.log, h.shell.workspace.log)
    }

    func testCompletionReadsQuotesAndSemicolonsAsLinesDo() {
        let shell = Harness().shell
        XCTAssertEqual(shell.completions(before: "seed 1 ';' ; ", word: "sh"), ["show", "shapes"])
        XCTAssertEqual(shell.completions(before: "quit \"a;b\" ; load ", word: "f"), ["fashion-mnist"])
        XCTAssertEqual(shell.completions(before: "save session 'my ", word: "f"), [], "inside a file name: readline completes files")
        XCTAssertEqual(shell.completions(before: "# load ", word: "f"), [])
    }
}
