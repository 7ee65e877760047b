import Shell
import XCTest

/// undo: each command that changed the workspace is one step back to exactly the workspace before
/// it (its fingerprint), log included; commands that only looked are no steps; the history is bounded.
final class UndoTests: XCTestCase {
    func testUndoAfterAddTrainAndDelRestoresTheWorkspaceBefore() {
        var h = Harness()
        h.run("seed 2; load mnist train=256 test=64; net new; add conv2d 4 5x5; add relu; add maxpool 2x2; add flatten")
        let beforeAdd = h.shell.workspace.fingerprint
        XCTAssertEqual(h.run("add fc 10"), "fc1: fc 576→10 → 10, 5,770 parameters\n")
        XCTAssertEqual(h.run("undo"), "undid 'add fc 10' (7 steps kept)\n")
        XCTAssertEqual(h.shell.workspace.fingerprint, beforeAdd)

        h.run("add fc 10; add softmax; optimizer adam lr=0.01")
        let beforeTrain = h.shell.workspace.fingerprint
        h.run("train batches=3 batch=32")
        XCTAssertNotEqual(h.shell.workspace.fingerprint, beforeTrain)
        XCTAssertEqual(h.run("undo"), "undid 'train batches=3 batch=32' (10 steps kept)\n")
        XCTAssertEqual(h.shell.workspace.fingerprint, beforeTrain, "weights, optimizer state, generator and history as before")
        h.run("train batches=3 batch=32")
        XCTAssertNotEqual(h.shell.workspace.fingerprint, beforeTrain, "the same training runs again from the same place")

        let beforeDel = h.shell.workspace.fingerprint
        h.run("del x_test")
        XCTAssertNil(h.shell.workspace.tensors["x_test"])
        h.run("undo")
        XCTAssertEqual(h.shell.workspace.fingerprint, beforeDel)
    }

    func testInspectionIsNoStepAndUndoNTakesTheLogBackToo() {
        var h = Harness()
        h.run("tensor a 2x2; tensor b 3")
        let afterA = h.shell.workspace.fingerprint
        h.run("tensor b 3 fill=randn; vars; show b; tensor c 1; history")
        XCTAssertEqual(h.shell.workspace.log, ["tensor a 2x2", "tensor b 3", "tensor b 3 fill=randn", "vars", "show b", "tensor c 1"])
        XCTAssertEqual(h.run("undo 2"), "undid 'tensor b 3 fill=randn', 'tensor c 1', with 2 commands that only looked (2 steps kept)\n",
                       "vars and show were no steps of their own")
        XCTAssertEqual(h.shell.workspace.log, ["tensor a 2x2", "tensor b 3"], "save session writes what rebuilds this workspace")
        XCTAssertEqual(h.shell.workspace.fingerprint, afterA)
        h.fails("undo 3", "cannot undo 3 steps: 2 are kept")
        h.run("undo 2")
        XCTAssertEqual(h.shell.workspace.log, [])
        h.fails("undo", "nothing to undo")
        h.fails("undo 0", "undo")
    }

    func testTheHistoryKeepsTwentyStepsAndDropsTheOldestPastItsMemoryBound() {
        var h = Harness()
        var prints: [String] = []
        for i in 1...25 {
            h.run("tensor t\(i) 1")
            prints.append(h.shell.workspace.fingerprint)
        }
        h.fails("undo 21", "cannot undo 21 steps: 20 are kept")
        h.run("undo 20")
        XCTAssertEqual(h.shell.workspace.fingerprint, prints[4], "back to after the fifth command")
        h.fails("undo", "nothing to undo")

        var small = Harness()
        small.shell.undoBounds = (steps: 20, bytes: 1_000_000)
        var after: [String] = []
        for _ in 1...4 {
            small.run("tensor a 100000 fill=randn")  // 400 kB each, every one replacing the last
            after.append(small.shell.workspace.fingerprint)
        }
        // The three earlier a's (1.2 MB) pass the bound: the two oldest steps go, two stay.
        small.fails("undo 3", "cannot undo 3 steps: 2 are kept")
        small.run("undo 2")
        XCTAssertEqual(small.shell.workspace.fingerprint, after[1])
    }

    func testUndoPutsTheMemoryLimitBack() {
        let limit = MemoryGuard.limit
        defer { MemoryGuard.limit = limit }
        var h = Harness()
        h.run("limit memory=3GB")
        XCTAssertEqual(MemoryGuard.limit, 3_000_000_000)
        XCTAssertEqual(h.run("undo"), "undid 'limit memory=3GB' (0 steps kept)\n", "a limit changes nothing in the workspace but is a step")
        XCTAssertEqual(MemoryGuard.limit, limit)
    }

    func testAFailedReplayLeavesTheUndoHistoryAsItWas() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cnnsh-undo-\(UUID().uuidString).cnn")
        defer { try? FileManager.default.removeItem(at: file) }
        try "tensor x 2\ntensor y 3\nadd relu\n".write(to: file, atomically: true, encoding: .utf8)
        var h = Harness()
        h.run("tensor keep 1")
        h.fails("replay \(file.path)", "there is no network yet")
        XCTAssertEqual(h.run("undo"), "undid 'tensor keep 1' (0 steps kept)\n", "the replay's two good lines left no steps behind")
    }
}
