import Shell
import XCTest

/// Text is laid out by the columns it takes on a terminal, not by its characters: a Japanese
/// character takes two, so Japanese tables line up and Japanese lines fit the window.
final class DisplayWidthTests: XCTestCase {
    /// Messages are written in the language of the shell that ran last: back to English for the
    /// tests that call the renderers directly.
    override func tearDown() {
        var english = Shell()
        try? english.run("seed 1", output: Output { _ in })
    }

    func testWidthsOfCharacters() {
        let widths: [(text: String, columns: Int, why: String)] = [
            ("conv1 28×28 …", 13, "ASCII and the signs tables use take one column each"),
            ("ひらがなカタカナ漢字", 20, "kana and kanji take two"),
            ("、。（）「」", 12, "Japanese punctuation is wide"),
            ("ＡＢ１２！", 10, "full-width forms"),
            ("ｶﾀｶﾅ", 4, "half-width katakana are narrow"),
            ("한국어", 6, "Hangul is wide"),
            ("e\u{301}te\u{301}", 3, "a combining accent takes no column"),
            ("\u{301}", 0, "nor does one alone"),
            ("a\u{200B}b", 2, "a zero-width space"),
            ("😀🇯🇵", 4, "emoji and flags take two"),
            ("✓ ✗ █░ ─│", 9, "check marks, blocks and box drawing take one"),
            ("", 0, "nothing"),
        ]
        for (text, columns, why) in widths { XCTAssertEqual(text.displayWidth, columns, "'\(text)': \(why)") }
    }

    func testPaddingAndCutting() {
        XCTAssertEqual("形".padded(toWidth: 4), "形  ")
        XCTAssertEqual("形".leftPadded(toWidth: 4), "  形")
        XCTAssertEqual("パラメータ数".padded(toWidth: 4), "パラメータ数", "wider text stays whole")
        XCTAssertEqual("日本語".prefix(width: 3), "日", "a wide character is never split")
        XCTAssertEqual("日本語".cut(toWidth: 6), "日本語", "what fits stays")
        XCTAssertEqual("日本語".cut(toWidth: 5), "日本…")
        XCTAssertEqual("日本語".cut(toWidth: 4), "日 …", "the column a wide character would split is a space")
        XCTAssertEqual("multiply-adds".cut(toWidth: 8), "multipl…", "English is cut as before")
        for width in 2...12 {
            XCTAssertEqual("出力の形 output".cut(toWidth: width).displayWidth, min(width, 16), "cut to \(width)")
        }
    }

    func testJapaneseProseWrapsBetweenCharactersAndNotBeforeClosingMarks() {
        let prose = "畳み込み層の出力サイズは、入力の大きさ、フィルタの大きさ、パディングとストライドで決まります。'outsize 28 5' で計算できます（パディングなし）。"
        for width in [20, 21, 30, 41] {
            let lines = Output.wrapped(prose, width: width).split(separator: "\n").map(String.init)
            XCTAssertGreaterThan(lines.count, 1, "broken at \(width)")
            for line in lines {
                XCTAssertLessThanOrEqual(line.displayWidth, width, "'\(line)' at \(width)")
                XCTAssertFalse(line.trimmingCharacters(in: .whitespaces).first.map { "、。）」".contains($0) } ?? false, "'\(line)' starts with a closing mark")
                XCTAssertFalse(line.last.map { "（「".contains($0) } ?? false, "'\(line)' ends with an opening mark")
            }
            let joined = lines.enumerated().map { $0 == 0 ? $1 : String($1.dropFirst(2)) }.joined()
            XCTAssertEqual(joined.replacingOccurrences(of: " ", with: ""), prose.replacingOccurrences(of: " ", with: ""), "nothing lost at \(width)")
        }
        XCTAssertEqual(Output.wrapped("the output size of a convolution layer is (H + 2P - K) / S + 1", width: 30),
                       "the output size of a\n  convolution layer is (H + 2P\n  - K) / S + 1\n", "English breaks at spaces as before")
    }

