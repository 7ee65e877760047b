import Foundation
import XCTest

/// The language as a user chooses it: the locale's variables, `--lang`, and `lang` in a saved session.
final class LanguageProcessTests: ScratchDirectoryTestCase {
    /// `cnnsh ARGUMENTS` with only `variables` (and PATH, HOME) in its environment.
    func cnnsh(_ arguments: [String], _ variables: [String: String] = [:]) throws -> (out: String, err: String, status: Int32) {
        let binary = try XCTUnwrap(ProcessTests.binary, "the cnnsh executable is built next to the tests")
        return try runToEnd(binary.path, arguments, environment: ["PATH": "/usr/bin:/bin", "HOME": directory.path].merging(variables) { $1 })
    }

    /// Whether `text` holds kana, which only the Japanese catalogue prints.
    func isJapanese(_ text: String) -> Bool { text.contains(/[\p{Hiragana}\p{Katakana}]/) }

    func testTheLocaleChoosesTheLanguage() throws {
        let commands = ["help", "help add", "net lenet; shapes"]
        for command in commands {
            let japanese = try cnnsh(["-c", command], ["LANG": "ja_JP.UTF-8"])
            XCTAssertEqual(japanese.status, 0, japanese.err)
            XCTAssertTrue(isJapanese(japanese.out), "\(command) in Japanese: \(japanese.out.prefix(300))")
            for locale in [["LANG": "C"], ["LANG": "en_US.UTF-8"], [:], ["LC_ALL": "C", "LANG": "ja_JP.UTF-8"]] {
                let english = try cnnsh(["-c", command], locale)
                XCTAssertEqual(english.status, 0, english.err)
                XCTAssertFalse(isJapanese(english.out), "\(command) under \(locale): \(english.out.prefix(300))")
            }
            XCTAssertEqual(try cnnsh(["--lang", "ja", "-c", command], ["LANG": "C"]).out, japanese.out, "--lang ja is LANG=ja")
            XCTAssertEqual(try cnnsh(["-c", command], ["LC_MESSAGES": "ja_JP.UTF-8"]).out, japanese.out, "LC_MESSAGES is read")
        }
        let unknown = try cnnsh(["-c", "frob"], ["LANG": "ja_JP.UTF-8"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.err.hasPrefix("-c:1: エラー: "), unknown.err)
        XCTAssertTrue(isJapanese(unknown.err), unknown.err)
        let english = try cnnsh(["-c", "frob"], ["LANG": "en_US.UTF-8"])
        XCTAssertEqual(english.err, "-c:1: error: unknown command 'frob' (hint: 'help' lists the commands)\n")
        let wrong = try cnnsh(["--lang", "fr", "-c", "help"])
        XCTAssertEqual(wrong.status, 64, "an unknown --lang is a bad command line")
    }

    /// `lang ja` is part of the session: its replay speaks Japanese whatever the locale, and builds
    /// the same workspace as the English one.
    func testASavedSessionKeepsItsLanguage() throws {
        let session = directory.appendingPathComponent("ja.cnn").path
        let saved = try cnnsh(["-c", "lang ja; outsize 28 5; save session '\(session)'"], ["LANG": "C"])
        XCTAssertEqual(saved.status, 0, saved.err)
        let script = try String(contentsOfFile: session, encoding: .utf8)
        XCTAssertTrue(script.contains("\nlang ja\n"), script)
        let replayed = try cnnsh([session], ["LANG": "C"])
        XCTAssertEqual(replayed.status, 0, replayed.err)
        XCTAssertTrue(isJapanese(replayed.out), replayed.out)
        let english = try cnnsh(["-c", "outsize 28 5"], ["LANG": "C"]).out
        XCTAssertFalse(isJapanese(english))
        XCTAssertEqual(replayed.out.filter(\.isNumber), english.filter(\.isNumber), "the same arithmetic in either language")
    }
}
