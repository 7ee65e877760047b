import Foundation
import Shell
import XCTest

/// Replays every script in sessions/ and compares what it prints with the checked-in transcript
/// next to it (NAME.cnn → NAME.out), the way sqlite's shell tests do: exact text, then the exit
/// status. A script with a Japanese transcript (NAME.ja.out) is replayed in Japanese too, and its
/// workspace must come out the same as in English. To re-record on purpose after a deliberate
/// change of output (and to record a new NAME.ja.out, create it empty first):
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
        var japanese = 0
        for script in scripts {
            let path = Self.sessions.appendingPathComponent(script).path
            let (actual, workspace) = Transcript.of(scriptAt: path, source: "sessions/\(script)")
            try compare(actual, script, transcript: ".out", record: record)
            let translated = Self.sessions.appendingPathComponent(script.replacingOccurrences(of: ".cnn", with: ".ja.out"))
            guard FileManager.default.fileExists(atPath: translated.path) else { continue }
            japanese += 1
            let (inJapanese, sameWorkspace) = Transcript.of(scriptAt: path, source: "sessions/\(script)", language: .japanese)
            try compare(inJapanese, script, transcript: ".ja.out", record: record)
            XCTAssertEqual(sameWorkspace, workspace, "\(script): the workspace differs in Japanese")
            XCTAssertNotEqual(inJapanese, actual, "\(script): the Japanese transcript is the English one")
        }
        XCTAssertGreaterThanOrEqual(japanese, 3, "at least three sessions have a Japanese transcript")
    }

    /// Compares (or records) `actual` with the transcript `script` with `.cnn` made `suffix`.
    func compare(_ actual: String, _ script: String, transcript suffix: String, record: Bool) throws {
        let expectedURL = Self.sessions.appendingPathComponent(script.replacingOccurrences(of: ".cnn", with: suffix))
        if record {
            try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
            return
        }
        let expected = (try? String(contentsOf: expectedURL, encoding: .utf8)) ?? ""
        if actual != expected {
            try actual.write(toFile: expectedURL.path + ".actual", atomically: true, encoding: .utf8)
            XCTFail("\(script): transcript differs at \(Transcript.firstDifference(expected, actual)); actual output in \(expectedURL.lastPathComponent).actual")
        }
        XCTAssertTrue(actual.hasSuffix("[exit status 0]\n"), "\(script) must replay without error")
    }
}

/// What `cnnsh --echo FILE 2>&1` prints, followed by `[exit status N]`, produced in-process, and
/// the fingerprint of the workspace it leaves.
enum Transcript {
    static func of(scriptAt path: String, source: String, language: Language = .english) -> (text: String, workspace: String) {
        var text = ""
        let output = Output { text += $0 }
        var shell = Shell(language: language)
        let script = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let ok = shell.runScript(script, source: source, echo: true, keepGoing: false, output: output) { text += $0 + "\n" }
        return (text + "[exit status \(ok ? 0 : 1)]\n", shell.workspace.fingerprint)
    }

    static func firstDifference(_ a: String, _ b: String) -> String {
        let x = a.split(separator: "\n", omittingEmptySubsequences: false), y = b.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(x.count, y.count) where (i < x.count ? x[i] : nil) != (i < y.count ? y[i] : nil) {
            return "line \(i + 1): expected '\(i < x.count ? String(x[i]) : "<end>")', got '\(i < y.count ? String(y[i]) : "<end>")'"
        }
        return "nowhere"
    }
}
