import Foundation
import Shell
import XCTest

/// save session, replay and history: a saved session rebuilds the same workspace and prints the
/// same output; failed and session commands stay out of it; writing never leaves half a file.
final class SessionTests: ScratchDirectoryTestCase {
    /// Everything a fingerprint holds except the command log, which a replay extends by its seed line.
    func state(_ shell: Shell) -> String {
        shell.workspace.fingerprint.split(separator: "\n").filter { !$0.hasPrefix("log ") }.joined(separator: "\n")
    }

    func testSavedSessionReplaysToTheSameWorkspaceAndOutput() throws {
        var h = Harness()
        let commands = ["load mnist train=300 test=100", "net lenet", "forwrd x_train", "train epochs=1 batch=50",
                        "show fc3.b", "accuracy"]
        var printed = ""
        for line in commands where !line.hasPrefix("forwrd") { printed += h.run(line) }
        h.fails("forwrd x_train", "did you mean 'forward'?")
        h.run("history")
        let file = directory.appendingPathComponent("s.cnn").path
        XCTAssertEqual(h.run("save session \(file)"), "saved 5 commands to \(file)\n")
        let saved = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertTrue(saved[0].hasPrefix("# cnnsh 0.4.0 session, saved "), saved[0])
        XCTAssertEqual(Array(saved.dropFirst(2)), ["seed 0 --quiet", "load mnist train=300 test=100", "net lenet", "train epochs=1 batch=50", "show fc3.b", "accuracy"],
                       "the start seed, then the commands that succeeded; not the failed one, not history or save")
        XCTAssertEqual(h.run("history"), "1  load mnist train=300 test=100\n2  net lenet\n3  train epochs=1 batch=50  # run 1: epoch 1\n4  show fc3.b\n5  accuracy\n")

        var fresh = Shell()
        var replayed = ""
        XCTAssertTrue(fresh.runScript(path: file, echo: false, keepGoing: false, output: Output { replayed += $0 }) { XCTFail($0) })
        XCTAssertEqual(replayed, printed, "byte for byte the same output")
        XCTAssertEqual(state(fresh), state(h.shell), "the same workspace: tensors, weights, optimizer, generator")

        var viaCommand = Harness()
        let echoed = viaCommand.run("replay \(file)")
        XCTAssertTrue(echoed.contains("cnnsh> net lenet\n"), echoed)
        XCTAssertEqual(state(viaCommand.shell), state(h.shell))
    }

    func testAFailingReplayUndoesAllOfItAndSaysWhere() throws {
        let file = directory.appendingPathComponent("bad.cnn")
        try "# two good lines, then a bad one\ntensor a 2x2\ntensor b 3\nadd relu\ntensor c 1\n".write(to: file, atomically: true, encoding: .utf8)
        var h = Harness()
        h.run("tensor keep 1")
        h.fails("replay \(file.path)", "replay: \(file.path):4: add: there is no network yet")
        XCTAssertNil(h.shell.workspace.tensors["a"], "lines 2 and 3 are undone with the rest")
        h.fails("replay \(directory.appendingPathComponent("missing.cnn").path)", "no such file")
        h.fails("replay \(directory.path)", "it is a directory")
        try Data([0x73, 0x65, 0x65, 0x64, 0xff, 0xfe]).write(to: directory.appendingPathComponent("binary.cnn"))
        h.fails("replay \(directory.appendingPathComponent("binary.cnn").path)", "is not UTF-8 text")
        let loop = directory.appendingPathComponent("loop.cnn")
        try "replay \(loop.path)\n".write(to: loop, atomically: true, encoding: .utf8)
        h.fails("replay \(loop.path)", "nested 8 deep")
    }

