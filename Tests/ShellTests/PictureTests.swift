import Datasets
import Foundation
import Shell
import XCTest

/// Pictures in both styles, PNG files that decode, notebooks, progress reports and demo mode.
final class PictureTests: ScratchDirectoryTestCase {
    func run(_ shell: inout Shell, _ line: String, style: Output.Style = .plain, columns: Int = 80) throws -> String {
        var text = ""
        try shell.run(line, output: Output(style: style, columns: columns) { text += $0 })
        return text
    }

    func testADigitInPlainAndInColour() throws {
        var shell = Shell()
        _ = try run(&shell, "tensor x 1x1x4x4 values=0,0,1,1,0,0,1,1,1,1,0,0,1,1,0,0; tensor y 1 values=7")
        XCTAssertEqual(try run(&shell, "show x[0] as=picture scale=1"), "x[0]: 1×4×4\nlabel 7\n  @@\n@@\nscale: ' ' = 0.000 … '@' = 1.000\n",
                       "two pixel rows to a line: 4×4 draws as 2 lines of 4")
        let colour = try run(&shell, "show x[0] as=picture scale=1", style: .color)
        XCTAssertTrue(colour.contains("\u{1b}[38;2;255;255;255m\u{1b}[48;2;255;255;255m▀"), "white over white")
        XCTAssertTrue(colour.contains("\u{1b}[38;2;0;0;0m\u{1b}[48;2;0;0;0m▀"), "black over black")
        XCTAssertEqual(colour.components(separatedBy: "▀").count - 1, 16 / 2)
    }

    func testSignedFiltersAndGridsFollowTheWidth() throws {
        var shell = Shell()
        _ = try run(&shell, "seed 1; net new input=1x12x12; add conv2d 8 4x4")
        let narrow = try run(&shell, "show conv1.W scale=1", columns: 20), wide = try run(&shell, "show conv1.W scale=1", columns: 80)
        XCTAssertTrue(narrow.contains("\n0     1     2\n"), narrow)
        XCTAssertTrue(wide.contains("\n0     1     2     3     4     5     6     7\n"), wide)
        XCTAssertTrue(wide.contains("scale (signed): '%' = -"), "filters have a signed scale")
        XCTAssertTrue(wide.contains("#") && wide.contains("%"), "the strongest weights of either sign are drawn")
        XCTAssertThrowsError(try run(&shell, "show conv1.b as=picture"))
    }

    func testSavedPNGDecodesWithTheRightSizeAndPixels() throws {
        var shell = Shell()
        let file = directory.appendingPathComponent("x.png").path
        _ = try run(&shell, "tensor x 2x1x3x4 fill=arange")
        XCTAssertEqual(try run(&shell, "save png x \(file) scale=2"), "saved x as a 18×6 PNG (2 tiles, 2×) to \(file)\n")
        let (width, height, rows) = try decodePNG(file)
        XCTAssertEqual([width, height], [18, 6], "two 3×4 tiles at 2×, side by side, 2 pixels apart")
        // x[0][0][0][0] = 0 is black; the largest value (23, in the second tile) is white.
        XCTAssertEqual(rows[1], 0)
        XCTAssertEqual(rows[(height - 1) * (width + 1) + width], 255)
    }

    /// Width, height and the filtered rows (a filter byte, then the pixels) of a greyscale PNG,
    /// checking its signature, chunk layout and end.
    func decodePNG(_ file: String, line: UInt = #line) throws -> (width: Int, height: Int, rows: [UInt8]) {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        XCTAssertEqual(Array(bytes[0..<8]), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], line: line)
        var chunks: [String: [UInt8]] = [:], offset = 8
        while offset < bytes.count {
            let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
            chunks[type, default: []] += bytes[offset + 8..<offset + 8 + length]
            offset += 12 + length
        }
        XCTAssertEqual(offset, bytes.count, line: line)
        XCTAssertNotNil(chunks["IEND"], line: line)
        let header = try XCTUnwrap(chunks["IHDR"])
        let (width, height) = (header[0..<4].reduce(0) { $0 << 8 | Int($1) }, header[4..<8].reduce(0) { $0 << 8 | Int($1) })
        let rows = try inflate(try XCTUnwrap(chunks["IDAT"]))
        XCTAssertEqual(rows.count, (width + 1) * height, line: line)
        return (width, height, rows)
    }

