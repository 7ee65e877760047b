import Shell
import XCTest

/// Every output fits the terminal: no line of pictures, tables, plots or the progress bar is wider
/// than the window, at a projector's 40 columns, the usual 80 and a wide 200.
final class TerminalFitTests: XCTestCase {
    static let widths = [40, 80, 200]

    /// Runs `line` at `columns` and returns every line it printed that is wider than that.
    func overlong(_ shell: inout Shell, _ line: String, columns: Int, file: StaticString = #filePath, line number: UInt = #line) -> [String] {
        var text = ""
        do { try shell.run(line, output: Output(columns: columns) { text += $0 }) } catch {
            XCTFail("'\(line)' failed: \(error)", file: file, line: number)
        }
        XCTAssertFalse(text.isEmpty, "'\(line)' printed something", file: file, line: number)
        return text.split(separator: "\n").map(String.init).filter { $0.count > columns }
    }

    func testPicturesTablesAndPlotsFitEveryWidth() {
        var shell = Shell()
        let setup = "seed 1; load mnist train=512 test=300 val=0.25; net lenet; train epochs=2 batch=64"
        _ = overlong(&shell, setup, columns: 80)
        for columns in Self.widths {
            for line in ["show x_train[0:16]", "shapes", "plot loss", "plot accuracy", "confusion", "show conv1.W", "mistakes 6", "vars", "help", "help add"] {
                XCTAssertEqual(overlong(&shell, line, columns: columns), [], "'\(line)' at \(columns) columns")
            }
            var wide = Shell()
            XCTAssertEqual(overlong(&wide, "net vgg16; shapes", columns: columns), [], "VGG16's shapes at \(columns) columns")
        }
    }

    func printed(_ shell: inout Shell, _ line: String, columns: Int) throws -> String {
        var text = ""
        try shell.run(line, output: Output(columns: columns) { text += $0 })
        return text
    }

    func testANarrowTableKeepsEveryNumberInBands() throws {
        var shell = Shell()
        _ = try printed(&shell, "net lenet", columns: 80)
        let wide = try printed(&shell, "shapes", columns: 80)
        XCTAssertTrue(wide.contains("16·6·5·5 + 16 = 2,416"), "room enough: the formulas stay\n\(wide)")
        let narrow = try printed(&shell, "shapes", columns: 40)
        for kept in ["conv2d 16@5×5", "fc 256→120", "16×8×8", "2,416", "30,840", "153,600", "13.8 kB"] {
            XCTAssertTrue(narrow.contains(kept), "\(kept) in\n\(narrow)")
        }
        XCTAssertFalse(narrow.contains("16·6·5·5"), "formulas shorten to their results first")
        XCTAssertGreaterThan(narrow.components(separatedBy: "\nconv2 ").count, wide.components(separatedBy: "\nconv2 ").count,
                             "the columns that do not fit go in a band below, the layer names repeated")
        for columns in [20, 30] {
            var vgg = Shell()
            let lines = try printed(&vgg, "net vgg16; shapes", columns: columns).split(separator: "\n")
            XCTAssertEqual(lines.filter { $0.count > columns }, [], "VGG16's shapes fit even \(columns) columns")
        }
        let help = try printed(&shell, "help", columns: 40)
        XCTAssertTrue(help.contains("…"), "a text column too wide on its own is cut:\n\(help)")
        XCTAssertTrue(help.contains("\n  shapes "), help)
    }

    func testTheProgressLineNeverWrapsAndWaitsBeforeReportingARate() {
        let p = CommandProgress(what: "train", done: 24_000, total: 60_000, unit: "images", detail: "loss 0.1234")
        for columns in Self.widths + [20] {
            XCTAssertLessThan(ProgressLine.render(p, elapsed: 3, columns: columns).count, columns, "at \(columns) columns")
        }
        let early = ProgressLine.render(p, elapsed: 0.000_002, columns: 200)
        XCTAssertFalse(early.contains("/s"), "no rate after 2 µs: \(early)")
        XCTAssertFalse(early.contains("left"), early)
        let later = ProgressLine.render(p, elapsed: 3, columns: 200)
        XCTAssertTrue(later.contains("8,000 images/s"), later)
        XCTAssertTrue(later.contains("0:03 elapsed, 0:05 left"), later)
    }
}
