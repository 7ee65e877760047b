import XCTest

/// `gradcheck` through the shell: what it samples and that float32 rounding raises no false alarm.
final class GradCheckTests: XCTestCase {
    /// The table's rows as [parameter, shape, checked, zero, at kinks, error, verdict].
    func rows(_ text: String) -> [[String]] {
        text.split(separator: "\n").dropFirst(2).map { $0.split(separator: " ").map(String.init) }
    }

    /// sessions/07's LeNet: every row compares some non-zero gradients (fc2.W used to sample only zeros
    /// and print 0.0e+00 ok), and all agree.
    func testLeNetRowsCompareNonZeroGradients() {
        var h = Harness()
        h.run("seed 1; load mnist train=3000 test=1000; net lenet")
        let text = h.run("gradcheck")
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
}
