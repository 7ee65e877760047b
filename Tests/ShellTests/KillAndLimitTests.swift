import Datasets
import Foundation
import Tensors
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The cnnsh executable under hard conditions: an address-space cap below the memory it is asked
/// for, and kill -9 in the middle of saving (issue 14).
final class KillAndLimitTests: XCTestCase {
    var binary: URL { get throws { try XCTUnwrap(ProcessTests.binary, "the cnnsh executable is built next to the tests") } }

    /// Runs `command` under `sh -c`, returning standard error and the exit status.
    func shell(_ command: String, in directory: String? = nil) throws -> (err: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: e, as: UTF8.self), process.terminationStatus)
    }

    /// Under `ulimit -v 8000000` the default limit is half that address space, and each case is
    /// refused with the size it needs instead of dying in the allocator.
    func testMemoryCasesAreRefusedUnderAnAddressSpaceCap() throws {
        let cases = [
            "net lenet input=1x1048576x2048; show fc1.W",
            "limit memory=100MB; net lenet input=1x1048576x16; show conv2.W; show fc1.W",
            "net lenet input=1x1048576x16; tensor x 1x1x1048576x16; forward x",
            "net vgg16; limit memory=1GB; tensor x 1x3x224x224 fill=randn; forward x",
            "tensor x 1x1x28x28; tensor y 1 values=3; net new; add conv2d 4096 1x1 pad=1024; add maxpool 1024x1024; add flatten; add fc 10; accuracy x y",
            "tensor x 1x1x28x28; tensor y 1 values=3; net new; add conv2d 4096 1x1 pad=1024; add maxpool 1024x1024; add flatten; add fc 10; confusion x y",
        ]
        for line in cases {
            let (err, status) = try shell("ulimit -v 8000000 && exec '\(try binary.path)' -c '\(line)'")
            XCTAssertEqual(status, 1, "\(line): \(err)")
            XCTAssertTrue(err.contains("would need"), "\(line): \(err)")
        }
        let (err, _) = try shell("ulimit -v 8000000 && exec '\(try binary.path)' -c 'limit' >&2")
        XCTAssertTrue(err.contains("memory limit 4.1 GB"), err)
    }

    /// CSV lines of 10 and 20 million fields under a 400 MB address-space cap: refused by their
    /// count of fields, where building a range and a String per field (a gigabyte) would kill cnnsh.
    func testCSVLinesOfMillionsOfFieldsAreRefusedUnderAnAddressSpaceCap() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cnnsh-wide-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = [("header.csv", String(repeating: "a,", count: 10_000_000) + "label\n1,0\n", "header.csv:1: the header's 10,000,001 names need more than the limit"),
                     ("row.csv", "a,label\n" + String(repeating: ",", count: 20_000_000) + "\n", "row.csv:2:3: this row has 20,000,001 fields, the header has 2")]
        for (name, text, expected) in files {
            try Data(text.utf8).write(to: directory.appendingPathComponent(name))
            let (err, status) = try shell("ulimit -v 400000 && exec '\(try binary.path)' -c 'limit memory=50MB' -c 'load csv \(name)'", in: directory.path)
            XCTAssertEqual(status, 1, "\(name): \(err)")
            XCTAssertTrue(err.contains(expected), "\(name): \(err)")
        }
    }

    /// kill -9 at random moments of 50 runs that save one file over and over: afterwards the
    /// directory holds that file alone, complete and readable, old or new.
    func testKillNineDuringSavesLeavesTheOldOrTheNewFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cnnsh-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let saves = Array(repeating: "save a big.npy; save b big.npy", count: 30).joined(separator: "; ")
        var rng = RandomGenerator(seed: 9)
        var killedMidway = 0
        for trial in 0..<50 {
            let process = Process()
            process.executableURL = try binary
            process.arguments = ["-c", "seed \(trial); tensor a 1200x1200 fill=randn; tensor b 700x700 fill=ones; \(saves)"]
            process.currentDirectoryURL = directory
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(30_000 + rng.integer(below: 250_000)))
            if process.isRunning { killedMidway += 1 }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            // A save the kill interrupted after its bytes were complete is finished by the writer's
            // child process, which outlives its parent by microseconds: give it those.
            var names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            for _ in 0..<100 where names.contains(where: { $0.hasSuffix(".tmp") }) {
                usleep(10_000)
                names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            }
            XCTAssertTrue(names == ["big.npy"] || names.isEmpty, "trial \(trial) left \(names)")
            guard names == ["big.npy"] else { continue }
            let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent("big.npy")))
            let t = try NumPy.tensor(npy: bytes)
            XCTAssertTrue(t.shape == [1200, 1200] || t.shape == [700, 700], "trial \(trial): \(t.shapeDescription)")
        }
        print("kill -9 during saves: \(killedMidway) of 50 runs killed while saving")
        XCTAssertGreaterThan(killedMidway, 25, "most kills land mid-run")
    }
}
