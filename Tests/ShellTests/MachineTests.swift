import Foundation
import Tensors
import XCTest

/// What the binary says about the CPU: `bench`'s machine lines, and the message a CPU without the
/// instructions the build assumed gets instead of an illegal instruction.
final class MachineTests: ScratchDirectoryTestCase {
    func cnnsh(_ arguments: [String], _ variables: [String: String] = [:]) throws -> (out: String, err: String, status: Int32) {
        let binary = try XCTUnwrap(ProcessTests.binary, "the cnnsh executable is built next to the tests")
        return try runToEnd(binary.path, arguments, environment: ["PATH": "/usr/bin:/bin", "HOME": directory.path].merging(variables) { $1 })
    }

    func testACPUWithoutTheBuildsInstructionsGetsAMessage() throws {
        let lacking = ["CNNSH_TEST_CPU_LACKS": "avx2 fma avx512f avx512bw avx512dq avx512vl"]
        let result = try cnnsh(["-c", "help"], lacking)
        guard Machine.vectorISA == "avx2" || Machine.vectorISA == "avx512" else {
            XCTAssertEqual(result.status, 0, "a build that assumes nothing runs anywhere")
            return
        }
        XCTAssertEqual(result.status, 69, result.err)
        XCTAssertEqual(result.out, "", "nothing ran")
        let missing = Machine.vectorISA == "avx512" ? "avx2 fma avx512f avx512bw avx512dq avx512vl" : "avx2 fma"
        XCTAssertTrue(result.err.hasPrefix("cnnsh: this CPU lacks \(missing)"), result.err)
        XCTAssertTrue(result.err.contains(Machine.build == "portable" ? "without CNNSH_PORTABLE" : "CNNSH_PORTABLE=1 swift build -c release"), result.err)
        XCTAssertEqual(try cnnsh(["-c", "help"], ["CNNSH_TEST_CPU_LACKS": "sse5 avx2x fmaa"]).status, 0,
                       "only what the build assumed counts, name by whole name")
    }

    func testBenchNamesTheMachineAndTheFractionOfItsPeak() throws {
        let result = try cnnsh(["-c", "bench train=640 repeat=1 threads=1"])
        XCTAssertEqual(result.status, 0, result.err)
        var values: [String: String] = [:]
        for line in result.out.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        XCTAssertEqual(values["cpu_model"], Machine.cpuModel)
        XCTAssertEqual(values["isa"], Machine.vectorISA)
        XCTAssertEqual(values["threads"], "1")
        XCTAssertTrue(["native", "portable"].contains(values["build"] ?? ""), result.out)
        for name in ["peak_gflops", "epoch_gflops", "fraction_of_peak", "train_images_per_s", "test_images_per_s"] {
            let value = try XCTUnwrap(values[name].flatMap(Double.init), "\(name) in\n\(result.out)")
            XCTAssertGreaterThan(value, 0, name)
        }
        // The fraction is the two figures' quotient, as printed (rounding aside).
        let (epoch, peak, fraction) = (Double(values["epoch_gflops"]!)!, Double(values["peak_gflops"]!)!, Double(values["fraction_of_peak"]!)!)
        XCTAssertEqual(fraction, epoch / peak, accuracy: 0.002 + 0.05 / peak)
    }
}
