import Foundation
import Shell
import XCTest

/// Replays every script in sessions/ and compares what it prints with the checked-in transcript
/// next to it (NAME.cnn → NAME.out), the way sqlite's shell tests do: exact text, then the exit
/// status. To re-record on purpose after a deliberate change of output:
///     CNNSH_RECORD=1 swift test -c release --filter TranscriptTests
/// and review the diff of sessions/*.out before committing.
final class TranscriptTests: XCTestCase {
    static let sessions = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("sessions")

    func testEverySessionReplaysToItsTranscript() throws {
        let scripts = try FileManager.default.contentsOfDirectory(atPath: Self.sessions.path)
            .filter { $0.hasSuffix(".cnn") }.sorted()
        XCTAssertGreaterThanOrEqual(scripts.count, 10, "one script per exercise")
        let record = ProcessInfo.processInfo.environment["CNNSH_RECORD"] == "1"
        for script in scripts {
            let path = Self.sessions.appendingPathComponent(script).path
            let actual = Transcript.of(scriptAt: path, source: "sessions/\(script)")
            let expectedURL = Self.sessions.appendingPathComponent(script.replacingOccurrences(of: ".cnn", with: ".out"))
            if record {
                try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
                continue
            }
            let expected = (try? String(contentsOf: expectedURL, encoding: .utf8)) ?? ""
            if actual != expected {
                try actual.write(toFile: expectedURL.path + ".actual", atomically: true, encoding: .utf8)
                XCTFail("\(script): transcript differs at \(Transcript.firstDifference(expected, actual)); actual output in \(expectedURL.lastPathComponent).actual")
            }
            XCTAssertTrue(actual.hasSuffix("[exit status 0]\n"), "\(script) must replay without error")
        }
    }
}

/// What `cnnsh --echo FILE 2>&1` prints, followed by `[exit status N]`, produced in-process.
enum Transcript {
    static func of(scriptAt path: String, source: String) -> String {
        var text = ""
        let output = Output { text += $0 }
        var shell = Shell()
        let script = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let ok = shell.runScript(script, source: source, echo: true, keepGoing: false, output: output) { text += $0 + "\n" }
        return text + "[exit status \(ok ? 0 : 1)]\n"
    }

    static func firstDifference(_ a: String, _ b: String) -> String {
        let x = a.split(separator: "\n", omittingEmptySubsequences: false), y = b.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(x.count, y.count) where (i < x.count ? x[i] : nil) != (i < y.count ? y[i] : nil) {
            return "line \(i + 1): expected '\(i < x.count ? String(x[i]) : "<end>")', got '\(i < y.count ? String(y[i]) : "<end>")'"
        }
        return "nowhere"
    }
}