    /// Runs `line` in a Japanese shell at `columns` and returns its lines.
    func printed(_ shell: inout Shell, _ line: String, columns: Int, file: StaticString = #filePath, line number: UInt = #line) -> [String] {
        var text = ""
        do { try shell.run(line, output: Output(columns: columns) { text += $0 }) } catch {
            XCTFail("'\(line)' failed: \(error)", file: file, line: number)
        }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The bands of a table: each heading row (one that passes `isHeading`) with the rows after it
    /// whose first cell passes `isRow`.
    func bands(of lines: [String], isHeading: (String) -> Bool, isRow: (String) -> Bool) -> [[String]] {
        var bands: [[String]] = []
        for (i, line) in lines.enumerated() where isHeading(line) {
            let rows = lines[(i + 1)...].prefix { isRow(String($0.split(separator: " ").first ?? "")) }
            bands.append([line] + rows)
        }
        return bands
    }

    /// The display column where `cell` starts in `line`.
    func column(of cell: String, in line: String) -> Int? {
        line.range(of: cell).map { line[..<$0.lowerBound].displayWidth }
    }

    /// The character drawn at display column `c` of `line` (a wide one covers two), nil past its end.
    func character(at c: Int, in line: String) -> Character? {
        var used = 0
        for character in line {
            used += character.displayWidth
            if used > c { return character }
        }
        return nil
    }

    /// Each band lines up: no row is wider than its heading, every left-aligned column starts and
    /// every right-aligned one ends where its heading does (cells left empty aside), so that rows
    /// ending in a right-aligned column are as wide as the heading.
    func assertAligned(_ bands: [[String]], left: [String], right: [String], columns: Int, _ what: String,
                       file: StaticString = #filePath, line number: UInt = #line) {
        XCTAssertFalse(bands.isEmpty, "\(what) at \(columns) columns has its table", file: file, line: number)
        for band in bands {
            let shown = "\(what) at \(columns) columns:\n" + band.joined(separator: "\n")
            XCTAssertGreaterThan(band.count, 1, shown, file: file, line: number)
            XCTAssertEqual(band.filter { $0.displayWidth > band[0].displayWidth }, [], "no row wider than the heading: " + shown, file: file, line: number)
            if right.contains(where: { band[0].hasSuffix($0) }) {
                let full = band.filter { $0.last != " " && $0.displayWidth == band[0].displayWidth }
                XCTAssertGreaterThan(full.count, band.count / 2, "rows end where the heading does: " + shown, file: file, line: number)
            }
            for heading in left {
                guard let c = column(of: heading, in: band[0]) else { continue }
                for row in band where c > 0 {
                    XCTAssertEqual(character(at: c - 1, in: row), " ", "'\(heading)' starts a column: " + shown, file: file, line: number)
                }
            }
            for heading in right {
                guard let c = column(of: heading, in: band[0]).map({ $0 + heading.displayWidth }) else { continue }
                let start = c - heading.displayWidth
                for row in band where (start..<c).contains(where: { character(at: $0, in: row) ?? " " != " " }) {  // empty cells aside
                    XCTAssertNotEqual(character(at: c - 1, in: row) ?? " ", " ", "'\(heading)' ends a column: " + shown, file: file, line: number)
                    XCTAssertEqual(character(at: c, in: row) ?? " ", " ", "'\(heading)' ends a column: " + shown, file: file, line: number)
                }
            }
            let found = (left + right).filter { column(of: $0, in: band[0]) != nil }
            XCTAssertFalse(found.isEmpty, "headings in Japanese: " + shown, file: file, line: number)
        }
    }

    func assertFits(_ lines: [String], columns: Int, _ what: String, file: StaticString = #filePath, line number: UInt = #line) {
        XCTAssertEqual(lines.filter { $0.displayWidth > columns }, [], "\(what) fits \(columns) columns", file: file, line: number)
    }

    func testJapaneseTablesLineUpAtEveryWidth() {
        var shell = Shell(language: .japanese)
        _ = printed(&shell, "seed 1; load mnist train=200 test=100; net lenet; train epochs=1 batch=50", columns: 80)
        // A row starts with a layer's or a tensor's name (conv1, conv1.W, x_train) or the input's.
        let isName = { (cell: String) in cell == "入力" || cell.wholeMatch(of: /[A-Za-z_][A-Za-z0-9_.]*/) != nil }
        for columns in [40, 80, 200] {
            let shapes = printed(&shell, "shapes", columns: columns)
            let shapeBands = bands(of: shapes, isHeading: { $0.hasPrefix("層 ") }, isRow: isName)
            assertAligned(shapeBands.filter { ["種類", "出力の形", "パラメータ数"].contains(where: $0[0].contains) },
                          left: ["種類", "出力の形"], right: ["パラメータ数"], columns: columns, "shapes")
            assertAligned(shapeBands.filter { ["受容野", "間隔", "メモリ", "積和"].contains(where: $0[0].contains) },
                          left: [], right: ["受容野", "間隔", "メモリ", "1 サンプルの積和演算数"], columns: columns, "shapes' second table")
            assertFits(shapes, columns: columns, "shapes")

            let vars = printed(&shell, "vars", columns: columns)
            assertAligned(bands(of: vars, isHeading: { $0.hasPrefix("名前 ") }, isRow: isName), left: ["形"], right: ["値の数", "サイズ"], columns: columns, "vars")
            assertFits(vars, columns: columns, "vars")

            // The heading row's first cell is empty: it starts with more spaces than the indent.
            let confusion = printed(&shell, "confusion", columns: columns)
            assertAligned(bands(of: confusion, isHeading: { $0.hasPrefix("   ") && $0.last != " " }, isRow: { Int($0) != nil }),
                          left: [], right: ["正解率"] + (0...9).map(String.init), columns: columns, "confusion")
            assertFits(confusion, columns: columns, "confusion")
            for line in ["show x_train[0:16]", "show conv1.W", "plot loss", "plot accuracy"] {
                assertFits(printed(&shell, line, columns: columns), columns: columns, line)
            }
        }
    }

    func testJapaneseHeadingsAndEnglishOnesAsTheyWere() throws {
        var japanese = Shell(language: .japanese)
        let shapes = printed(&japanese, "net lenet; shapes", columns: 80)
        XCTAssertTrue(shapes.contains { $0.hasPrefix("層") && $0.contains("種類") && $0.contains("出力の形") && $0.hasSuffix("パラメータ数") }, shapes.joined(separator: "\n"))
        XCTAssertTrue(shapes.contains { $0.hasPrefix("入力") && $0.contains("1×28×28") }, shapes.joined(separator: "\n"))
        XCTAssertTrue(shapes.contains { $0.hasPrefix("fc1") && $0.contains("全体") }, "rf after fc: " + shapes.joined(separator: "\n"))
        var english = Shell()
        let table = printed(&english, "net lenet; shapes", columns: 80)
        XCTAssertTrue(table.contains { $0.hasPrefix("layer") && $0.contains("type") && $0.contains("output") && $0.hasSuffix("parameters") }, table.joined(separator: "\n"))
        XCTAssertTrue(table.contains { $0.hasPrefix("layer") && $0.contains("rf") && $0.hasSuffix("multiply-adds per sample") }, table.joined(separator: "\n"))
    }

    func testTheJapaneseProgressLineFitsAndSplitsNoCharacter() {
        var shell = Shell(language: .japanese)
        _ = printed(&shell, "seed 1", columns: 80)
        let p = CommandProgress(what: "学習", done: 24_000, total: 60_000, unit: "枚", detail: "損失 0.1234")
        let wide = ProgressLine.render(p, elapsed: 3, columns: 200)
        XCTAssertTrue(wide.hasSuffix("損失 0.1234  経過 0:03、残り 0:05  8,000 枚/秒"), wide)
        for columns in [20, 30, 37, 38, 40, 45, 50, 80] {
            let line = ProgressLine.render(p, elapsed: 3, columns: columns)
            XCTAssertLessThanOrEqual(line.displayWidth, columns - 3, "'\(line)' at \(columns) columns")
            let text = { (line: String) in line.filter { !"█░".contains($0) } }  // the bar is shorter when narrow
            XCTAssertTrue(text(wide).hasPrefix(text(line)), "a start of the whole line, cut between characters: '\(line)'")
        }
    }
}