    func testNotebookHoldsEachCommandAndItsOutput() throws {
        var shell = Shell()
        _ = try run(&shell, "seed 2; outsize 28 5")
        _ = try? run(&shell, "forwrd")
        let file = directory.appendingPathComponent("n.md").path
        _ = try run(&shell, "save notebook \(file)")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("# cnnsh session\n"))
        XCTAssertTrue(text.contains("```\ncnnsh> outsize 28 5\n```\n\n```text\nheight: (28 + 2·0 − 5)/1 + 1 = 24\n"), text)
        XCTAssertFalse(text.contains("forwrd"), "failed commands are left out")
    }

    func testTrainingReportsProgressAndPlotsItsCurves() throws {
        var shell = Shell()
        var reports: [CommandProgress] = []
        let output = Output { _ in }
        output.progress = { reports.append($0) }
        try shell.run("seed 1; tensor x 96x1x6x6 fill=rand; tensor y 96 fill=zeros; net new input=1x6x6; add flatten; add fc 2; train epochs=2 batch=32 x=x y=y", output: output)
        XCTAssertEqual(reports.map(\.done), [32, 64, 96, 128, 160, 192])
        XCTAssertTrue(reports.allSatisfy { $0.total == 192 && $0.what == "train" && $0.detail.hasPrefix("loss ") })
        let loss = try run(&shell, "plot loss")
        XCTAssertTrue(loss.contains("\n       +-----"), loss)
        XCTAssertTrue(loss.unicodeScalars.allSatisfy(\.isASCII), "plain charts are ASCII")
        XCTAssertTrue(try run(&shell, "plot loss", style: .color).contains("└───"), "box drawing on a colour terminal")
        XCTAssertTrue(loss.contains(". batch loss   * train loss"), loss)
        XCTAssertEqual(loss.split(separator: "\n").count, 19, "24 - 8 rows, the axis, its labels and the legend")
        XCTAssertTrue(try run(&shell, "plot accuracy").contains("* train accuracy %"))
        let file = directory.appendingPathComponent("loss.png").path
        XCTAssertTrue(try run(&shell, "plot loss png=\(file)").contains("saved the chart as a 640×360 PNG"))
        let (width, height, rows) = try decodePNG(file)
        XCTAssertEqual([width, height], [640, 360])
        func ink(columns: Range<Int>, rows wanted: Range<Int>) -> Int {
            wanted.reduce(0) { sum, y in sum + columns.filter { rows[y * (width + 1) + 1 + $0] < 128 }.count }
        }
        XCTAssertGreaterThan(ink(columns: 0..<20, rows: 0..<height), 60, "y tick labels left of the axis")
        XCTAssertGreaterThan(ink(columns: 0..<width, rows: 335..<350), 20, "the x label under the axis")
        XCTAssertGreaterThan(ink(columns: 440..<width, rows: 16..<45), 60, "a legend at the top right")
        XCTAssertThrowsError(try run(&shell, "plot loss png=\(directory.path)/no/such/dir/x.png"))
        var fresh = Shell()
        XCTAssertThrowsError(try run(&fresh, "plot loss")) { XCTAssertTrue("\($0)".contains("nothing to plot yet")) }
    }

    func testStepModeWaitsBeforeEachCommandAndCanStop() throws {
        let file = directory.appendingPathComponent("demo.cnn")
        try "# A demo.\nseed 1\n# Now a tensor.\ntensor a 2\ntensor b 3\n".write(to: file, atomically: true, encoding: .utf8)
        var shell = Shell()
        var asked: [String] = [], text = "", reported: [String] = []
        let output = Output { text += $0 }
        output.progress = { reported.append($0.what) }
        output.pause = { asked.append($0); return asked.count < 2 ? .run : .stop }
        try shell.run("replay \(file.path) --step", output: output)
        XCTAssertEqual(asked, ["seed 1", "tensor a 2"], "asked before each command; the second answer stops")
        XCTAssertEqual(text, "# A demo.\ncnnsh> seed 1\nseed 1\n\n# Now a tensor.\nstopped at \(file.path):4; the workspace keeps what ran before; "
                       + "'replay \(file.path) from=4 --step' goes on from there\n", "narration set apart by a blank line; q says how to go on")
        XCTAssertNil(shell.workspace.tensors["a"])
        XCTAssertEqual(reported, [], "no progress bar over the step prompt")

        // Going on from line 4, then Ctrl-C at the prompt before line 5: it does not run.
        text = ""
        asked = []
        output.pause = { asked.append($0); return asked.count < 2 ? .run : .interrupted }
        try shell.run("replay \(file.path) from=4 --step", output: output)
        XCTAssertEqual(asked, ["tensor a 2", "tensor b 3"])
        XCTAssertNotNil(shell.workspace.tensors["a"])
        XCTAssertNil(shell.workspace.tensors["b"], "Ctrl-C at the prompt cancels the command shown")
        XCTAssertTrue(text.hasSuffix("\(file.path):5: stopped; the workspace keeps what ran before; 'replay \(file.path) from=5 --step' goes on from there\n"), text)
        XCTAssertEqual(shell.workspace.log, ["seed 1", "tensor a 2"])
        var noTerminal = Shell()
        XCTAssertThrowsError(try run(&noTerminal, "replay \(file.path) --step")) { XCTAssertTrue("\($0)".contains("needs a terminal")) }
        XCTAssertThrowsError(try run(&noTerminal, "replay \(file.path) from=9")) { XCTAssertTrue("\($0)".contains("from=9 is out of range"), "\($0)") }
    }
}
