import Foundation
import Shell
import XCTest

/// `plot` and the epochs it draws: a y axis a first batch's spike cannot flatten, charts that fit
/// the terminal, and epochs numbered across `train` runs, each run marked in train, plot and history.
final class TrainingChartTests: ScratchDirectoryTestCase {
    func run(_ shell: inout Shell, _ line: String, style: Output.Style = .plain, columns: Int = 80, rows: Int = 24,
             progress: ((CommandProgress) -> Void)? = nil) throws -> String {
        var text = ""
        let output = Output(style: style, columns: columns, rows: rows) { text += $0 }
        output.progress = progress
        try shell.run(line, output: output)
        return text
    }

    /// The width a terminal shows: without colour escapes.
    func visibleWidth(_ line: Substring) -> Int {
        line.replacingOccurrences(of: "\u{1b}\\[[0-9;]*m", with: "", options: .regularExpression).count
    }

    /// Weights drawn with σ = 10 make the first batches' losses huge; plain SGD brings them down
    /// within the first epoch, so the epoch means are small and far apart from the spike.
    func spikyTraining() throws -> (Shell, batchLosses: [Double], text: String) {
        var shell = Shell()
        var losses: [Double] = []
        let text = try run(&shell, "seed 3; tensor x 1024x4 fill=randn; tensor y 1024 fill=zeros; net new input=4; add fc 3 init=gauss:10; optimizer sgd lr=0.5; train x=x y=y val=none epochs=4 batch=8") {
            losses.append(Double($0.detail.dropFirst("loss ".count))!)
        }
        return (shell, losses, text)
    }

    func testTheYAxisFollowsTheEpochMeansNotTheFirstBatch() throws {
        var (shell, losses, text) = try spikyTraining()
        let means = text.split(separator: "\n").filter { $0.hasPrefix("epoch ") }.map { Double($0.split(separator: " ")[3])! }
        XCTAssertEqual(means.count, 4, text)
        XCTAssertGreaterThan(losses.max()!, 3 * means.max()!, "the fixture has a spike well above every epoch mean")
        let chart = try run(&shell, "plot loss", rows: 24)
        let lines = chart.split(separator: "\n", omittingEmptySubsequences: false)
        let top = try XCTUnwrap(Double(lines[0].split(separator: "+")[0].trimmingCharacters(in: .whitespaces)), chart)
        XCTAssertLessThan(top, means.max()! * 1.2 + 0.01, "the axis tops out near the highest epoch mean:\n\(chart)")
        let rowsWithMeans = lines.prefix(16).filter { $0.contains("*") }.count
        XCTAssertGreaterThan(rowsWithMeans, 1, "the epoch means spread over rows:\n\(chart)")
        XCTAssertEqual(lines.filter { $0.contains("|") || $0.contains("+") }.count, 16 + 1, "rows - 8 rows at 24 rows, and the axis")
        let log = try run(&shell, "plot loss log")
        XCTAssertNotEqual(log, chart)
        XCTAssertTrue(log.contains("* train loss"), log)
    }

    func testNoChartLineIsWiderThanTheTerminal() throws {
        var (shell, _, _) = try spikyTraining()
        _ = try run(&shell, "tensor x_val 32x4 fill=randn; tensor y_val 32 fill=zeros; train x=x y=y epochs=2 batch=64")
        for what in ["loss", "accuracy", "loss log"] {
            for columns in [40, 80, 200] {
                for style in [Output.Style.plain, .color] {
                    let chart = try run(&shell, "plot \(what)", style: style, columns: columns, rows: 26)
                    let lines = chart.split(separator: "\n")
                    let axis = style == .color ? ["│", "┤", "└"] : ["|", "+"]
                    XCTAssertEqual(lines.filter { line in axis.contains { line.contains($0) } }.count, 18 + 1, "26 - 8 rows and the axis")
                    for line in lines { XCTAssertLessThanOrEqual(visibleWidth(line), columns, "plot \(what) at \(columns):\n\(chart)") }
                    XCTAssertGreaterThan(lines.map(visibleWidth).max()!, columns * 3 / 4, "the chart uses the width")
                }
            }
        }
        let legend = try run(&shell, "plot loss", columns: 40)
        XCTAssertTrue(legend.contains("o validation loss"), legend)
    }

    /// Run 1 trains epochs 1–2, run 2 cut short inside epoch 3, run 3 goes on from epoch 4; the
    /// train output, the chart and history say the same; a new network starts from run 1 again.
    func testEpochsAreNumberedAcrossRunsAndEachRunIsMarked() throws {
        var shell = Shell()
        _ = try run(&shell, "seed 1; load mnist train=256 test=64 val=0.25; net lenet")
        let first = try run(&shell, "train epochs=2")
        XCTAssertTrue(first.hasPrefix("run 1: epochs 1–2, training on x_train (192 samples)"), first)
        let second = try run(&shell, "train epochs=3 batches=2")
        XCTAssertTrue(second.hasPrefix("run 2: epoch 3, training on"), second)
        let third = try run(&shell, "train epochs=2")
        XCTAssertTrue(third.hasPrefix("run 3: epochs 4–5, training on"), third)
        XCTAssertEqual(third.split(separator: "\n").filter { $0.hasPrefix("epoch ") }.map { String($0.split(separator: " ")[1]) }, ["4", "5"])
        XCTAssertTrue(third.contains(" (val "), "the validation loss beside the training loss: \(third)")

        let chart = try run(&shell, "plot loss", columns: 80)
        let lines = chart.split(separator: "\n").map(String.init)
        let labels = try XCTUnwrap(lines.first { $0.contains("run 2") }, chart)
        for run in ["run 2", "run 3"] {
            let column = try XCTUnwrap(labels.range(of: run)).lowerBound.utf16Offset(in: labels)
            let above = lines.prefix(16).map { $0.count > column ? $0[$0.index($0.startIndex, offsetBy: column)] : " " }
            XCTAssertGreaterThan(above.filter { $0 == ":" }.count, 8, "a dotted line above '\(run)':\n\(chart)")
        }
        let ticks = try XCTUnwrap(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix("+---") }.map { lines[$0 + 1] }, chart)
        XCTAssertTrue(ticks.contains("epoch") && ticks.contains("5"), ticks)

        let history = try run(&shell, "history")
        XCTAssertTrue(history.contains("train epochs=2            # run 1: epochs 1–2\n"), history)
        XCTAssertTrue(history.contains("train epochs=3 batches=2  # run 2: 2 batches of epoch 3\n"), history)
        XCTAssertTrue(history.contains("train epochs=2            # run 3: epochs 4–5\n"), history)

        let file = directory.appendingPathComponent("runs.png").path
        XCTAssertTrue(try run(&shell, "plot loss png=\(file)").contains("saved the chart"))
        XCTAssertTrue(try run(&shell, "net lenet; train batches=1").contains("run 1: epoch 1, training on"), "a new network starts again")
        XCTAssertFalse(try run(&shell, "plot loss").contains("run 2"))
    }
}
