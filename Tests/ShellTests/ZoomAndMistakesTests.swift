import Foundation
import Shell
import XCTest

/// `show ... scale=K` and its default that makes small filters visible; `mistakes` ordered by
/// confidence, filtered by class, captions that fit.
final class ZoomAndMistakesTests: XCTestCase {
    func run(_ shell: inout Shell, _ line: String, columns: Int = 80) throws -> String {
        var text = ""
        try shell.run(line, output: Output(columns: columns) { text += $0 })
        return text
    }

    /// Where filter 1's caption starts: the width of filter 0's column plus the 2-column gap.
    func secondColumn(_ text: String) throws -> Int {
        let captions = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("0 ") }, text)
        return try XCTUnwrap(captions.firstIndex(of: "1")).utf16Offset(in: captions)
    }

    func testScaleSetsHowManyColumnsAPixelTakes() throws {
        var shell = Shell()
        _ = try run(&shell, "seed 1; net new input=1x12x12; add conv2d 4 5x5")
        XCTAssertEqual(try secondColumn(try run(&shell, "show conv1.W scale=1")), 5 + 2)
        let three = try run(&shell, "show conv1.W scale=3")
        XCTAssertEqual(try secondColumn(three), 15 + 2)
        XCTAssertTrue(three.hasPrefix("conv1.W: 4×1×5×5, drawn 3×\n"), three)
        let lines = three.split(separator: "\n", omittingEmptySubsequences: false)
        let (caption, legend) = (try XCTUnwrap(lines.firstIndex { $0.hasPrefix("0 ") }), try XCTUnwrap(lines.firstIndex { $0.hasPrefix("scale") }))
        XCTAssertEqual(legend - caption - 1, (5 * 3 + 1) / 2, "3 pixel rows per pixel, two to a line:\n\(three)")
        let automatic = try run(&shell, "show conv1.W")
        XCTAssertGreaterThanOrEqual(try secondColumn(automatic) - 2, 10, "a 5×5 filter is at least 10 columns wide by default:\n\(automatic)")
        for line in try run(&shell, "show conv1.W", columns: 20).split(separator: "\n").dropFirst() where !line.hasPrefix("scale") {
            XCTAssertLessThanOrEqual(line.count, 20, String(line))
        }
        XCTAssertThrowsError(try run(&shell, "show conv1.W scale=5", columns: 20)) { XCTAssertTrue("\($0)".contains("scale=4 is the largest that fits"), "\($0)") }
        XCTAssertThrowsError(try run(&shell, "show conv1.b scale=2")) { XCTAssertTrue("\($0)".contains("prints as numbers"), "\($0)") }
        _ = try run(&shell, "tensor digit 1x28x28 fill=rand")
        XCTAssertTrue(try run(&shell, "show digit").hasPrefix("digit: 1×28×28\n"), "a digit stays one cell per pixel")
    }

    /// A network barely trained makes many mistakes, some of them confident.
    func trained() throws -> Shell {
        var shell = Shell()
        _ = try run(&shell, "seed 1; load mnist train=512 test=300; net lenet; train batches=3")
        return shell
    }

    /// The captions' (index, predicted, probability, true), from the mistakes drawn one to a row.
    func captions(_ text: String) -> [(index: Int, predicted: Int, p: Double, truth: Int)] {
        let lines = text.split(separator: "\n").map(String.init)
        return zip(lines, lines.dropFirst()).compactMap { index, caption in
            guard index.hasPrefix("["), let i = Int(index.dropFirst().prefix { $0 != "]" }) else { return nil }
            let words = caption.split(separator: " ")
            guard words.count == 6, words[0] == "predicted", words[2] == "(p", words[4] == "true" else { return nil }
            return (i, Int(words[1])!, Double(words[3].dropLast(2))!, Int(words[5])!)
        }
    }

    func testMistakesComeMostConfidentFirstAndFilterByClass() throws {
        var shell = try trained()
        let all = try run(&shell, "mistakes 12", columns: 40)
        let shown = captions(all)
        XCTAssertEqual(shown.count, 12, all)
        XCTAssertEqual(shown.map(\.p), shown.map(\.p).sorted(by: >), "most confident first:\n\(all)")
        XCTAssertTrue(shown.allSatisfy { $0.predicted != $0.truth && $0.p > 0 && $0.p <= 1 })
        for line in all.split(separator: "\n").dropFirst() { XCTAssertLessThanOrEqual(line.count, 40, String(line)) }
        let mistaken = try XCTUnwrap(shell.workspace.tensors["mistaken"])
        XCTAssertEqual(Array(mistaken.scalars.prefix(12).map { Int($0) }), shown.map(\.index), "kept in the order drawn")

        let truth = shown[0].truth, predicted = shown[0].predicted
        let byTruth = captions(try run(&shell, "mistakes 64 true=\(truth)", columns: 40))
        XCTAssertFalse(byTruth.isEmpty)
        XCTAssertTrue(byTruth.allSatisfy { $0.truth == truth })
        XCTAssertEqual(byTruth.count, Set(byTruth.map(\.index)).count)
        let byBoth = captions(try run(&shell, "mistakes 64 true=\(truth) predicted=\(predicted)", columns: 40))
        XCTAssertTrue(byBoth.allSatisfy { $0.truth == truth && $0.predicted == predicted })
        XCTAssertTrue(byBoth.contains { $0.index == shown[0].index })
        XCTAssertEqual(byBoth.count, byTruth.filter { $0.predicted == predicted }.count)
        XCTAssertThrowsError(try run(&shell, "mistakes true=10"))
    }
}
