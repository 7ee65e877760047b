import Foundation
import XCTest

/// Output that cannot be written ends cnnsh the way coreutils end: a full device or a closed
/// descriptor is one line on standard error and status 1, a reader that went away is a quiet end
/// with status 141 (killed by SIGPIPE), whether or not SIGPIPE was ignored by the caller.
final class OutputFailureTests: XCTestCase {
    func bash(_ script: String) throws -> (out: String, err: String, status: Int32) {
        guard FileManager.default.isExecutableFile(atPath: "/bin/bash") else { throw XCTSkip("no bash") }
        let binary = try XCTUnwrap(ProcessTests.binary)
        return try runToEnd("/bin/bash", ["-c", script.replacingOccurrences(of: "CNNSH", with: "'\(binary.path)'")])
    }

    func testAFullDeviceIsOneLineOnStandardErrorAndStatusOne() throws {
        for arguments in ["-c help", "--help", "-c 'tensor a 3; show a'"] {
            let r = try bash("CNNSH \(arguments) > /dev/full")
            XCTAssertEqual(r.status, 1, arguments)
            XCTAssertEqual(r.err, "cnnsh: cannot write to standard output: No space left on device\n", arguments)
        }
        let closed = try bash("CNNSH -c help >&-")
        XCTAssertEqual(closed.status, 1)
        XCTAssertEqual(closed.err, "cnnsh: cannot write to standard output: Bad file descriptor\n")
    }

    func testAClosedPipeEndsQuietly() throws {
        // Forty helps are more than a pipe holds, so cnnsh is still writing when head leaves.
        let many = Array(repeating: "help", count: 40).joined(separator: "; ")
        for trap in ["", "trap '' PIPE; "] {
            let r = try bash("\(trap)CNNSH -c '\(many)' | head -1; echo \"status ${PIPESTATUS[0]}\"")
            XCTAssertEqual(r.out, "'course' maps each problem to its commands and script; help COMMAND for usage:\nstatus 141\n", trap)
            XCTAssertEqual(r.err, "", trap)
        }
        let one = try bash("CNNSH -c help | head -1 >/dev/null; echo \"status ${PIPESTATUS[0]}\"")
        XCTAssertTrue(one.out == "status 0\n" || one.out == "status 141\n", one.out)
        XCTAssertEqual(one.err, "")
    }
}
