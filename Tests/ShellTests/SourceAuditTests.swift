import Foundation
import XCTest

/// No `try!` or `fatalError` that input can reach: every one in Sources is listed here with why it
/// cannot fail, and a new one fails this test until it is either removed or listed (issue 14).
final class SourceAuditTests: XCTestCase {
    /// File → the trimmed lines allowed to hold `try!`, each with its reason.
    static let allowed: [String: [(line: String, why: String)]] = [
        "NN/Flatten.swift": [
            ("return try! x.reshaped([x.shape[0], -1])", "N×rest has the same count"),
            ("public mutating func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor { try! dy.reshaped(inputShape) }", "dy has the output's count, which is the input's"),
        ],
        "NN/Network.swift": [
            ("let part = try! x.slice(start..<end), count = end - start", "start < end ≤ N by the loop"),
            ("out[half] = try! logits(try! part.slice(rows)).reshaped([rows.count, -1])", "rows lie in the part; logits have one row per sample"),
            ("let targets = labels.rank == 2 ? try! labels.slice(rows) : Tensor(shape: [rows.count], scalars: Array(labels.scalars[rows]))", "rows from eachLogitChunk lie in 0..<N, and labels have N rows"),
        ],
        "NN/Conv2d.swift": [
            ("parameters[0].gradient = dots ? try! dWTransposed.reshaped(weight.shape) : Tensor(shape: weight.shape) { dw in", "K·M values either way"),
        ],
        "NN/AvgPool2d.swift": [
            ("let g = try! SlidingWindow(channels: inputShape[1], height: inputShape[2], width: inputShape[3], window: window)", "the shape forward took"),
        ],
        "Tensors/Kernels/ReferenceConvolution.swift": [
            ("let g = try! SlidingWindow(over: x, window: window)", "tests' reference, given fitting windows"),
        ],
        "Shell/Commands/GradCheck.swift": [("x = try! train.slice(0..<samples)", "checked: at least that many rows")],
        "Shell/Commands/Building.swift": [("ws.freshOptimizer = try! Adam(learningRate: Network.leNetRecipe.learningRate)", "a constant, valid rate")],
        "Shell/Commands/Data.swift": [
            ("var x = try! set.trainImages.slice(0..<train), y = try! set.trainLabels.slice(0..<train)", "train= is range-checked against the set"),
            ("ws.tensors[\"x_test\"] = try! set.testImages.slice(0..<test)", "test= is range-checked against the set"),
            ("ws.tensors[\"y_test\"] = try! set.testLabels.slice(0..<test)", "test= is range-checked against the set"),
        ],
        "Shell/Commands/Bench.swift": [
            ("let x = try! set.trainImages.slice(0..<count), y = try! set.trainLabels.slice(0..<count)", "train= is range-checked against the set"),
            ("var net = try! blueprint.network(using: &rng)", "LeNet, with or without batchnorm, on its own 1×28×28 fits"),
            ("out.text(layerTimes(net, batch: try! x.slice(0..<batch), labels: try! y.slice(0..<batch), repeats: repeats, prefix: prefix))", "train= is at least batch="),
            ("var optimizer = try! Adam(learningRate: Network.leNetRecipe.learningRate)", "a constant, valid rate"),
        ],
        "Shell/Commands/Evaluation.swift": [
            ("if x.shape == net.inputShape { return try! x.reshaped([1] + x.shape) }", "1×shape has the same count"),
            ("predicted += net.predict(try! x.slice(rows))", "rows from inChunks lie in 0..<N"),
            ("let probabilities = net.probabilities(try! x.slice(rows))", "rows from inChunks lie in 0..<N"),
        ],
        "Shell/Commands/Calculators.swift": [
            ("if x.rank == 3 { x = try! x.reshaped([1] + x.shape) }", "1×shape has the same count"),
            ("let cols = try! x.im2col(layout.window)", "ColumnLayout fitted the window to x"),
        ],
        "Shell/Commands/Col2im.swift": [
            ("let images = try! cols.col2im(layout.window, channels: c, height: h, width: w)", "ColumnLayout fitted the window; the matrix's shape was checked"),
            ("let counts = try! Tensor.windowCounts(layout.window, height: h, width: w)", "ColumnLayout fitted the window"),
        ],
        "NN/SequenceLayers.swift": [
            ("var insertingRowAxis: Tensor { try! reshaped(Array(shape.prefix(2)) + [1] + shape.dropFirst(2)) }", "an axis of 1 keeps the count"),
            ("var removingRowAxis: Tensor { try! reshaped(Array(shape.prefix(2)) + shape.dropFirst(3)) }", "only 4-D tensors with axis 2 of size 1 get here"),
        ],
        "Shell/Commands/Running.swift": [("var y = try! x.slice(rows)", "rows from inChunks lie in 0..<N")],
        "Shell/Workspace.swift": [
            ("var optimizer: any Optimizer = try! Adam()", "default hyperparameters are valid"),
            ("var freshOptimizer: any Optimizer = try! Adam()", "default hyperparameters are valid"),
            ("return try! t.row(i)", "i was checked to lie in 0..<n"),
            ("return try! t.slice(a..<b)", "0 ≤ a < b ≤ n was checked"),
        ],
    ]

    func testEveryTryBangIsListedWithItsReasonAndThereIsNoFatalError() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
        let files = try XCTUnwrap(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        XCTAssertGreaterThan(files.count, 40, "found the sources")
        var seen = 0
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.trimmingCharacters(in: .whitespaces)
                guard !code.hasPrefix("//") else { continue }
                XCTAssertFalse(code.contains("fatalError("), "\(file):\(number + 1): fatalError in the sources")
                guard code.contains("try!") else { continue }
                seen += 1
                XCTAssertTrue(Self.allowed[file]?.contains { $0.line == code } ?? false, "\(file):\(number + 1): an unlisted try!: \(code)")
            }
        }
        XCTAssertEqual(seen, Self.allowed.values.reduce(0) { $0 + $1.count }, "every listed try! is still there (remove entries that went)")
    }
}
