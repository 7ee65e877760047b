import Foundation
import Shell
import XCTest

/// Colour by the conventions: --color, NO_COLOR, FORCE_COLOR, TERM=dumb, COLORTERM, a terminal or not.
final class ColorTests: XCTestCase {
    func style(_ environment: [String: String], terminal: Bool = true, choice: ColorChoice = .auto) -> Output.Style {
        choice.style(environment: environment, isTerminal: terminal)
    }

    func testEachEnvironmentCase() {
        XCTAssertEqual(style([:]), .palette256, "a terminal without COLORTERM gets the 256-colour palette")
        XCTAssertEqual(style(["TERM": "xterm"]), .palette256)
        XCTAssertEqual(style(["COLORTERM": "truecolor"]), .color, "24-bit only when COLORTERM says so")
        XCTAssertEqual(style(["COLORTERM": "24bit"]), .color)
        XCTAssertEqual(style(["TERM": "dumb", "COLORTERM": "truecolor"]), .plain, "TERM=dumb is plain")
        XCTAssertEqual(style(["NO_COLOR": "1", "COLORTERM": "truecolor"]), .plain)
        XCTAssertEqual(style(["NO_COLOR": ""]), .palette256, "an empty NO_COLOR does not count")
        XCTAssertEqual(style([:], terminal: false), .plain, "plain ASCII when not a terminal")
        XCTAssertEqual(style(["FORCE_COLOR": "1"], terminal: false), .palette256, "FORCE_COLOR colours a pipe")
        XCTAssertEqual(style(["FORCE_COLOR": "3"], terminal: false), .color, "FORCE_COLOR=3 asks for 24-bit")
        XCTAssertEqual(style(["FORCE_COLOR": "0"], terminal: true), .palette256, "FORCE_COLOR=0 forces nothing")
        XCTAssertEqual(style(["FORCE_COLOR": "0"], terminal: false), .plain)
        XCTAssertEqual(style(["FORCE_COLOR": "1", "TERM": "dumb"]), .palette256, "FORCE_COLOR wins over TERM=dumb")
        XCTAssertEqual(style(["FORCE_COLOR": "1", "NO_COLOR": "1"]), .plain, "NO_COLOR wins over FORCE_COLOR")
        XCTAssertEqual(style(["COLORTERM": "truecolor"], choice: .never), .plain, "--color=never")
        XCTAssertEqual(style(["NO_COLOR": "1"], terminal: false, choice: .always), .palette256, "the command line wins over the environment")
        XCTAssertEqual(style(["COLORTERM": "truecolor"], terminal: false, choice: .always), .color)
    }

    func testThePaletteReplacesEvery24BitEscape() throws {
        var shell = Shell()
        try shell.run("tensor x 1x1x4x4 fill=arange", output: Output { _ in })
        var palette = "", truecolor = ""
        try shell.run("show x[0] as=picture", output: Output(style: .palette256) { palette += $0 })
        try shell.run("show x[0] as=picture", output: Output(style: .color) { truecolor += $0 })
        XCTAssertTrue(truecolor.contains("\u{1b}[38;2;"), truecolor)
        XCTAssertFalse(palette.contains(";2;"), palette)
        XCTAssertTrue(palette.contains("\u{1b}[38;5;16m") && palette.contains("\u{1b}[48;5;231m"), "black and white are cube corners:\n\(palette)")
        XCTAssertEqual(palette.components(separatedBy: "▀").count, truecolor.components(separatedBy: "▀").count)
        XCTAssertTrue(palette.contains("\u{1b}[0m"), "resets are left as they are")
    }

    func testAWholeGridConvertsEveryEscape() throws {
        var shell = Shell()
        try shell.run("seed 1; tensor x 64x1x28x28 fill=rand", output: Output { _ in })
        var palette = "", truecolor = ""
        try shell.run("show x", output: Output(style: .palette256, columns: 200) { palette += $0 })
        try shell.run("show x", output: Output(style: .color, columns: 200) { truecolor += $0 })
        let escapes = truecolor.components(separatedBy: "8;2;").count - 1
        XCTAssertGreaterThan(escapes, 64 * 28 * 14, "a foreground and a background per cell")
        XCTAssertEqual(palette.components(separatedBy: "8;5;").count - 1, escapes, "every 24-bit escape has its palette colour")
        XCTAssertFalse(palette.contains("8;2;"))
    }

    /// The executable as a pipe sees it: plain unless colour is forced, then by the palette rules.
    func testTheExecutableFollowsTheEnvironment() throws {
        let binary = try XCTUnwrap(ProcessTests.binary)
        func drawn(_ arguments: [String], _ environment: [String: String]) throws -> String {
            let process = Process(), out = Pipe()
            process.executableURL = binary
            process.arguments = arguments + ["-c", "tensor x 1x1x4x4 fill=arange; show x[0] as=picture"]
            process.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()].merging(environment) { $1 }
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        XCTAssertFalse(try drawn([], ["TERM": "xterm", "COLORTERM": "truecolor"]).contains("\u{1b}"), "a pipe gets plain ASCII")
        XCTAssertTrue(try drawn([], ["FORCE_COLOR": "1", "TERM": "xterm"]).contains("\u{1b}[38;5;"))
        XCTAssertTrue(try drawn([], ["FORCE_COLOR": "1", "COLORTERM": "truecolor"]).contains("\u{1b}[38;2;"))
        XCTAssertFalse(try drawn([], ["FORCE_COLOR": "1", "NO_COLOR": "1"]).contains("\u{1b}"))
        XCTAssertTrue(try drawn(["--color=always"], ["NO_COLOR": "1"]).contains("\u{1b}[38;5;"))
        XCTAssertFalse(try drawn(["--color=never"], ["FORCE_COLOR": "1"]).contains("\u{1b}"))
        XCTAssertFalse(try drawn(["--plain"], ["FORCE_COLOR": "1"]).contains("\u{1b}"))
    }
}
