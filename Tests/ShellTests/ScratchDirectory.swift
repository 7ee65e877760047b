import Shell
import Foundation
import XCTest

/// A test case whose tests each get a fresh temporary `directory` for the files they write,
/// removed afterwards.
class ScratchDirectoryTestCase: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("cnnsh-\(Self.self)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }
}

/// What `python3 -c code` prints, for tests that check a file with NumPy; the test is skipped when
/// python3 with numpy is not installed.
func numpyOutput(_ code: String) throws -> String {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/env") else { throw XCTSkip("no /usr/bin/env") }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", code]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = Pipe()
    do { try process.run() } catch { throw XCTSkip("no python3") }
    let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw XCTSkip("python3 with numpy is not installed") }
    return text
}

/// Runs `executable` to its end: what it wrote on standard output and error, and its exit status.
/// Standard error is read on another thread, so that neither pipe can fill while the other is read.
func runToEnd(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> (out: String, err: String, status: Int32) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let out = Pipe(), err = Pipe()
    (process.standardOutput, process.standardError) = (out, err)
    try process.run()
    final class Collected: @unchecked Sendable { var data = Data() }  // written before `read` is left
    let errors = Collected(), read = DispatchGroup()
    DispatchQueue.global().async(group: read) { errors.data = err.fileHandleForReading.readDataToEndOfFile() }
    let o = out.fileHandleForReading.readDataToEndOfFile()
    read.wait()
    let e = errors.data
    process.waitUntilExit()
    return (String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self), process.terminationStatus)
}

/// The binary's tests read its English messages, so a machine whose locale asks for Japanese
/// (LANG=ja_JP.UTF-8) runs them with `LC_ALL=C.UTF-8` in the environment children inherit; the
/// tests of Japanese ask for it themselves.
func speakEnglishInChildren() {
    if Language(environment: ProcessInfo.processInfo.environment) != .english { setenv("LC_ALL", "C.UTF-8", 1) }
}
