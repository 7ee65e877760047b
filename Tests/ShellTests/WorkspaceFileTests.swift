import Datasets
import Foundation
import Shell
import XCTest

/// save workspace / load workspace in one process: the loaded workspace has the saved one's
/// fingerprint and trains on bit-identically; damaged, truncated and foreign files are refused
/// leaving the workspace as it was.
final class WorkspaceFileTests: ScratchDirectoryTestCase {
    /// A small network with every kind of state a file keeps: batchnorm's statistics, dropout's
    /// generator, Momentum's velocities, a decayed learning rate, a validation split.
    static let session = "seed 5; load mnist train=320 test=64 val=0.2; net new; add conv2d 4 3x3 init=gauss:0.05; add batchnorm; add relu; "
        + "add maxpool 2x2; add flatten; add dropout 0.3; add fc 10 init=xavier; optimizer momentum lr=0.05; train epochs=1 batch=32 decay=0.5"

    func testALoadedWorkspaceHasTheSavedFingerprintAndTrainsOnIdentically() throws {
        var saved = Harness()
        saved.run(Self.session)
        saved.run("show fc1.b; accuracy")
        let file = directory.appendingPathComponent("w.npz").path
        XCTAssertTrue(saved.run("save workspace \(file)").hasPrefix("saved the workspace to \(file): 6 tensors, a network of 7 layers trained 1 epoch (8 steps), 14 commands in the log"))

        var loaded = Harness()
        loaded.run("tensor other 3")
        XCTAssertTrue(loaded.run("load workspace \(file)").hasPrefix("loaded the workspace from \(file), replacing this one:"))
        XCTAssertEqual(loaded.shell.workspace.fingerprint, saved.shell.workspace.fingerprint, "tensors, weights, gradients, optimizer, generator, log")
        XCTAssertEqual(loaded.run("accuracy"), saved.run("accuracy"))
        XCTAssertEqual(loaded.run("plot loss"), saved.run("plot loss"), "the training history came along")

        saved.run("train epochs=1 batch=32")
        loaded.run("train epochs=1 batch=32")
        XCTAssertEqual(loaded.shell.workspace.fingerprint, saved.shell.workspace.fingerprint, "the next epoch is the same, bit for bit")

        let session = directory.appendingPathComponent("s.cnn").path
        loaded.run("save session \(session)")
        let lines = try String(contentsOfFile: session, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        XCTAssertEqual(lines.last, "train epochs=1 batch=32", "the loaded log, then what came after; no load workspace")
        XCTAssertEqual(lines.first, "seed 5")

        loaded.run("undo")
        loaded.run("undo")
        XCTAssertEqual(loaded.shell.workspace.tensors.keys.sorted(), ["other"], "undo takes a load back too")
    }

    func testDamagedTruncatedAndForeignFilesAreRefusedLeavingTheWorkspace() throws {
        var h = Harness()
        h.run("seed 1; tensor a 256x4 fill=randn; net new input=4; add fc 3; forward a[0:2]")
        let file = directory.appendingPathComponent("w.npz")
        h.run("save workspace \(file.path)")
        let bytes = try Data(contentsOf: file)

        var flipped = bytes
        for i in stride(from: 300, to: 1100, by: 97) { flipped[i] ^= 0x5a }  // inside tensors/a's values: its CRC-32 fails
        try flipped.write(to: directory.appendingPathComponent("flipped.npz"))
        h.fails("load workspace \(directory.appendingPathComponent("flipped.npz").path)", "flipped.npz is damaged")

        try bytes.prefix(bytes.count / 2).write(to: directory.appendingPathComponent("short.npz"))
        h.fails("load workspace \(directory.appendingPathComponent("short.npz").path)", "short.npz is damaged")

        h.run("save weights \(directory.appendingPathComponent("weights.npz").path)")
        h.fails("load workspace \(directory.appendingPathComponent("weights.npz").path)", "is not a workspace file", "load weights")

        // The same file as another version would have written it (its CRCs right).
        let archive = try NumPy.archive(npz: [UInt8](bytes), files: ["manifest.json"])
        let manifest = String(decoding: archive.files["manifest.json"]!, as: UTF8.self)
        XCTAssertTrue(manifest.contains("\"cnnsh\":\"0.4.0\""), manifest)
        let other = try NumPy.npz(archive.arrays, files: [("manifest.json", Array(manifest.replacingOccurrences(of: "\"cnnsh\":\"0.4.0\"", with: "\"cnnsh\":\"0.3.0\"").utf8))])
        try Data(other).write(to: directory.appendingPathComponent("old.npz"))
        h.fails("load workspace \(directory.appendingPathComponent("old.npz").path)", "was saved by cnnsh 0.3.0", "expected a workspace saved by cnnsh 0.4.0")

        // An array whose shape its recipe does not make.
        let reshaped = archive.arrays.map { $0.name == "network/fc1.W" ? ($0.name, try! $0.tensor.reshaped([3, 4])) : $0 }
        try Data(try NumPy.npz(reshaped, files: [("manifest.json", archive.files["manifest.json"]!)])).write(to: directory.appendingPathComponent("shape.npz"))
        h.fails("load workspace \(directory.appendingPathComponent("shape.npz").path)", "network/fc1.W is 3×4, its recipe makes 4×3")

        let missing = archive.arrays.filter { $0.name != "tensors/a" }
        try Data(try NumPy.npz(missing, files: [("manifest.json", archive.files["manifest.json"]!)])).write(to: directory.appendingPathComponent("missing.npz"))
        h.fails("load workspace \(directory.appendingPathComponent("missing.npz").path)", "lacks the array tensors/a")
        // Hand-edited counters (CRCs right) that would overflow at the next step.
        for (at, edit) in [("\"steps\":0", "\"steps\":9223372036854775807"), ("\"trainingRuns\":0", "\"trainingRuns\":9223372036854775807")] {
            XCTAssertTrue(manifest.contains(at), "\(at) in \(manifest)")
            let edited = try NumPy.npz(archive.arrays, files: [("manifest.json", Array(manifest.replacingOccurrences(of: at, with: edit).utf8))])
            try Data(edited).write(to: directory.appendingPathComponent("edited.npz"))
            h.fails("load workspace \(directory.appendingPathComponent("edited.npz").path)", "edited.npz is damaged")
        }
    }

    /// `step` says the optimizer's state was reset only when `optimizer` replaced it: a file saved
    /// before every optimizer counted its steps holds 0 for Momentum's, which is no reset, while a
    /// replacement saved with the workspace is still reported after loading it.
    func testStepSaysTheOptimizerWasResetOnlyWhenItWas() throws {
        var h = Harness()
        h.run("seed 1; tensor x 4x1x6x6 fill=randn; tensor y 4 values=0,1,2,1; net new input=1x6x6; add conv2d 2 3x3; add flatten; add fc 3")
        h.run("optimizer momentum; forward x; backward y; step; forward x; backward y; step")
        let file = directory.appendingPathComponent("w.npz")
        h.run("save workspace \(file.path)")
        let archive = try NumPy.archive(npz: [UInt8](try Data(contentsOf: file)), files: ["manifest.json"])
        let manifest = String(decoding: archive.files["manifest.json"]!, as: UTF8.self)
        // The optimizer's record ends with its step count; an earlier build wrote 0 there.
        XCTAssertEqual(manifest.components(separatedBy: "\"step\":2}").count, 2, manifest)
        let old = try NumPy.npz(archive.arrays, files: [("manifest.json", Array(manifest.replacingOccurrences(of: "\"step\":2}", with: "\"step\":0}").utf8))])
        try Data(old).write(to: directory.appendingPathComponent("old.npz"))
        var resumed = Harness()
        resumed.run("load workspace \(directory.appendingPathComponent("old.npz").path)")
        let first = resumed.run("forward x; backward y; step")
        XCTAssertTrue(first.contains("\nstep 1 (momentum lr=0.01 momentum=0.9): "), "the velocity was restored, not reset: \(first)")

        h.run("optimizer sgd lr=0.1")
        h.run("save workspace \(file.path)")
        var replaced = Harness()
        replaced.run("load workspace \(file.path)")
        let reset = replaced.run("forward x; backward y; step")
        XCTAssertTrue(reset.contains("\nstep 1 (sgd lr=0.1; its state was reset by 'optimizer sgd lr=0.1' after 2 steps of the network): "), reset)
        XCTAssertTrue(replaced.run("forward x; backward y; step").contains("\nstep 2 (sgd lr=0.1): "))

        // A replacement after more steps than the network took is no file cnnsh writes.
        let edited = try NumPy.npz(archive.arrays, files: [("manifest.json", Array(("{\"optimizerReplacedAfter\":3," + manifest.dropFirst()).utf8))])
        try Data(edited).write(to: directory.appendingPathComponent("edited.npz"))
        replaced.fails("load workspace \(directory.appendingPathComponent("edited.npz").path)", "edited.npz is damaged: the optimizer was replaced after 3 of its network's 2 steps")
    }

    func testABlueprintIsSavedWithoutWeights() {
        var h = Harness()
        h.run("net vgg16")
        let file = directory.appendingPathComponent("v.npz").path
        h.run("save workspace \(file)")
        XCTAssertLessThan((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? .max, 100_000, "recipes, not 138 million weights")
        var loaded = Harness()
        loaded.run("load workspace \(file)")
        XCTAssertEqual(loaded.shell.workspace.fingerprint, h.shell.workspace.fingerprint)
        XCTAssertEqual(loaded.run("shapes"), h.run("shapes"))
    }
}
