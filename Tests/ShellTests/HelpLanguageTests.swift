import Shell
import XCTest

/// `help` speaks both languages: every command has its summary and help in each catalogue, the
/// Japanese help is printed in Japanese, and the formulas in it are the English ones, character
/// for character.
final class HelpLanguageTests: XCTestCase {
    /// What `line` prints in `language`, at a width that breaks no line (so a line of the help
    /// text is a line of the output).
    func printed(_ line: String, in language: Language, columns: Int = 1000) throws -> String {
        var shell = Shell(language: language)
        var text = ""
        try shell.run(line, output: Output(columns: columns) { text += $0 })
        return text
    }

    /// The command names `help` lists, one a row after its first line.
    func listedNames(in language: Language) throws -> [String] {
        try printed("help", in: language).split(separator: "\n").dropFirst().map { String($0.split(separator: " ")[0]) }
    }

    func testEveryCommandHasItsHelpInBothLanguages() throws {
        let names = try listedNames(in: .english)
        XCTAssertGreaterThanOrEqual(names.count, 33)
        for language in Language.allCases {
            let entries = Catalogue.entries(language)
            for name in names {
                for part in ["summary", "help"] {
                    XCTAssertNotNil(entries["command.\(name).\(part)"], "\(language): no command.\(name).\(part)")
                }
            }
        }
    }

    func testHelpListsEveryCommandInBothLanguages() throws {
        let names = try listedNames(in: .english)
        XCTAssertEqual(try listedNames(in: .japanese), names)
        let japanese = try printed("help", in: .japanese), summaries = Catalogue.entries(.japanese)
        for name in names {
            let summary = try XCTUnwrap(summaries["command.\(name).summary"])
            XCTAssertTrue(japanese.contains("\n  \(name) ") && japanese.contains(" \(summary)\n"), "help lists \(name) in Japanese:\n\(japanese)")
        }
    }

    func testHelpPointsToTheCourseFirst() throws {
        let english = try printed("help", in: .english, columns: 80).split(separator: "\n")
        XCTAssertEqual(english[0], "'course' maps each problem to its commands and script; help COMMAND for usage:")
        XCTAssertEqual(english[1], "  help       list the commands, or explain one (also ?, or COMMAND --help)")
        let japanese = try printed("help", in: .japanese).split(separator: "\n")
        XCTAssertEqual(japanese[0], "'course' で問題ごとのコマンドとスクリプト、help COMMAND で使い方と式:")
        XCTAssertEqual(japanese[1], "  help       コマンドの一覧、または1つのコマンドの説明（?、COMMAND --help でも）")
    }

    func testAddAndOutsizeInJapanese() throws {
        let add = try printed("help add", in: .japanese, columns: 80).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertTrue(add[0].hasPrefix("書式: add conv2d FILTERS KxK [stride=S] [pad=P|same]"), "\(add[0])")
        XCTAssertTrue(add.contains("ネットワークに層を追加し、形状を確かめる"), add.joined(separator: "\n"))
        XCTAssertTrue(add.contains("層を1つ追加し、その前の層の出力に合うかを確かめます。"), add.joined(separator: "\n"))
        let outsize = try printed("help outsize", in: .japanese, columns: 80).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(Array(outsize[0...5]), [
            "書式: outsize INPUT KERNEL [stride=S] [pad=P|same] [filters=M]",
            "",
            "出力サイズとパラメータ数の計算（途中の計算つき）",
            "",
            "畳み込み層やプーリング層の窓についての、講座の出力サイズの式（軸ごと）:",
            "    O = (N + 2P − F)/S + 1",
        ])
        let english = try printed("help outsize", in: .english, columns: 80).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(Array(english[0...5]), [
            "usage: outsize INPUT KERNEL [stride=S] [pad=P|same] [filters=M]",
            "",
            "the output-size and parameter-count calculator, with its arithmetic",
            "",
            "The course's output-size formula for a convolution or pooling window, per axis:",
            "    O = (N + 2P − F)/S + 1",
        ])
    }

    /// A line of help with `=` or `←` and no words (`    O = (N + 2P − F)/S + 1`, the optimizers'
    /// update rules) is a formula: the Japanese help has it as it is. In every other line (formulas
    /// with words such as `over the windows i`, which are translated), each word with a
    /// mathematical sign in it (`M·C·KH·KW`, `σ²`) is in the Japanese too.
    func testFormulasAreTheSameInBothLanguages() throws {
        let words = try Regex("^[A-Za-z][a-z-]+('s)?[,.;:]?$")
        let signs = Set("−·Σ√←⊙²ᵗ×≤⌈⌉‖μσγβε")
        var formulas = 0
        for name in try listedNames(in: .english) {
            // The usage, the summary, then the help, a blank line apart.
            let english = try printed("help \(name)", in: .english).components(separatedBy: "\n\n").dropFirst(2).joined(separator: "\n\n")
            let japanese = try printed("help \(name)", in: .japanese).components(separatedBy: "\n\n").dropFirst(2).joined(separator: "\n\n")
            let japaneseLines = Set(japanese.split(separator: "\n"))
            for line in english.split(separator: "\n") {
                let tokens = line.split(separator: " ")
                if line.contains("=") || line.contains("←"), !tokens.contains(where: { $0.wholeMatch(of: words) != nil }) {
                    formulas += 1
                    XCTAssertTrue(japaneseLines.contains(line), "help \(name): the Japanese lacks the formula line\n\(line)")
                }
                for token in tokens where token.contains(where: signs.contains) {
                    var math = Substring(token.drop { $0 == "(" }).trimmingSuffix(",.;:")
                    if math.filter({ $0 == ")" }).count > math.filter({ $0 == "(" }).count { math = math.dropLast() }
                    XCTAssertTrue(japanese.contains(math), "help \(name): the Japanese lacks '\(math)' of\n\(line)")
                }
            }
        }
        XCTAssertGreaterThanOrEqual(formulas, 7, "the optimizers' rules, outsize's, shapes' and backward's formulas")
    }

    /// Help in English is as it was: the catalogue holds the text the commands held.
    func testEnglishHelpIsUnchanged() throws {
        let step = try printed("help step", in: .english, columns: 80)
        XCTAssertTrue(step.hasPrefix("usage: step\n\none optimizer update from the last backward\n\nApplies the optimizer (see 'help optimizer') once to every parameter, using the\n"), step)
        let undo = try printed("help undo", in: .english)
        XCTAssertTrue(undo.contains("The shell keeps the last 20 steps, and drops the oldest once they hold more than"), undo)
        let narrow = try printed("help load", in: .english, columns: 20).split(separator: "\n")
        XCTAssertEqual(Array(narrow[0...2]), ["usage:", "  load", "      mnist|fashion-mnist"], "a window too narrow for the forms beside it puts them below")
    }
}

private extension Substring {
    /// The text without any of `characters` at its end.
    func trimmingSuffix(_ characters: String) -> Substring {
        var text = self
        while let last = text.last, characters.contains(last) { text = text.dropLast() }
        return text
    }
}
