import Foundation
import XCTest

/// Resuming tomorrow: a workspace saved by one cnnsh process and loaded by another gives the same
/// accuracy, and its next epoch the same weights, byte for byte, as the first process going on.
final class WorkspaceProcessTests: ScratchDirectoryTestCase {
    func run(_ script: String) throws -> String {
        let process = Process()
        process.executableURL = try XCTUnwrap(ProcessTests.binary, "the cnnsh executable is built next to the tests")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, String(decoding: e, as: UTF8.self))
        return String(decoding: o, as: UTF8.self)
    }

    func testASecondProcessResumesWhereTheFirstSavedBitForBit() throws {
        // Adam's moments and step count, the cosine schedule, dropout's generator and the shuffling generator all carry over.
        let first = try run("seed 3; load mnist train=512 test=200; net new; add conv2d 6 5x5; add relu; add maxpool 2x2; add flatten; "
                            + "add dropout 0.2; add fc 10; optimizer adam lr=0.003 schedule=cosine; train epochs=1; "
                            + "save workspace w.npz; accuracy; train epochs=1; save weights uninterrupted.npz")
        let second = try run("load workspace w.npz; accuracy; train epochs=1; save weights resumed.npz")
        let accuracy = { (text: String) in text.split(separator: "\n").first { $0.hasPrefix("accuracy on x_test") } }
        XCTAssertNotNil(accuracy(first))
        XCTAssertEqual(accuracy(second), accuracy(first))
        let uninterrupted = try Data(contentsOf: directory.appendingPathComponent("uninterrupted.npz"))
        let resumed = try Data(contentsOf: directory.appendingPathComponent("resumed.npz"))
        XCTAssertEqual(resumed, uninterrupted, "the epoch after loading is the epoch the first process trained")
        let epoch2 = { (text: String) in text.split(separator: "\n").first { $0.hasPrefix("epoch 2") } }
        XCTAssertNotNil(epoch2(second))
        XCTAssertEqual(epoch2(second), epoch2(first))
    }
}
