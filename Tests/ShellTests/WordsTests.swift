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

    /// The saved session's `# replay with:` line is a POSIX shell command: pasted into sh, it gives
    /// cnnsh the file's name as one word, whatever characters the name holds.
    func testTheReplayLineOfASavedSessionIsSafeToPasteIntoAPosixShell() throws {
        let shells = ["/bin/sh", "/bin/bash", "/bin/dash"].filter { FileManager.default.isExecutableFile(atPath: $0) }
        guard !shells.isEmpty else { throw XCTSkip("no POSIX shell") }
        let names = ["a(1).cnn", "x & y|z <w>;v.cnn", "it's.cnn", "$HOME `id` $(id).cnn", "~a*?[b]{c,d}!#.cnn", "back\\slash \"q\".cnn",
                     "é\tü.cnn", "-x.cnn", "--help", "plain-name_1.2,3:4=5+6@7%.cnn"]
        let previous = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(directory.path))
        defer { FileManager.default.changeCurrentDirectoryPath(previous) }
        var h = Harness()
        h.run("seed 1")
        for name in names {
            h.run("save session '" + name.replacingOccurrences(of: "'", with: "'\\''") + "'")
            let script = try String(contentsOfFile: name, encoding: .utf8)
            let line = try XCTUnwrap(script.split(separator: "\n").dropFirst().first)
            XCTAssertTrue(line.hasPrefix("# replay with: cnnsh "), String(line))
            let command = String(line.dropFirst("# replay with: ".count))
            for shell in shells {
                // A function in cnnsh's place prints how many arguments it was given, and the first.
                let process = Process()
                process.executableURL = URL(fileURLWithPath: shell)
                process.arguments = ["-c", "cnnsh() { printf '%s\\n' \"$#\" \"$1\"; }; " + command]
                let pipe = Pipe()
                process.standardOutput = pipe
                try process.run()
                let printed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                XCTAssertEqual(printed, "1\n" + (name.hasPrefix("-") ? "./" : "") + name + "\n", "\(shell) reads \(command)")
            }
        }
        let header = { (name: String) in try String(contentsOfFile: name, encoding: .utf8).split(separator: "\n")[1] }
        XCTAssertEqual(try header("a(1).cnn"), "# replay with: cnnsh 'a(1).cnn'")
        XCTAssertEqual(try header("it's.cnn"), "# replay with: cnnsh 'it'\\''s.cnn'")
        XCTAssertEqual(try header("-x.cnn"), "# replay with: cnnsh ./-x.cnn", "not an option of cnnsh")
        XCTAssertEqual(try header("plain-name_1.2,3:4=5+6@7%.cnn"), "# replay with: cnnsh plain-name_1.2,3:4=5+6@7%.cnn", "nothing to quote")
    }

    /// A quote or backslash left bare (as sessions saved before quotes were read may have them)
    /// is refused with how to write it; in a script file, with why such a line may be there.
    func testAnUnquotedQuoteSaysHowToQuoteItAndInAScriptWhyItMayBeThere() throws {
        var h = Harness()
        h.run("seed 2; tensor a 2x3 fill=randn")
        let file = directory.appendingPathComponent("it's.npy").path
        let typed = h.fails("load npy \(file) as b", "unclosed single quote", "write \\' or put the word in double quotes: it\\'s.npy or \"it's.npy\"")
        XCTAssertFalse(typed.contains("saved before"), "a typed line is no old script: \(typed)")
        let old = directory.appendingPathComponent("old.cnn").path
        try "seed 2\ntensor a 2x3 fill=randn\nsave a \(file)\n".write(toFile: old, atomically: true, encoding: .utf8)
        let note = "scripts saved before cnnsh read quotes may need such names quoted"
        h.fails("replay \(old)", "old.cnn:3: unclosed single quote", "it\\'s.npy or \"it's.npy\"", note)
        var shell = Shell()
        var errors: [String] = []
        XCTAssertFalse(shell.runScript(path: old, echo: false, keepGoing: false, output: Output { _ in }) { errors.append($0) })
        XCTAssertEqual(errors.count, 1)
        XCTAssertTrue(errors[0].hasPrefix("\(old):3: error: unclosed single quote (hint: ") && errors[0].contains(note), errors[0])
        errors = []
        XCTAssertFalse(shell.runScript("load npy C:\\data\\", source: "-c", echo: false, keepGoing: false, output: Output { _ in }) { errors.append($0) })
        XCTAssertTrue(errors[0].contains("ends in a backslash") && !errors[0].contains(note), "-c is typed, not saved: \(errors)")

        // Quoted as the hint says, the line runs.
        try "seed 2\ntensor a 2x3 fill=randn\nsave a \"\(file)\"\nload npy \(file.replacingOccurrences(of: "'", with: "\\'")) as b\n".write(toFile: old, atomically: true, encoding: .utf8)
        h.run("replay \(old)")
        XCTAssertEqual(h.shell.workspace.tensors["b"], h.shell.workspace.tensors["a"])
    }

    func testCompletionReadsQuotesAndSemicolonsAsLinesDo() {
        let shell = Harness().shell
        XCTAssertEqual(shell.completions(before: "seed 1 ';' ; ", word: "sh"), ["show", "shapes"])
        XCTAssertEqual(shell.completions(before: "quit \"a;b\" ; load ", word: "f"), ["fashion-mnist"])
        XCTAssertEqual(shell.completions(before: "save session 'my ", word: "f"), [], "inside a file name: readline completes files")
        XCTAssertEqual(shell.completions(before: "# load ", word: "f"), [])
    }
}
