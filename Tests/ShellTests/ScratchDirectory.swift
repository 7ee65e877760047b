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
