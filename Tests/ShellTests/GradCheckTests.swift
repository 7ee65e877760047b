import Foundation
import Shell
import XCTest

/// `gradcheck` through the shell: what it samples and that float32 rounding raises no false alarm.
final class GradCheckTests: XCTestCase {
    /// The table's rows as [parameter, shape, checked, zero, at kinks, error, verdict]: the indented
    /// lines after the column heads, up to a footer (which starts unindented).
    func rows(_ text: String) -> [[String]] {
        let lines = text.split(separator: "\n")
        guard let head = lines.firstIndex(where: { $0.hasPrefix("  parameter") }) else { return [] }
        return lines[(head + 1)...].prefix { $0.hasPrefix("  ") }.map { $0.split(separator: " ").map(String.init) }
    }

    /// Every line of a gradcheck, header, table and footer, fits 80 columns (the header was 118).
    func assertFits(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        for l in text.split(separator: "\n") { XCTAssertLessThanOrEqual(l.count, 80, "too wide: \(l)", file: file, line: line) }
    }

    /// sessions/07's LeNet: every row compares some non-zero gradients (fc2.W used to sample only zeros
    /// and print 0.0e+00 ok), and all agree.
    func testLeNetRowsCompareNonZeroGradients() {
        var h = Harness()
        h.run("seed 1; load mnist train=3000 test=1000; net lenet")
        let text = h.run("gradcheck")
        assertFits(text)
        XCTAssertTrue(text.hasPrefix("gradcheck on x_train[0:2]: L = Σ y⊙R"), text)
        let table = rows(text)
        XCTAssertEqual(table.count, 10, text)
        for row in table {
            XCTAssertLessThan(Int(row[3])!, Int(row[2])!, "\(row[0]) sampled only zero gradients: \(text)")
            XCTAssertEqual(row[6], "ok", text)
            XCTAssertLessThan(Double(row[5])!, 1e-5, text)
        }
        // fc2.b has dead units for these two images: more entries than non-zero gradients fill with zeros, counted.
        let many = rows(h.run("gradcheck fc2 entries=84"))
        XCTAssertEqual(many[1][2], "84")
        XCTAssertGreaterThan(Int(many[1][3])!, 0, "\(many)")
        h.fails("gradcheck x=x_train", "x=x_train holds 3000 samples, too many for gradcheck", "at most 64", "x_train[0:2]")
    }

    /// A smooth net (tanh, sigmoid, average pools) with 100 entries: the Float loss's rounding used to
    /// raise CHECK on conv1.W; with σ = 0.01 its gradients are tiny, which made that worse.
    func testSmoothNetHasNoFalseAlarm() {
        for initializer in ["xavier", "gauss:0.01"] {
            var h = Harness()
            h.run("seed 1; load mnist train=100 test=10; net new")
            for layer in ["conv2d 6 5x5", "tanh", "avgpool 2x2", "conv2d 16 5x5", "sigmoid", "avgpool 2x2", "flatten", "fc 32", "tanh", "fc 10", "softmax"] {
                h.run("add \(layer)" + (layer.hasPrefix("conv") || layer.hasPrefix("fc") ? " init=\(initializer)" : ""))
            }
            let text = h.run("gradcheck entries=100")
            XCTAssertFalse(text.contains("CHECK"), text)
            XCTAssertEqual(rows(text).count, 8, text)
            for row in rows(text) {
                XCTAssertEqual(row[4], "0", "a smooth net has no kinks: \(text)")
                XCTAssertLessThan(Double(row[5])!, 1e-5, text)
            }
        }
    }

    /// Every sampled gradient 0, from backward and numerically (dead ReLUs, huge weights): the error
    /// 0/0 compares nothing, so the row says 'all zero', not 'ok', and a footer says why.
    func testAllZeroGradientsAreNoPass() {
        var h = Harness()
        h.run("net new input=1x3x3; add conv2d 2 1x1 init=gauss:100; add relu; add maxpool 3x3 pad=2 stride=1; add flatten")
        h.run("add fc 2 init=gauss:1000; add softmax")
        let text = h.run("gradcheck entries=1000")
        assertFits(text)
        let table = rows(text)
        XCTAssertEqual(table.count, 4, text)
        for row in table {
            XCTAssertEqual(row[2], row[3], "every entry checked has g = 0: \(text)")
            XCTAssertEqual(Array(row[5...]), ["-", "all", "zero"], text)
        }
        XCTAssertFalse(text.contains(" ok"), text)
        XCTAssertTrue(text.contains("\nall zero: every gradient compared is 0"), text)
    }

    /// Ctrl-C between entries stops a check that would run for seconds, saying how far it got, and
    /// the workspace (a read-only check's) is left as it was.
    func testCtrlCStopsTheCheckBetweenEntries() {
        var h = Harness()
        h.run("seed 1; net lenet")
        Interrupt.clear()
        defer { Interrupt.clear() }
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { Interrupt.request() }
        let start = Date()
        // conv2.W is 16×6×5×5: 1,000 of its 2,400 entries, and all 16 of b.
        let message = h.fails("gradcheck conv2 entries=1000", "gradcheck: interrupted after ", " of 1,016 entries; the workspace is unchanged")
        XCTAssertLessThan(Date().timeIntervalSince(start), 10, "stopped between entries, not at the end: \(message)")
        XCTAssertFalse(message.contains("after 1,016 "), message)
    }
}
