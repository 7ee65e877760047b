import Foundation
import XCTest

/// cnnsh installed as README says (`swift build -c release`, then `./install.sh --prefix PREFIX`),
/// run from another folder with the build folder out of reach: its data, manual page and
/// completion scripts are where the installed copy finds them.
final class InstallTests: ScratchDirectoryTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs `command` with /bin/sh in `folder`; the build folder is hidden under an empty tmpfs in
    /// a private mount namespace where the machine allows it (root and unshare(1)).
    func sh(_ command: String, in folder: URL, environment: [String: String] = [:], hiding build: URL? = nil) throws -> (out: String, err: String, status: Int32) {
        var script = "cd '\(folder.path)' && \(command)"
        var shell = ["/bin/sh", "-c"]
        if build != nil && (getuid() != 0 || !FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare")) {
            // Still a test of the copy: a cnnsh that used its build folder would load MNIST with
            // PREFIX/share/cnnsh moved away, and the test checks that it does not.
            print("note: the build folder stays in reach (hiding it needs root and unshare)")
        }
        if let build, FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare"), getuid() == 0 {
            script = "mount -t tmpfs tmpfs '\(build.path)' || exit 97\n" + script
            shell = ["/usr/bin/unshare", "-m", "sh", "-c"]
        }
        var variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if environment["CNNSH_DATA"] == nil { variables["CNNSH_DATA"] = nil }
        let (o, e, status) = try runToEnd(shell[0], Array(shell.dropFirst()) + [script], environment: variables)
        if status == 97 && build != nil {
            print("note: could not hide the build folder (\(e.trimmingCharacters(in: .whitespacesAndNewlines))); the copy runs beside it")
            return try sh(command, in: folder, environment: environment)
        }
        return (o, e, status)
    }

    func testTheInstalledCopyRunsWithoutTheBuildFolder() throws {
        let build = try XCTUnwrap(ProcessTests.binary).deletingLastPathComponent()
        let prefix = directory.appendingPathComponent("prefix"), elsewhere = directory.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let install = try sh("./install.sh --prefix '\(prefix.path)' --build '\(build.path)'", in: Self.packageRoot)
        XCTAssertEqual(install.status, 0, install.err)
        XCTAssertEqual(install.err, "")

        let cnnsh = "'\(prefix.path)/bin/cnnsh'"
        let loaded = try sh("\(cnnsh) -c 'load mnist train=100 test=10'", in: elsewhere, hiding: build)
        XCTAssertEqual(loaded.status, 0, loaded.err)
        XCTAssertEqual(loaded.out, "loaded mnist: 100 training, 10 test images\n  x_train  100×1×28×28\n  y_train  100\n  x_test   10×1×28×28\n  y_test   10\n")

        // Without its data it says where it looked and how to fix it; every other command works.
        let data = prefix.appendingPathComponent("share/cnnsh"), moved = directory.appendingPathComponent("moved")
        try FileManager.default.moveItem(at: data, to: moved)
        let missing = try sh("\(cnnsh) --keep-going -c 'load mnist' -c 'outsize 28 5'", in: elsewhere, hiding: build)
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.out.hasPrefix("height: (28 + 2·0 − 5)/1 + 1 = 24\n"), missing.out)
        XCTAssertTrue(missing.err.hasPrefix("-c:1: error: load: the bundled MNIST files were not found; looked in \(prefix.path)/bin/mnist, "), missing.err)
        XCTAssertTrue(missing.err.contains("\(data.path)/mnist (hint: install cnnsh with ./install.sh"), missing.err)
        let pointed = try sh("\(cnnsh) -c 'load mnist train=10 test=10'", in: elsewhere, environment: ["CNNSH_DATA": moved.path], hiding: build)
        XCTAssertEqual(pointed.status, 0, pointed.err)
        let given = try sh("\(cnnsh) -c 'load mnist train=10 test=10 dir=\(moved.path)/mnist'", in: elsewhere, hiding: build)
        XCTAssertEqual(given.status, 0, "dir= needs no bundled data: \(given.err)")
    }

    /// The manual page renders without warnings and names every option the parser has; the bash
    /// completion script loads and offers .cnn scripts for the file argument.
    func testTheManualPageAndTheCompletionScript() throws {
        let build = try XCTUnwrap(ProcessTests.binary).deletingLastPathComponent()
        let prefix = directory.appendingPathComponent("prefix")
        XCTAssertEqual(try sh("./install.sh --prefix '\(prefix.path)' --build '\(build.path)' >/dev/null", in: Self.packageRoot).status, 0)
        let page = try String(contentsOf: prefix.appendingPathComponent("share/man/man1/cnnsh.1"), encoding: .utf8)
        let dump = try sh("'\(prefix.path)/bin/cnnsh' --experimental-dump-help", in: directory)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(dump.out.utf8)) as? [String: Any])
        let arguments = try XCTUnwrap((json["command"] as? [String: Any])?["arguments"] as? [[String: Any]])
        for argument in arguments where (argument["shouldDisplay"] as? Bool) != false {
            let names = (argument["names"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            for name in names { XCTAssertTrue(page.contains(name), "the page lacks \(name): run doc/generate-manual.sh") }
            let abstract = try XCTUnwrap(argument["abstract"] as? String)
            XCTAssertTrue(page.contains(abstract), "the page has an old description of \(names): run doc/generate-manual.sh")
        }
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/man") {
            let shown = try sh("MANWIDTH=80 man -l '\(prefix.path)/share/man/man1/cnnsh.1'", in: directory)
            XCTAssertEqual(shown.status, 0)
            XCTAssertEqual(shown.err, "", "mdoc warnings")
            XCTAssertTrue(shown.out.contains("--keep-going"), shown.out)
        }
        guard FileManager.default.isExecutableFile(atPath: "/bin/bash") else { throw XCTSkip("no bash") }
        let scripts = directory.appendingPathComponent("scripts")
        try FileManager.default.createDirectory(at: scripts, withIntermediateDirectories: true)
        for name in ["lesson.cnn", "notes.txt"] { try "seed 1\n".write(to: scripts.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let completion = prefix.appendingPathComponent("share/bash-completion/completions/cnnsh").path
        let offered = try sh("bash -c 'source \"\(completion)\" && complete -p cnnsh && COMP_WORDS=(cnnsh l) COMP_CWORD=1 COMP_LINE=\"cnnsh l\" COMP_POINT=7 && _cnnsh cnnsh l cnnsh; printf \"%s\\n\" \"${COMPREPLY[@]}\"'", in: scripts)
        XCTAssertEqual(offered.status, 0, offered.err)
        XCTAssertEqual(offered.out, "complete -o filenames -F _cnnsh cnnsh\nlesson.cnn\n")
        let options = try sh("bash -c 'source \"\(completion)\" && COMP_WORDS=(cnnsh --col) COMP_CWORD=1 COMP_LINE=\"cnnsh --col\" COMP_POINT=11 && _cnnsh cnnsh --col cnnsh; printf \"%s\\n\" \"${COMPREPLY[@]}\"'", in: scripts)
        XCTAssertEqual(options.out, "--color\n")
    }
}
