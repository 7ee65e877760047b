import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The cnnsh executable as a user meets it: script files, -c, piped input, exit statuses, and the
/// interactive prompt under a pseudo-terminal.
final class ProcessTests: XCTestCase {
    static var binary: URL? {
        speakEnglishInChildren()
        let candidates = [Bundle.main.bundleURL, Bundle(for: ProcessTests.self).bundleURL.deletingLastPathComponent()]
        return candidates.map { $0.appendingPathComponent("cnnsh") }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    func run(_ arguments: [String], input: String? = nil) throws -> (out: String, err: String, status: Int32) {
        let binary = try XCTUnwrap(Self.binary, "the cnnsh executable is built next to the tests")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self), process.terminationStatus)
    }

    func testScriptFileStopsAtTheFirstErrorWithFileAndLine() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cnnsh-\(UUID().uuidString).cnn")
        defer { try? FileManager.default.removeItem(at: file) }
        try "seed 1\n\noutsize 28 5 strid=2\ntensor t 2\n".write(to: file, atomically: true, encoding: .utf8)
        let r = try run([file.path])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.out, "seed 1\n")
        XCTAssertEqual(r.err, "\(file.path):3: error: outsize: unknown option 'strid=2'; expected stride=, pad=, filters= (hint: did you mean 'stride='?)\n")
        let going = try run([file.path, "--keep-going", "--echo"])
        XCTAssertEqual(going.status, 1, "an error still fails the run")
        XCTAssertEqual(going.out, "cnnsh> seed 1\nseed 1\n\ncnnsh> outsize 28 5 strid=2\ncnnsh> tensor t 2\nt: 2\n")
        let missing = try run(["/nonexistent/x.cnn"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.err, "cnnsh: cannot read /nonexistent/x.cnn: no such file\n")
    }

    func testCtrlCStopsAScriptAfterTrainingStopsAtABatch() throws {
        let binary = try XCTUnwrap(Self.binary)
        let process = Process()
        process.executableURL = binary
        process.arguments = ["-c", "load mnist train=20000 test=100; net lenet; train epochs=20; tensor after 1"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        Thread.sleep(forTimeInterval: 2)
        kill(process.processIdentifier, SIGINT)
        let o = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 1)
        XCTAssertTrue(o.contains("interrupted after "), o)
        XCTAssertFalse(o.contains("after: 1"), "the script stops after the interrupted command")
        XCTAssertEqual(e, "-c:1: interrupted\n")
    }

    /// Several -c run in order as the lines of one script; --keep-going goes on after a failure
    /// within a line and between -c, and the status still says one failed.
    func testSeveralCommandOptionsRunInOrder() throws {
        let stopped = try run(["-c", "seed 1", "-c", "bogus", "-c", "seed 2"])
        XCTAssertEqual(stopped.status, 1)
        XCTAssertEqual(stopped.out, "seed 1\n")
        XCTAssertEqual(stopped.err, "-c:2: error: unknown command 'bogus' (hint: 'help' lists the commands)\n")
        let going = try run(["--keep-going", "-c", "seed 1; bogus; seed 3", "-c", "seed 2"])
        XCTAssertEqual(going.status, 1)
        XCTAssertEqual(going.out, "seed 1\nseed 3\nseed 2\n")
        XCTAssertEqual(going.err, "-c:1: error: unknown command 'bogus' (hint: 'help' lists the commands)\n")
    }

    func testCommandsAndPipedInput() throws {
        let c = try run(["-c", "seed 3; outsize 28 5"])
        XCTAssertEqual(c.status, 0)
        XCTAssertEqual(c.out, "seed 3\nheight: (28 + 2·0 − 5)/1 + 1 = 24\nwidth:  (28 + 2·0 − 5)/1 + 1 = 24\noutput: 24×24\n"
                       + "receptive field: 5×5, jump 1 (r = 1 + (5 − 1)·1 = 5, j = 1·1 = 1)\n")
        let bad = try run(["-c", "seed 3; forwrd"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertEqual(bad.err, "-c:1: error: unknown command 'forwrd' — did you mean 'forward'?\n")
        let piped = try run([], input: "tensor a 2x2\nshow a\n")
        XCTAssertEqual(piped.status, 0)
        XCTAssertEqual(piped.out, "a: 2×2\na: 2×2\n  0 1\n  2 3\n")
        let garbage = try run([], input: "\u{1}\u{2}\u{3}\nseed 1\n")
        XCTAssertEqual(garbage.status, 1)
        XCTAssertTrue(garbage.err.hasPrefix("<stdin>:1: error: unknown command"), garbage.err)
        XCTAssertEqual(try run(["--version"]).out, "0.4.0\n")
    }

    /// The prompt as a new user meets it, under a pseudo-terminal: typing, tab completion, the
    /// arrow key for history, Ctrl-C on a half-typed line, Ctrl-C during training, Ctrl-D, and the
    /// history file kept between runs.
    func testInteractivePromptUnderAPseudoTerminal() throws {
        let history = FileManager.default.temporaryDirectory.appendingPathComponent("cnnsh-history-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: history) }
        let first = try PromptSession(binary: try XCTUnwrap(Self.binary), history: history.path)
        try first.expect("cnnsh> ")
        first.type("tensor marker1 3\r")
        try first.expect("marker1: 3")
        first.type("sha\t\r")
        try first.expect("shapes: there is no network yet")
        first.type("\u{1b}[A\r")
        try first.expect("shapes: there is no network yet", count: 2)
        first.type("tensor junk 3")
        try first.expect("tensor junk 3")
        first.interrupt()
        first.type("tensor marker2 2\r")
        try first.expect("marker2: 2")
        XCTAssertFalse(first.screen.contains("junk: 3"), "Ctrl-C cleared the half-typed line")
        first.type("load mnist train=20000 test=100\r")
        try first.expect("loaded mnist")
        first.type("net lenet\r")
        try first.expect("total: 44,426 parameters")
        first.type("train epochs=20\r")
        try first.expect("training on x_train")
        Thread.sleep(forTimeInterval: 0.5)
        first.interrupt()
        try first.expect("the network keeps the weights trained so far")
        XCTAssertTrue(first.screen.contains("interrupted after "))
        first.type("history\r")
        // Ctrl-D typed before readline has the terminal back is read in cooked mode, as an empty line.
        try first.expectPrompt(after: "train epochs=20 batches=")
        first.type("\u{4}")
        XCTAssertEqual(try first.exitStatus(), 0, "Ctrl-D leaves cleanly")
        let saved = try String(contentsOf: history, encoding: .utf8)
        XCTAssertTrue(saved.contains("tensor marker1 3\n") && saved.contains("shapes\n"), saved)

        let second = try PromptSession(binary: try XCTUnwrap(Self.binary), history: history.path)
        try second.expect("cnnsh> ")
        second.type("\u{1b}[A\r")
        try second.expect("no commands yet", timeout: 10)
        second.type("quit\r")
        XCTAssertEqual(try second.exitStatus(), 0)
    }
}

extension ProcessTests {
    /// A full disk: saving fails with the reason, the old file stays whole and no temporary file is
    /// left. The disk is a 64 KiB tmpfs in a private mount namespace, so this needs root and
    /// unshare(1); it is skipped where they are missing.
    func testAFullDiskKeepsTheOldFile() throws {
        let binary = try XCTUnwrap(Self.binary)
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else {
            throw XCTSkip("needs root and unshare(1) to mount a small disk")
        }
        let disk = FileManager.default.temporaryDirectory.appendingPathComponent("cnnsh-full-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: disk) }
        let steps = """
            mount -t tmpfs -o size=64k tmpfs '\(disk.path)' || exit 77
            cd '\(disk.path)'
            '\(binary.path)' -c 'tensor small 4; save small s.npy; tensor big 200x200; save big s.npy'
            echo "status $?"
            '\(binary.path)' -c 'load npy s.npy as back; show back'
            ls -A
            """
        let (o, e, status) = try runToEnd("/usr/bin/unshare", ["-m", "sh", "-c", steps])
        if status == 77 || e.contains("unshare failed") { throw XCTSkip("could not mount a small disk here: \(e)") }
        XCTAssertEqual(o, """
            small: 4
            saved small (4, float32) to s.npy
            big: 200×200
            status 1
            loaded back: 4 from s.npy
            back: 4
            [0 1 2 3]
            s.npy

            """)
        XCTAssertEqual(e, "-c:1: error: save: cannot write s.npy: the disk is full; any old file there is unchanged (hint: save somewhere else, or check that this directory exists, is writable and has room)\n")
    }

    /// SIGTERM at the prompt: the terminal is given back, the history kept, and the exit status
    /// says which signal (128 + 15).
    func testTerminatedAtThePromptKeepsTheHistory() throws {
        let history = FileManager.default.temporaryDirectory.appendingPathComponent("cnnsh-history-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: history) }
        let session = try PromptSession(binary: try XCTUnwrap(Self.binary), history: history.path)
        try session.expect("cnnsh> ")
        session.type("tensor kept 2\r")
        try session.expect("kept: 2")
        let children = try String(contentsOfFile: "/proc/\(session.process.processIdentifier)/task/\(session.process.processIdentifier)/children", encoding: .utf8)
        let shell = try XCTUnwrap(children.split(separator: " ").first.flatMap { Int32($0) }, "cnnsh runs under script")
        kill(shell, SIGTERM)
        XCTAssertEqual(try session.exitStatus(), 128 + SIGTERM)
        XCTAssertTrue(try String(contentsOf: history, encoding: .utf8).contains("tensor kept 2\n"))
    }
}

/// cnnsh running under util-linux `script`, which gives it a pseudo-terminal as its controlling
/// terminal: keys typed here go through the terminal's line discipline, so Ctrl-C (byte 0x03)
/// raises SIGINT exactly as it does for a person at a keyboard.
final class PromptSession {
    let process = Process()
    let input = Pipe(), output = Pipe()
    private(set) var screen = ""

    /// `history` is `CNNSH_HISTORY` (nil: unset, so the conventions choose); `environment` is laid over the test's own.
    init(binary: URL, history: String?, environment: [String: String] = [:], in folder: URL? = nil) throws {
        let script = URL(fileURLWithPath: "/usr/bin/script")
        guard FileManager.default.isExecutableFile(atPath: script.path) else { throw XCTSkip("util-linux script is not installed") }
        process.executableURL = script
        // script runs its command through $SHELL -c. `exec` makes cnnsh that shell's replacement:
        // a shell left waiting in the same process group (dash does that) hears every Ctrl-C too
        // and, when cnnsh leaves, exits as killed by it (status 130).
        process.arguments = ["-qfec", "exec '\(binary.path)'", "/dev/null"]
        var variables = ProcessInfo.processInfo.environment.merging(["TERM": "xterm", "SHELL": "/bin/sh"].merging(environment) { $1 }) { $1 }
        variables["CNNSH_HISTORY"] = history
        process.environment = variables
        if let folder { process.currentDirectoryURL = folder }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    func type(_ text: String) {
        input.fileHandleForWriting.write(Data(text.utf8))
        Thread.sleep(forTimeInterval: 0.1)
    }

    /// Types `line` and Enter, then reads the terminal until `answer` appears.
    func enter(_ line: String, expecting answer: String, file: StaticString = #filePath, line number: UInt = #line) throws {
        type(line + "\r")
        try expect(answer, file: file, line: number)
    }

    /// Types `quit`: the status cnnsh left with.
    func quit(file: StaticString = #filePath, line: UInt = #line) throws -> Int32 {
        type("quit\r")
        return try exitStatus(file: file, line: line)
    }

    /// Ctrl-C typed at the keyboard.
    func interrupt() { type("\u{3}") }

    private func drain(waiting milliseconds: Int32) {
        let fd = output.fileHandleForReading.fileDescriptor
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, milliseconds) > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = read(fd, &buffer, buffer.count)
        if n > 0 { screen += String(decoding: buffer[..<n], as: UTF8.self) }
    }

    /// Why a session test stops: the prompt did not answer in time. Thrown, it fails the test (a
    /// skip would hide a hung or broken prompt), naming the line that waited and what the terminal showed.
    struct NoAnswer: Error, CustomStringConvertible {
        let description: String
        init(_ what: String, file: StaticString, line: UInt, screen: String) {
            description = "\(file):\(line): \(what); the terminal shows:\n\(screen)"
        }
    }

    /// Reads the terminal until `text` has appeared `count` times.
    func expect(_ text: String, count: Int = 1, timeout: TimeInterval = 20, file: StaticString = #filePath, line: UInt = #line) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while screen.components(separatedBy: text).count - 1 < count {
            guard Date() < deadline else {
                throw NoAnswer("waited \(timeout) s for '\(text)'", file: file, line: line, screen: screen)
            }
            drain(waiting: 100)
        }
    }

    /// Reads the terminal until the prompt is back after the last `text`.
    func expectPrompt(after text: String, timeout: TimeInterval = 20, file: StaticString = #filePath, line: UInt = #line) throws {
        try expect(text, file: file, line: line)
        let deadline = Date().addingTimeInterval(timeout)
        while !(screen.components(separatedBy: text).last ?? "").contains("cnnsh> ") {
            guard Date() < deadline else {
                throw NoAnswer("waited \(timeout) s for the prompt after '\(text)'", file: file, line: line, screen: screen)
            }
            drain(waiting: 100)
        }
    }

    func exitStatus(timeout: TimeInterval = 10, file: StaticString = #filePath, line: UInt = #line) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { drain(waiting: 50) }
        guard !process.isRunning else {
            throw NoAnswer("cnnsh did not leave within \(timeout) s", file: file, line: line, screen: screen)
        }
        return process.terminationStatus
    }
}
