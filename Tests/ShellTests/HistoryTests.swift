import Foundation
import Shell
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Where the prompt keeps its history, case by case of the environment, and the prompt keeping it:
/// migrated from the old file, warned about once when it cannot be written, and appended to by two
/// shells at once without losing either's lines.
final class HistoryTests: ScratchDirectoryTestCase {
    func testTheEnvironmentChoosesTheFileByTheConventions() {
        XCTAssertEqual(HistoryFile(environment: ["CNNSH_HISTORY": "/h/mine", "XDG_STATE_HOME": "/s", "HOME": "/home/a"]).path, "/h/mine")
        XCTAssertEqual(HistoryFile(environment: ["XDG_STATE_HOME": "/s", "HOME": "/home/a"]).path, "/s/cnnsh/history")
        XCTAssertEqual(HistoryFile(environment: ["XDG_STATE_HOME": "relative/s", "HOME": "/home/a"]).path,
                       "/home/a/.local/state/cnnsh/history", "a relative XDG_STATE_HOME is ignored, as the specification says")
        XCTAssertEqual(HistoryFile(environment: ["CNNSH_HISTORY": "", "XDG_STATE_HOME": "", "HOME": "/home/a"]).path,
                       "/home/a/.local/state/cnnsh/history", "empty variables count as unset")
        XCTAssertEqual(HistoryFile(environment: ["HOME": "/home/a"]).legacy, "/home/a/.cnnsh_history")
        XCTAssertNil(HistoryFile(environment: ["CNNSH_HISTORY": "/h/mine", "HOME": "/home/a"]).legacy, "a named file was the history before too")
        if let entry = getpwuid(getuid()), let home = entry.pointee.pw_dir, home.pointee != 0 {
            XCTAssertEqual(HistoryFile(environment: [:]).path, String(cString: home) + "/.local/state/cnnsh/history",
                           "without HOME, the password database's home")
        }
    }

    func testPreparingCreatesThePrivateFolderAndMigratesTheOldFileOnce() throws {
        let home = directory.appendingPathComponent("home").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try "outsize 28 5\nseed 1\n".write(toFile: home + "/.cnnsh_history", atomically: true, encoding: .utf8)
        let history = HistoryFile(environment: ["HOME": home])
        XCTAssertNil(history.prepare())
        let path = try XCTUnwrap(history.path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "outsize 28 5\nseed 1\n")
        let folder = try FileManager.default.attributesOfItem(atPath: home + "/.local/state/cnnsh")
        XCTAssertEqual((folder[.posixPermissions] as? NSNumber)?.intValue, 0o700)
        try "seed 2\n".write(toFile: home + "/.cnnsh_history", atomically: true, encoding: .utf8)
        XCTAssertNil(history.prepare())
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "outsize 28 5\nseed 1\n", "migrated once, not again")
    }

    func testAFileThatCannotBeWrittenSaysWhy() throws {
        _ = Shell(language: .english)  // its messages are the last shell's language: an earlier test's may be Japanese
        let blocker = directory.appendingPathComponent("a-file")
        try "x".write(to: blocker, atomically: true, encoding: .utf8)
        let problem = try XCTUnwrap(HistoryFile(environment: ["CNNSH_HISTORY": blocker.path + "/history"]).prepare())
        XCTAssertEqual(problem, "cannot create \(blocker.path): Not a directory")
        let proc = HistoryFile(environment: ["CNNSH_HISTORY": "/proc/cnnsh-nonexistent/history"]).prepare()
        XCTAssertEqual(proc, "cannot create /proc/cnnsh-nonexistent: No such file or directory", "in the system's words")
    }

    /// HOME from the environment, not the password database; the old file migrated into the XDG place.
    func testThePromptKeepsItsHistoryUnderHOME() throws {
        let home = directory.appendingPathComponent("home").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try "tensor old 1\n".write(toFile: home + "/.cnnsh_history", atomically: true, encoding: .utf8)
        let session = try PromptSession(binary: try XCTUnwrap(ProcessTests.binary), history: nil, environment: ["HOME": home, "XDG_STATE_HOME": ""])
        try session.expect("cnnsh> ")
        try session.enter("\u{1b}[A", expecting: "old: 1")
        try session.enter("tensor new 2", expecting: "new: 2")
        XCTAssertEqual(try session.quit(), 0)
        XCTAssertEqual(try String(contentsOfFile: home + "/.local/state/cnnsh/history", encoding: .utf8), "tensor old 1\ntensor old 1\ntensor new 2\nquit\n")
    }

    func testAnUnwritableHistoryWarnsOnceAndTheShellGoesOn() throws {
        let blocker = directory.appendingPathComponent("a-file")
        try "x".write(to: blocker, atomically: true, encoding: .utf8)
        let session = try PromptSession(binary: try XCTUnwrap(ProcessTests.binary), history: blocker.path + "/history")
        try session.expect("cnnsh> ")
        try session.enter("tensor a 2", expecting: "a: 2")
        try session.enter("tensor b 3", expecting: "b: 3")
        XCTAssertEqual(try session.quit(), 0)
        XCTAssertEqual(session.screen.components(separatedBy: "the history will not be kept").count - 1, 1, session.screen)
    }

    /// Two shells at once, typing in turn: the file has every line of both, in the order typed.
    func testTwoShellsAtOnceKeepEachOthersLines() throws {
        let path = directory.appendingPathComponent("state/history").path
        let binary = try XCTUnwrap(ProcessTests.binary)
        let first = try PromptSession(binary: binary, history: path), second = try PromptSession(binary: binary, history: path)
        try first.expect("cnnsh> ")
        try second.expect("cnnsh> ")
        for (n, session) in [first, second, first, second].enumerated() {
            try session.enter("tensor t\(n) \(n + 1)", expecting: "t\(n): \(n + 1)")
        }
        XCTAssertEqual(try first.quit(), 0)
        XCTAssertEqual(try second.quit(), 0)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "tensor t0 1\ntensor t1 2\ntensor t2 3\ntensor t3 4\nquit\nquit\n")
    }
}
