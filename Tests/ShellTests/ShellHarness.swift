import Shell
import XCTest

/// A shell under test: runs lines, returns what they print, and checks that failures leave the
/// workspace exactly as it was.
struct Harness {
    var shell = Shell()

    @discardableResult
    mutating func run(_ line: String, file: StaticString = #filePath, line number: UInt = #line) -> String {
        var text = ""
        do { try shell.run(line, output: Output { text += $0 }) } catch {
            XCTFail("'\(line)' failed: \(error)", file: file, line: number)
        }
        return text
    }

    /// Runs `line`, expects a `ShellError` whose message contains every fragment, and checks the
    /// workspace fingerprint is unchanged. Returns the message.
    @discardableResult
    mutating func fails(_ line: String, _ fragments: String..., file: StaticString = #filePath, line number: UInt = #line) -> String {
        let before = shell.workspace.fingerprint
        var printed = ""
        do {
            try shell.run(line, output: Output { printed += $0 })
            XCTFail("'\(line)' succeeded, printing: \(printed)", file: file, line: number)
            return ""
        } catch {
            let message = error.description
            for fragment in fragments where !message.contains(fragment) {
                XCTFail("'\(line)': error '\(message)' lacks '\(fragment)'", file: file, line: number)
            }
            XCTAssertEqual(shell.workspace.fingerprint, before, "'\(line)' failed but changed the workspace", file: file, line: number)
            return message
        }
    }
}
