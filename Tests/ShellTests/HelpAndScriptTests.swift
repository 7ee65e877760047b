import Foundation
import Shell
import XCTest

/// The other ways to ask for help, scripts that go on past a failing command within a line, and
/// `step`'s count, which is the optimizer's own.
final class HelpAndScriptTests: ScratchDirectoryTestCase {
    func testHelpOptionsAndTheQuestionMarkAreHelp() {
        var h = Harness()
        let show = h.run("help show")
        XCTAssertTrue(show.hasPrefix("usage: show"), show)
        XCTAssertEqual(h.run("show --help"), show)
        XCTAssertEqual(h.run("show -h"), show)
        XCTAssertEqual(h.run("? show"), show)
        XCTAssertEqual(h.run("?"), h.run("help"))
        XCTAssertEqual(h.run("? --help"), h.run("help help"))
        XCTAssertEqual(h.run("exit -h"), h.run("help quit"))
        XCTAssertFalse(h.shell.quitRequested)
        h.fails("bogus --help", "unknown command 'bogus'")
        h.fails("show x --help", "unexpected argument '--help'")
        XCTAssertEqual(h.shell.workspace.log, [], "help is not recorded, whatever its words")
        XCTAssertEqual(h.shell.completions(before: "", word: "?"), ["?"])
        XCTAssertTrue(h.shell.completions(before: "? ", word: "sh").contains("show"))
    }

    /// `?` is one edit from every one-character name, so it is no suggestion; real ones still come.
    func testAOneCharacterTypoIsNotSentToTheQuestionMark() {
        var h = Harness()
        for typo in ["q", "x", "!", "h", "é"] {
            let message = h.fails(typo, "unknown command '\(typo)'", "(hint: 'help' lists the commands)")
            XCTAssertFalse(message.contains("did you mean"), message)
        }
        XCTAssertEqual(h.fails("hlep"), "unknown command 'hlep' — did you mean 'help'?")
        XCTAssertEqual(h.fails("exot"), "unknown command 'exot' — did you mean 'exit'?", "a longer alias is still suggested")
        XCTAssertEqual(h.fails("shw"), "unknown command 'shw' — did you mean 'show'?")
    }

    /// `--quiet` silences a new seed, so it comes after N, as the usage shows.
    func testSeedQuietFollowsTheSeedItSilences() {
        var h = Harness()
        XCTAssertTrue(h.run("help seed").hasPrefix("usage: seed [N [--quiet]]\n"))
        XCTAssertEqual(h.run("seed 5 --quiet"), "")
        XCTAssertEqual(h.run("seed"), "seed 5\n")
        for line in ["seed --quiet", "seed --quiet 6"] {
            h.fails(line, "seed: --quiet keeps a new seed from being printed, so it comes after N; expected seed N --quiet",
                    "usage: seed [N [--quiet]]; 'seed' alone prints the seed")
        }
        h.fails("seed 6 --loud", "unexpected argument '--loud'", "usage: seed [N [--quiet]]")
        XCTAssertEqual(h.run("seed"), "seed 5\n")
    }

    func testKeepGoingGoesOnWithTheRestOfALine() {
        let line = "seed 1; bogus; outsize 28 5; show nothing\n"
        var shell = Shell()
        var out = "", errors: [String] = []
        XCTAssertFalse(shell.runScript(line, source: "-c", echo: false, keepGoing: true, output: Output { out += $0 }) { errors.append($0) })
        XCTAssertTrue(out.hasPrefix("seed 1\n") && out.contains("24"), out)
        XCTAssertEqual(errors.count, 2, "\(errors)")
        XCTAssertTrue(errors[0].hasPrefix("-c:1: error: unknown command 'bogus'"), errors[0])
        XCTAssertTrue(errors[1].hasPrefix("-c:1: error: show: "), errors[1])

        var stops = Shell()
        (out, errors) = ("", [])
        XCTAssertFalse(stops.runScript(line, source: "-c", echo: false, keepGoing: false, output: Output { out += $0 }) { errors.append($0) })
        XCTAssertEqual(out, "seed 1\n", "without keepGoing the first error ends the run")
        XCTAssertEqual(errors.count, 1)

        var quits = Shell()
        out = ""
        XCTAssertTrue(quits.runScript("seed 2; quit; seed 3\nseed 4\n", source: "q", echo: false, keepGoing: true, output: Output { out += $0 }) { _ in })
        XCTAssertEqual(out, "seed 2\n", "quit ends the line too")
    }

    /// A session that never typed `seed` replays, even in a shell whose generator has moved on, to
    /// the same numbers and prints just what it printed.
    func testTheReplayOfASessionWithoutASeedPrintsWhatItPrinted() throws {
        var h = Harness()
        let printed = h.run("tensor a 2x3 fill=randn") + h.run("show a")
        let file = directory.appendingPathComponent("noseed.cnn").path
        h.run("save session \(file)")
        var other = Shell()
        try other.run("seed 5; tensor z 7 fill=randn", output: Output { _ in })
        var replayed = ""
        XCTAssertTrue(other.runScript(path: file, echo: false, keepGoing: false, output: Output { replayed += $0 }) { XCTFail($0) })
        XCTAssertEqual(replayed, printed)
        var again = Harness()
        again.run("replay \(file)")
        XCTAssertEqual(again.shell.workspace.tensors["a"], h.shell.workspace.tensors["a"])
    }

    func testStepCountsTheOptimizersStepsAndSaysWhenItWasReset() {
        var h = Harness()
        h.run("seed 1; tensor x 4x1x6x6 fill=randn; tensor y 4 values=0,1,2,1; net new input=1x6x6; add conv2d 2 3x3; add flatten; add fc 3")
        XCTAssertTrue(h.run("forward x; backward y; step").contains("\nstep 1 (adam lr=0.001 beta1=0.9 beta2=0.999 eps=1e-08): "))
        XCTAssertTrue(h.run("forward x; backward y; step").contains("\nstep 2 (adam lr=0.001 beta1=0.9 beta2=0.999 eps=1e-08): "))
        h.run("optimizer   sgd lr=0.1")
        let reset = h.run("forward x; backward y; step")
        XCTAssertTrue(reset.contains("\nstep 1 (sgd lr=0.1; its state was reset by 'optimizer   sgd lr=0.1' after 2 steps of the network): "), reset)
        XCTAssertTrue(h.run("forward x; backward y; step").contains("\nstep 2 (sgd lr=0.1): "))
        h.run("train epochs=1 batch=2 x=x y=y")
        XCTAssertTrue(h.run("forward x; backward y; step").contains("\nstep 5 (sgd lr=0.1): "), "train's two batches were steps too")
        h.run("add relu")
        XCTAssertTrue(h.run("forward x; backward y; step").contains("\nstep 1 (sgd lr=0.1): "), "new layers start the count again")
        let file = directory.appendingPathComponent("w.npz").path
        h.run("save workspace \(file)")
        var resumed = Harness()
        resumed.run("load workspace \(file)")
        XCTAssertTrue(resumed.run("forward x; backward y; step").contains("\nstep 2 (sgd lr=0.1): "), "a saved workspace keeps the count")
    }
}
