import NN
import Shell
import XCTest

/// `threads=T` on train, accuracy and predict (issue 16): the count changes how fast, never what
/// comes out, is checked like any option, and is put back after the command however it ends.
final class ThreadsOptionTests: XCTestCase {
    static let setup = "seed 3; load mnist train=400 test=100 val=0.25; net lenet"

    /// The fingerprint without its log line: the logs differ by the `threads=` typed.
    func state(_ shell: Shell) -> String {
        shell.workspace.fingerprint.split(separator: "\n").filter { !$0.hasPrefix("log ") }.joined(separator: "\n")
    }

    func testTrainingOnOneOrTwoThreadsGivesTheSameWorkspaceAndOutput() {
        var runs: [(text: String, state: String)] = []
        for threads in [1, 2] {
            var h = Harness()
            h.run(Self.setup)
            var text = h.run("train epochs=2 threads=\(threads)")
            text += h.run("accuracy threads=\(threads)")
            XCTAssertTrue(text.contains("accuracy on x_test: "), text)
            XCTAssertFalse(text.contains("images/s"), "no speed line in a script's output: \(text)")
            runs.append((text, state(h.shell)))
            XCTAssertEqual(h.shell.workspace.log.suffix(2), ["train epochs=2 threads=\(threads)", "accuracy threads=\(threads)"], "recorded as typed")
        }
        XCTAssertEqual(runs[0].text, runs[1].text, "epoch lines and accuracy")
        XCTAssertEqual(runs[0].state, runs[1].state, "weights, optimizer state, generator")
    }

    func testPredictOnOneOrTwoThreadsPrintsAndKeepsTheSame() {
        var h = Harness()
        h.run(Self.setup + "; train batches=3")
        let one = h.run("predict x_test threads=1"), kept = state(h.shell)
        let two = h.run("predict x_test threads=2")
        XCTAssertTrue(one.contains("right ("), one)
        XCTAssertEqual(one, two)
        XCTAssertEqual(state(h.shell), kept, "the same predictions")
    }

    func testBadCountsAreRefusedWithTheWorkspaceUnchanged() {
        var h = Harness()
        h.run(Self.setup)
        let before = Parallelism.threads
        for command in ["train", "accuracy", "predict x_test"] {
            h.fails("\(command) threads=0", "threads=0 is out of range", "1...64")
            h.fails("\(command) threads=65", "threads=65 is out of range")
            h.fails("\(command) threads=x", "threads=x is not a whole number")
            h.fails("\(command) threads=", "threads=")
            h.fails("\(command) threads=1 threads=2", "'threads=' given twice")
            XCTAssertEqual(Parallelism.threads, before, command)
        }
    }

    func testTheCountIsPutBackAfterSuccessErrorAndCtrlC() {
        var h = Harness()
        h.run(Self.setup)
        let before = Parallelism.threads
        let other = before == 1 ? 2 : 1
        h.run("train batches=2 threads=\(other)")
        XCTAssertEqual(Parallelism.threads, before, "after train")
        h.run("predict x_test[0:5] threads=\(other)")
        XCTAssertEqual(Parallelism.threads, before, "after predict")
        h.fails("accuracy x_test y_nothing threads=\(other)", "y_nothing")
        XCTAssertEqual(Parallelism.threads, before, "after an error")

        // Ctrl-C after the first epoch's line: train stops, keeps its weights and succeeds.
        Interrupt.clear()
        defer { Interrupt.clear() }
        var text = ""
        var shell = h.shell
        XCTAssertNoThrow(try shell.run("train epochs=3 threads=\(other)", output: Output {
            text += $0
            if $0.hasPrefix("epoch") { Interrupt.request() }
        }))
        XCTAssertTrue(text.contains("interrupted after"), text)
        XCTAssertEqual(Parallelism.threads, before, "after Ctrl-C in train")
        XCTAssertEqual(shell.workspace.log.last, "train epochs=3 threads=\(other) batches=5", "recorded as far as it went")
        // Ctrl-C before accuracy's first chunk: an error.
        XCTAssertThrowsError(try shell.run("accuracy threads=\(other)", output: Output { _ in })) {
            XCTAssertTrue("\($0)".contains("interrupted after 0 of 100"), "\($0)")
        }
        XCTAssertEqual(Parallelism.threads, before, "after Ctrl-C in accuracy")
    }

    /// At the prompt (timings shown) each command ends with its speed; scripts never see it.
    func testTheSpeedLineComesOnlyWithTimings() throws {
        var h = Harness()
        h.run(Self.setup)
        var text = ""
        let timed = Output(showsTimings: true) { text += $0 }
        for (command, images) in [("train batches=2 threads=1", "128 images in "), ("accuracy threads=2", "100 images in "), ("predict x_test[0:7]", "7 images in ")] {
            text = ""
            try h.shell.run(command, output: timed)
            XCTAssertTrue(text.hasSuffix("\n") && text.split(separator: "\n").last!.hasPrefix(images), "\(command): \(text)")
        }
        XCTAssertTrue(text.hasSuffix(" images/s on \(Parallelism.threads) thread\(Parallelism.threads == 1 ? "" : "s")\n"), text)
        XCTAssertFalse(h.run("accuracy threads=1").contains("images/s"))
    }
}
