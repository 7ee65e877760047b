import Foundation
import XCTest

/// `replay FILE --step` at a real prompt (a pseudo-terminal): Ctrl-C at a step prompt does not run
/// the command shown, and no progress bar is drawn over the prompts.
final class StepModeTests: ScratchDirectoryTestCase {
    func testCtrlCAtAStepPromptCancelsTheCommandShown() throws {
        let script = directory.appendingPathComponent("demo.cnn")
        try "# First, a tensor.\ntensor first 2\n# Then another.\ntensor second 3\n".write(to: script, atomically: true, encoding: .utf8)
        let session = try PromptSession(binary: try XCTUnwrap(ProcessTests.binary), history: directory.appendingPathComponent("history").path)
        try session.expect("cnnsh> ")
        session.type("replay \(script.path) --step\r")
        try session.expect("First, a tensor.")
        try session.expect("[Enter runs it")
        session.type("\r")
        try session.expect("first: 2")
        try session.expect("[Enter runs it", count: 2)
        XCTAssertTrue(session.screen.contains("Then another."), "the narration before the second command")
        session.interrupt()
        try session.expect("\(script.path):4: stopped")
        session.type("vars\r")
        try session.expect("names,")
        XCTAssertTrue(session.screen.contains("cnnsh> tensor second 3"), "the step prompt shows the command to come")
        let afterStop = session.screen.components(separatedBy: ":4: stopped").last!
        XCTAssertFalse(session.screen.contains("second: 3") || afterStop.contains("second"),
                       "the command shown at Ctrl-C did not run, and vars does not list it:\n\(session.screen)")
        XCTAssertFalse(session.screen.contains("lines/s") || session.screen.contains("replay █") || session.screen.contains("replay ░"),
                       "no progress bar while stepping:\n\(session.screen)")
        session.type("quit\r")
        XCTAssertEqual(try session.exitStatus(), 0)
    }
}