    func testSaveNeverLeavesAHalfWrittenFile() throws {
        var h = Harness()
        h.run("seed 9")
        let file = directory.appendingPathComponent("keep.cnn").path
        h.run("save session \(file)")
        let before = try String(contentsOfFile: file, encoding: .utf8)
        h.fails("save session \(directory.path)/no/such/dir/x.cnn", "cannot write")
        h.fails("save weights x.npz", "there is no network yet")
        h.fails("save x_nothing", "save: missing FILE")
        h.fails("save session", "missing FILE")
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), before)
        XCTAssertTrue(before.contains("\nseed 9\n") && !before.contains("seed 0"), "a session that set its seed keeps it")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0 != "keep.cnn" }
        XCTAssertEqual(leftovers, [], "no temporary files left behind")
    }

    func testInterruptedTrainingKeepsItsWeightsAndReplaysToTheSamePlace() throws {
        var h = Harness()
        h.run("seed 4; load mnist train=2000 test=100; net lenet")
        Interrupt.clear()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { Interrupt.request() }
        let text = h.run("train epochs=100 batch=32")
        XCTAssertTrue(text.contains("interrupted after "), text)
        XCTAssertTrue(Interrupt.isRequested, "the request stays for a script running train to see")
        Interrupt.clear()
        let last = h.shell.workspace.log.last ?? ""
        XCTAssertTrue(last.hasPrefix("train epochs=100 batch=32 batches="), last)
        let file = directory.appendingPathComponent("interrupted.cnn").path
        h.run("save session \(file)")
        var fresh = Shell()
        XCTAssertTrue(fresh.runScript(path: file, echo: false, keepGoing: false, output: Output { _ in }) { XCTFail($0) })
        XCTAssertEqual(state(fresh), state(h.shell), "the replay stops at the same batch with the same weights")
    }

    func testScriptModeReportsFileAndLineAndKeepGoingContinues() {
        var shell = Shell()
        var out = "", errors: [String] = []
        let script = "seed 1\nbogus\ntensor t 2\n"
        XCTAssertFalse(shell.runScript(script, source: "demo.cnn", echo: false, keepGoing: false, output: Output { out += $0 }) { errors.append($0) })
        XCTAssertEqual(errors, ["demo.cnn:2: error: unknown command 'bogus' (hint: 'help' lists the commands)"])
        XCTAssertEqual(out, "seed 1\n", "the first error stops the run")
        var again = Shell()
        out = ""; errors = []
        XCTAssertFalse(again.runScript(script, source: "demo.cnn", echo: true, keepGoing: true, output: Output { out += $0 }) { errors.append($0) })
        XCTAssertEqual(out, "cnnsh> seed 1\nseed 1\ncnnsh> bogus\ncnnsh> tensor t 2\nt: 2\n")
        XCTAssertEqual(errors.count, 1)
        var quits = Shell()
        out = ""
        XCTAssertTrue(quits.runScript("seed 2\nquit\nseed 3\n", source: "q", echo: false, keepGoing: false, output: Output { out += $0 }) { _ in })
        XCTAssertEqual(out, "seed 2\n")
    }

    func testCompletionComesFromTheTableAndTheWorkspace() {
        var h = Harness()
        h.run("tensor x_small 2x1x28x28; net lenet")
        let shell = h.shell
        XCTAssertEqual(shell.completions(before: "", word: "sh"), ["show", "shapes"])
        XCTAssertEqual(shell.completions(before: "load ", word: "f"), ["fashion-mnist"])
        XCTAssertEqual(shell.completions(before: "add ", word: "c"), ["conv2d", "conv1d"])
        XCTAssertEqual(shell.completions(before: "add conv1d 6 5 ", word: "pad=s"), ["pad=same"])
        XCTAssertEqual(shell.completions(before: "add conv2d 6 5x5 ", word: "st"), ["stride="])
        XCTAssertEqual(shell.completions(before: "add conv2d 6 5x5 ", word: "init=x"), ["init=xavier"])
        XCTAssertEqual(shell.completions(before: "optimizer adam ", word: "schedule=co"), ["schedule=constant", "schedule=cosine"])
        XCTAssertEqual(shell.completions(before: "show ", word: "x_s"), ["x_small"])
        XCTAssertEqual(shell.completions(before: "show ", word: "conv1.d"), ["conv1.dW", "conv1.db"])
        XCTAssertEqual(shell.completions(before: "train ", word: "x=x_"), ["x=x_small"])
        XCTAssertEqual(shell.completions(before: "help ", word: "gr"), ["gradcheck"])
        XCTAssertEqual(shell.completions(before: "seed 1; ", word: "tra"), ["train"])
        XCTAssertEqual(shell.completions(before: "nosuch ", word: ""), [])
        for line in ["replay ", "load npy ", "load weights ", "save session ", "save weights ", "save x_small ", "save png x_small "] {
            XCTAssertEqual(shell.completions(before: line, word: ""), [], "'\(line)' leaves the word to file-name completion")
        }
        XCTAssertEqual(shell.completions(before: "save png ", word: "x_"), ["x_small"])
    }
}
