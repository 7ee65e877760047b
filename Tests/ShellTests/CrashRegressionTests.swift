import Datasets
import Foundation
import Shell
import Tensors
import XCTest

/// Inputs an outside fuzz found to crash the shell (issue 14): each now fails cleanly, naming the
/// problem, with the workspace unchanged (`Harness.fails` checks the fingerprint).
final class CrashRegressionTests: XCTestCase {
    var directory: URL!
    var previous = FileManager.default.currentDirectoryPath

    override func setUpWithError() throws {
        previous = FileManager.default.currentDirectoryPath
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("cnnsh-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        _ = FileManager.default.changeCurrentDirectoryPath(directory.path)
    }

    override func tearDownWithError() throws {
        _ = FileManager.default.changeCurrentDirectoryPath(previous)  // later tests' child processes inherit it
        try? FileManager.default.removeItem(at: directory)
    }

    /// 1: `mistakes` on samples that are vectors, not images, used to slice past the array.
    func testMistakesOnFlatSamplesListsThem() {
        var h = Harness()
        h.run("seed 1; net new input=784; add fc 10; tensor x 4x784 fill=rand; tensor y 4 values=1,2,3,4")
        let text = h.run("mistakes x=x y=y")
        XCTAssertTrue(text.contains("  sample  predicted  probability  true\n"), text)
        XCTAssertEqual(h.shell.workspace.tensors["mistaken"]?.shape.count, 1)
    }

    /// 2: a network with no layers on more than 1,000 samples.
    func testForwardThroughNoLayers() {
        var h = Harness()
        h.run("tensor x 1001x3; net new input=3")
        h.fails("forward x", "forward: the network has no layers to run")
        h.fails("forward x[0:2]", "no layers")
    }

    /// 3 and 12: paths that name a directory, or nothing.
    func testSavesToDirectoriesAndEmptyNamesAreRefused() {
        var h = Harness()
        h.run("seed 1; tensor a 2x2; tensor x 8x4 fill=randn; tensor y 8 values=0,1,0,1,0,1,0,1; net new input=4; add fc 2; train x=x y=y val=none")
        for line in ["save a .", "save a ./", "save a /", "save session .", "save notebook ./", "plot loss png=.", "save weights ..", "save png a ./"] {
            let message = h.fails(line, "names a directory")
            XCTAssertFalse(message.contains("NSCocoaErrorDomain"), message)
        }
        h.fails("save a \"\"", "no file name given")
        XCTAssertTrue(h.run("save a ...").contains("to ....npy"), "dots alone are a name too (this split to nothing once)")
        h.fails("save session \(directory.path)", "it is a directory")
        try? FileManager.default.createDirectory(atPath: "adir.npy", withIntermediateDirectories: false)
        h.fails("save a adir.npy", "adir.npy: it is a directory")
    }

    /// 4: a layer name too long for an .npz entry (and for reading).
    func testOverlongNamesAreRefused() {
        var h = Harness()
        h.run("net new input=4")
        let long = String(repeating: "a", count: 65_530)
        h.fails("add fc 2 name=\(long)", "is not a valid name", "at most 64 characters")
        h.fails("tensor \(long) 2", "at most 64 characters")
        XCTAssertThrowsError(try NumPy.npz([(name: long + "aaaaaa", tensor: Tensor(shape: [1]))]), "a ZIP name holds at most 65,535 bytes")
    }

    /// 5: IDX files declaring empty or overflowing arrays.
    func testIDXFilesWithEmptyOrHugeDimensionsAreRefused() throws {
        func idx(_ dims: [UInt32], bytes: Int) -> Data {
            var data = Data([0, 0, 8, UInt8(dims.count)])
            for d in dims { data += [UInt8(d >> 24), UInt8((d >> 16) & 0xff), UInt8((d >> 8) & 0xff), UInt8(d & 0xff)] }
            return data + Data(count: bytes)
        }
        let cases: [(String, [UInt32], String)] = [
            ("zero-train", [0, 28, 28], "empty array"), ("zero-side", [10, 0, 28], "empty array"),
            ("huge", [0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF], "more than the"),
        ]
        for (name, dims, fragment) in cases {
            let dir = directory.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try idx(dims, bytes: 10).write(to: dir.appendingPathComponent("train-images-idx3-ubyte"))
            try idx([dims[0]], bytes: 0).write(to: dir.appendingPathComponent("train-labels-idx1-ubyte"))
            try idx([2, 28, 28], bytes: 2 * 28 * 28).write(to: dir.appendingPathComponent("t10k-images-idx3-ubyte"))
            try idx([2], bytes: 2).write(to: dir.appendingPathComponent("t10k-labels-idx1-ubyte"))
            var h = Harness()
            h.fails("load mnist dir=\(dir.path)", fragment)
        }
    }

    /// 7: the extension decides the format; only regular files are replaced, keeping their mode.
    func testSaveKeepsScriptsDevicesAndPermissions() throws {
        var h = Harness()
        h.run("tensor a 2x2")
        try Data("seed 1\n".utf8).write(to: URL(fileURLWithPath: "mine.cnn"))
        h.fails("save a mine.cnn", "not a .npy name", "save session mine.cnn")
        XCTAssertEqual(try String(contentsOfFile: "mine.cnn", encoding: .utf8), "seed 1\n")
        XCTAssertTrue(h.run("save a plain").contains("to plain.npy"), "numpy.save's rule: .npy is appended")
        XCTAssertTrue(FileManager.default.fileExists(atPath: "plain.npy"))
        try Data().write(to: URL(fileURLWithPath: "private.npy"))
        chmod("private.npy", 0o600)
        h.run("save a private.npy")
        let mode = try FileManager.default.attributesOfItem(atPath: "private.npy")[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600, "the replaced file keeps its mode")
        h.fails("save session /dev/null", "not a regular file")
        XCTAssertTrue(FileManager.default.fileExists(atPath: "/dev/null"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: ".").filter { $0.hasSuffix(".tmp") }, [], "no temporaries left")
    }

    /// 10: CRLF line endings and a byte-order mark.
    func testScriptsWithCRLFAndABOMRun() {
        var shell = Shell()
        var printed = "", errors: [String] = []
        let ok = shell.runScript("\u{FEFF}seed 3\r\ntensor t 2 values=1,2\r\n\r\n# note\r\nshow t\r\n", source: "crlf.cnn", echo: false, keepGoing: false,
                                 output: Output { printed += $0 }, error: { errors.append($0) })
        XCTAssertTrue(ok, "\(errors)")
        XCTAssertEqual(shell.workspace.log, ["seed 3", "tensor t 2 values=1,2", "show t"])
        XCTAssertTrue(printed.contains("[1 2]"), printed)
    }

    /// 11: a replay that fails undoes the memory limit it set, with the rest.
    func testAFailedReplayRestoresTheMemoryLimit() throws {
        let saved = MemoryGuard.limit
        defer { MemoryGuard.limit = saved }
        try Data("limit memory=123MB\nbogus\n".utf8).write(to: URL(fileURLWithPath: "bad.cnn"))
        var h = Harness()
        h.fails("replay bad.cnn", "bad.cnn:2")
        XCTAssertEqual(MemoryGuard.limit, saved)
    }

    /// 12: messages that named no reason, or accepted what they should not.
    func testMessagesNameTheirLimits() throws {
        var h = Harness()
        h.fails("tensor x 5000000", "from 1 to 1,048,576")
        h.fails("limit memory=0x10GB", "is not a size")
        mkfifo("pipe.cnn", 0o600)
        h.fails("replay pipe.cnn", "not a regular file")
        h.fails("replay /dev/zero", "not a regular file")
    }

    /// 6: memory the limit never saw: presets, evaluation commands, huge printouts.
    func testMemoryIsCheckedBeforeItIsAllocated() {
        let saved = MemoryGuard.limit
        defer { MemoryGuard.limit = saved }
        var h = Harness()
        // A preset of any size is a blueprint; its weights are refused when first needed, with the figures.
        h.run("net lenet input=1x1048576x2048")
        h.fails("show fc1.W", "fc1's 256,185,156,600 parameters with their gradients and optimizer state would need 4.1 TB", "at most the memory limit")
        h.fails("save weights w.npz", "the archive of 256,185,170,186 values would need 7.2 TB", "more than this machine's")
        h.run("net vgg16")
        h.fails("gradcheck", "gradcheck would re-run the network's 15.5 G multiply-adds per sample about 3,840 times", "hours")
        h.run("limit memory=100MB")
        h.run("net lenet input=1x1048576x16")
        h.fails("save weights w.npz", "the archive of 503,324,426 values would need 14.1 GB", "at most the memory limit, 100.0 MB",
                "raise the limit with 'limit memory=17.6GB'")
        MemoryGuard.limit = saved
        h.run("tensor x 1x1x28x28; tensor y 1 values=3; net new; add conv2d 4096 1x1 pad=1024; add maxpool 1024x1024; add flatten; add fc 10")
        for line in ["accuracy x y", "predict x y", "confusion x y", "mistakes x=x y=y", "forward x"] {
            h.fails(line, "one sample's layer outputs and the weights still to draw would need")
        }
        h.run("net new input=1x1048576x2048; add flatten")
        h.fails("gradcheck", "2 samples' layer outputs would need")  // found by the grammar fuzz: 16 GB of random inputs
    }

    func testHugeOutputsAreSummarisedAndBoundedInTheNotebook() {
        var h = Harness()
        h.run("seed 1; load mnist train=64 test=50; net lenet classes=1000")
        let text = h.run("confusion")
        XCTAssertTrue(text.contains("1,000 classes, too many to print"), text)
        XCTAssertLessThan(text.utf8.count, 1000)
        XCTAssertEqual(h.shell.workspace.tensors["confusion"]?.shape, [1000, 1000])
        h.run("tensor big 300x300 fill=randn")
        XCTAssertGreaterThan(h.run("show big as=values").utf8.count, 500_000)
        h.run("save notebook nb.md")
        let notebook = (try? String(contentsOfFile: "nb.md", encoding: .utf8)) ?? ""
        XCTAssertLessThan(notebook.utf8.count, 120_000, "the notebook keeps a bounded part")
        XCTAssertTrue(notebook.contains("[the rest of this output is not kept in the notebook]"))
    }
}
