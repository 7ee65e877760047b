import Foundation
import Shell
import XCTest

/// The two catalogues say the same things: every message exists in both languages with the same
/// arguments, and every key the sources ask for exists.
final class CatalogueTests: XCTestCase {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")

    /// `.one` keys are the singular forms of languages that have plurals; Japanese has none.
    func significantKeys(_ language: Language) -> Set<String> {
        Set(Catalogue.entries(language).keys.filter { !$0.hasSuffix(".one") })
    }

    func testEveryMessageExistsInBothLanguages() {
        let english = significantKeys(.english), japanese = significantKeys(.japanese)
        XCTAssertEqual(english.subtracting(japanese).sorted(), [], "messages with no Japanese")
        XCTAssertEqual(japanese.subtracting(english).sorted(), [], "messages with no English")
        for key in Catalogue.entries(.japanese).keys where key.hasSuffix(".one") {
            XCTFail("\(key): Japanese has no singular form")
        }
        for key in Catalogue.entries(.english).keys where key.hasSuffix(".one") {
            XCTAssertNotNil(Catalogue.entries(.english)[String(key.dropLast(4))], "\(key) is the singular of a message that does not exist")
        }
        XCTAssertEqual(Catalogue.duplicates(.english), [])
        XCTAssertEqual(Catalogue.duplicates(.japanese), [])
    }

    func testBothLanguagesTakeTheSameArguments() {
        func placeholders(_ text: String) -> Set<String> {
            Set(text.matches(of: /\{[0-9]+\}/).map { String(text[$0.range]) })
        }
        let japanese = Catalogue.entries(.japanese)
        for (key, english) in Catalogue.entries(.english) {
            let base = key.hasSuffix(".one") ? String(key.dropLast(4)) : key
            guard let translated = japanese[base] else { continue }
            XCTAssertEqual(placeholders(english).subtracting(placeholders(translated)), [], "\(key): arguments the Japanese leaves out")
            XCTAssertEqual(placeholders(translated).subtracting(placeholders(english)), [], "\(key): arguments only the Japanese has")
        }
    }

    /// A Japanese message that is the English one was not translated: allowed only for text with
    /// no English words in it (`{0}: `, formulas).
    func testJapaneseIsTranslated() {
        let english = Catalogue.entries(.english)
        for (key, japanese) in Catalogue.entries(.japanese) where japanese == english[key] {
            XCTAssertNil(japanese.firstMatch(of: /[A-Za-z]{4,} [a-z]{2,}/), "\(key) is English in the Japanese catalogue: \(japanese)")
        }
    }

    /// Every `tr("key"...)` in the sources names a message of the catalogue.
    func testEveryKeyTheSourcesUseExists() throws {
        let files = try XCTUnwrap(FileManager.default.enumerator(atPath: Self.sources.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        var used = 0
        for file in files {
            let text = try String(contentsOf: Self.sources.appendingPathComponent(file), encoding: .utf8)
            let code = text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }.joined(separator: "\n")
            for match in code.matches(of: /tr\((?:plural: )?"([^"\\]+)"/) {
                used += 1
                XCTAssertNotNil(Catalogue.entries(.english)[String(match.1)], "\(file): tr(\"\(match.1)\") is no message")
            }
        }
        XCTAssertGreaterThan(used, 5)
    }

    /// The language comes from the locale as POSIX picks it, and `lang` changes it.
    func testLanguageFollowsTheLocale() throws {
        XCTAssertEqual(Language(environment: ["LANG": "ja_JP.UTF-8"]), .japanese)
        XCTAssertEqual(Language(environment: ["LANG": "en_US.UTF-8"]), .english)
        XCTAssertEqual(Language(environment: ["LANG": "C"]), .english)
        XCTAssertEqual(Language(environment: [:]), .english)
        XCTAssertEqual(Language(environment: ["LC_ALL": "C", "LANG": "ja_JP.UTF-8"]), .english, "LC_ALL wins")
        XCTAssertEqual(Language(environment: ["LC_MESSAGES": "ja_JP.UTF-8", "LANG": "C"]), .japanese)
        XCTAssertEqual(Language(environment: ["LC_ALL": "", "LANG": "ja"]), .japanese, "an empty variable is unset")
        XCTAssertEqual(Language(environment: ["LANG": "fr_FR.UTF-8"]), .english, "no French catalogue")
        var shell = Shell()
        var text = ""
        let output = Output { text += $0 }
        try shell.run("lang ja", output: output)
        XCTAssertEqual(shell.language, .japanese)
        XCTAssertThrowsError(try shell.run("frob", output: output)) { XCTAssertTrue("\($0)".contains("コマンドはありません"), "\($0)") }
        XCTAssertThrowsError(try shell.run("lang fr", output: output))
        XCTAssertEqual(shell.language, .japanese, "a failed lang changes nothing")
        try shell.run("lang en", output: output)
        XCTAssertThrowsError(try shell.run("frob", output: output)) { XCTAssertEqual("\($0)", "unknown command 'frob' (hint: 'help' lists the commands)") }
    }

    /// Keys made from a name at run time (`net.origin.NAME`) are outside the scan above: every
    /// preset `help net` lists has its words in both languages.
    func testEveryPresetSaysWhereItComesFrom() throws {
        for language in Language.allCases {
            var shell = Shell(language: language)
            var text = ""
            try shell.run("help net", output: Output(columns: 200) { text += $0 })
            XCTAssertNil(text.firstMatch(of: /net\.origin/), "\(language): \(text)")
            XCTAssertTrue(text.contains("simpleconvnet"), text)
        }
        _ = Shell(language: .english)
    }
}
