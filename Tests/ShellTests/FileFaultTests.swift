import Datasets
import Foundation
import Shell
import Tensors
import XCTest

/// The catalogue of bad files: missing, unreadable, empty, truncated, wrong magic, wrong
/// dimensions, and scripts of garbage. Each gets a clear error and the workspace stays as it was.
final class FileFaultTests: ScratchDirectoryTestCase {
    func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    func testNumPyFilesRoundTripExactly() throws {
        var h = Harness()
        h.run("seed 3; tensor a 2x3x4 fill=randn; tensor v 5 values=1,-2.5,3e-7,0,7")
        let a = directory.appendingPathComponent("a.npy").path, v = directory.appendingPathComponent("v.npy").path
        h.run("save a \(a); save v \(v); load npy \(a) as a2; load npy \(v) as v2")
        XCTAssertEqual(h.shell.workspace.tensors["a2"], h.shell.workspace.tensors["a"], "bit for bit")
        XCTAssertEqual(h.shell.workspace.tensors["v2"], h.shell.workspace.tensors["v"])
        let header = String(decoding: try Data(contentsOf: URL(fileURLWithPath: a)).prefix(128), as: UTF8.self)
        XCTAssertTrue(header.contains("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), }"), header)
        h.run("net new input=1x6x6; add conv2d 2 3x3; add flatten; add fc 3")
        let w = directory.appendingPathComponent("w.npz").path
        XCTAssertTrue(h.run("save weights \(w)").contains("conv1.W, conv1.b, fc1.W, fc1.b"))
        let before = h.run("show fc1.W")
        h.run("seed 9; net new input=1x6x6; add conv2d 2 3x3; add flatten; add fc 3")
        XCTAssertNotEqual(h.run("show fc1.W"), before)
        h.run("load weights \(w)")
        XCTAssertEqual(h.run("show fc1.W"), before, "the weights come back exactly")
    }

    func testNumPyCanReadWhatCnnshWrites() throws {
        var h = Harness()
        let path = directory.appendingPathComponent("t.npy").path, weights = directory.appendingPathComponent("w.npz").path
        h.run("tensor t 2x3 fill=arange; save t \(path); net new input=4; add fc 2; save weights \(weights)")
        let text = try numpyOutput("import numpy as n; a = n.load('\(path)'); w = n.load('\(weights)'); print(a.dtype, a.shape, a.sum(), sorted(w.keys()), w['fc1.W'].shape)")
        XCTAssertEqual(text, "float32 (2, 3) 15.0 ['fc1.W', 'fc1.b'] (4, 2)\n")
    }

    func testBadNumPyFilesAreRefusedByName() throws {
        var h = Harness()
        h.run("tensor keep 3")
        let good = NumPy.npy(Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]))
        let cases: [(String, [UInt8], String)] = [
            ("empty.npy", [], "is empty"),
            ("magic.npy", Array("PK\u{3}\u{4}not numpy at all".utf8), "does not start with \\x93NUMPY"),
            ("short.npy", Array(good.prefix(good.count - 3)), "needs 16 bytes of data, the file has 13"),
            ("header.npy", Array(good.prefix(40)), "the header says"),
            ("dtype.npy", replacing("<f4", with: ">f4", in: good), "dtype >f4"),
            ("fortran.npy", replacing("False", with: "True ", in: good), "Fortran order"),
        ]
        for (name, bytes, message) in cases {
            h.fails("load npy \(try file(name, bytes)) as t", message)
        }
        h.fails("load npy \(directory.path)/missing.npy as t", "no such file")
        h.fails("load npy \(directory.path) as t", "is a directory")
        let locked = try file("locked.npy", good)
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: locked)
        if FileManager.default.contents(atPath: locked) == nil { h.fails("load npy \(locked) as t", "permission denied") }
        h.fails("load npy \(try file("ok.npy", good))", "missing 'as NAME'")
        h.fails("load npy \(try file("ok2.npy", good)) as 9t", "not a valid name")
    }

    /// A name of 245 characters fits the file system, but not its temporary `.NAME.cnnsh-PID.tmp`:
    /// on Linux the child that names the written file fails, and its errno reaches the message.
    func testAFailureToNameTheWrittenFileKeepsTheOldOne() throws {
        var h = Harness()
        let name = String(repeating: "p", count: 241) + ".npy"
        let old = try file(name, Array("old".utf8))
        h.run("tensor a 2x2 fill=ones")
        h.fails("save a \(old)", "the name is too long; any old file there is unchanged")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: old)), Data("old".utf8))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), [name], "no temporary is left")
    }

    func replacing(_ old: String, with new: String, in bytes: [UInt8]) -> [UInt8] {
        let (o, n) = (Array(old.utf8), Array(new.utf8))
        guard let at = (0...(bytes.count - o.count)).first(where: { Array(bytes[$0..<$0 + o.count]) == o }) else { return bytes }
        return Array(bytes[..<at]) + n + Array(bytes[(at + o.count)...])
    }

    func testNonFiniteAndOddlyShapedArraysAreHandled() throws {
        var h = Harness()
        var values = [Float](repeating: 1, count: 36)
        values[0] = .nan
        values[7] = .infinity
        let odd = try file("odd.npy", NumPy.npy(Tensor(shape: [1, 1, 6, 6], scalars: values)))
        h.run("load npy \(odd) as n")
        XCTAssertTrue(h.run("show n as=picture").contains("scale: ' ' = 0.000 … '@' = 1.000"), "NaN and inf are drawn as 0, the scale fits the rest")
        h.run("save png n \(directory.appendingPathComponent("n.png").path)")
        let scalar = try file("scalar.npy", NumPy.npy(Tensor(shape: [], scalars: [3.5])))
        XCTAssertEqual(h.run("load npy \(scalar) as s; show s"), "loaded s: scalar from \(scalar)\ns: scalar\n[3.5000]\n")
        h.fails("show s[0]", "is a scalar")
        var empty = NumPy.npy(Tensor(shape: [1, 3]))
        let at = (0..<(empty.count - 6)).first { Array(empty[$0..<$0 + 6]) == Array("(1, 3)".utf8) }!
        empty.replaceSubrange(at..<at + 6, with: Array("(0, 3)".utf8))
        h.fails("load npy \(try file("empty0.npy", empty)) as e", "holds an empty array (0×3)")
    }

    func testWeightsThatDoNotFitAreRefusedWithTheDifferences() throws {
        var h = Harness()
        h.run("net new input=1x6x6; add conv2d 2 3x3; add flatten; add fc 3")
        let other = directory.appendingPathComponent("other.npz").path
        var maker = Harness()
        maker.run("net new input=1x6x6; add conv2d 4 3x3; add flatten; add fc 3; add fc 2; save weights \(other)")
        let message = h.fails("load weights \(other)", "does not fit the network")
        XCTAssertTrue(message.contains("conv1.W is 4×1×3×3 in the file, 2×1×3×3 in the network"), message)
        XCTAssertTrue(message.contains("the network has no fc2.W"), message)
        h.fails("load weights \(try file("garbage.npz", Array(repeating: 7, count: 100)))", "no ZIP end-of-directory record")
        let zip = [UInt8](try Data(contentsOf: URL(fileURLWithPath: other)))
        h.fails("load weights \(try file("cut.npz", Array(zip.prefix(zip.count / 2))))", "not a NumPy .npz archive: no ZIP end-of-directory record")
        var empty = Harness()
        empty.fails("load weights \(other)", "there is no network yet")
    }

    func testBadImageSetDirectoriesAreRefused() throws {
        var h = Harness()
        h.run("tensor keep 2")
        h.fails("load mnist dir=\(directory.path)", "no such file")
        // Four files with the wrong magic number, then a truncated one.
        for name in ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"] {
            _ = try file(name, [0, 0, 9, 9, 0, 0, 0, 1, 5])
        }
        h.fails("load mnist dir=\(directory.path)", "load:")
        _ = try file("train-images-idx3-ubyte", [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3])
        h.fails("load mnist dir=\(directory.path)", "load:")
        _ = try file("train-images-idx3-ubyte.gz", [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3])
        h.fails("load mnist dir=\(directory.path)", "gzip")
    }

    func testScriptsOfGarbageAreAnsweredLineByLine() throws {
        var shell = Shell()
        var errors: [String] = []
        let long = String(repeating: "tensor ", count: 20_000)
        let script = "seed 1\n\(long)\n\u{0}\u{1}binary\n\u{FFFD}\u{FFFD}\ntensor ok 2\n"
        XCTAssertFalse(shell.runScript(script, source: "g.cnn", echo: false, keepGoing: true, output: Output { _ in }) { errors.append($0) })
        XCTAssertEqual(errors.count, 3, "\(errors)")
        XCTAssertTrue(errors[0].hasPrefix("g.cnn:2: error: tensor: unexpected argument"), errors[0])
        XCTAssertTrue(errors[1].hasPrefix("g.cnn:3: error: the line contains a NUL byte"), errors[1])
        XCTAssertTrue(errors[2].hasPrefix("g.cnn:4: error: unknown command"), errors[2])
        XCTAssertNotNil(shell.workspace.tensors["ok"], "the run went on to the last line")
        let nonUTF8 = try file("latin1.cnn", [0x73, 0x65, 0x65, 0x64, 0x20, 0xe9, 0x0a])
        var other = Shell()
        var messages: [String] = []
        XCTAssertFalse(other.runScript(path: nonUTF8, echo: false, keepGoing: false, output: Output { _ in }) { messages.append($0) })
        XCTAssertEqual(messages, ["cnnsh: \(nonUTF8) is not UTF-8 text; expected a script of cnnsh commands"])
    }

    func testMemoryLimitRefusesWithTheSizeNeeded() throws {
        var h = Harness()
        let saved = MemoryGuard.limit
        defer { MemoryGuard.limit = saved }
        XCTAssertTrue(h.run("limit memory=1MB").hasPrefix("memory limit 1.0 MB"))
        h.fails("tensor big 1000x1000x3", "a 1000×1000×3 tensor would need 12.0 MB", "at most the memory limit, 1.0 MB")
        h.run("tensor x 3000x1x8x8 fill=rand; net new input=1x8x8; add conv2d 8 3x3")
        h.fails("forward x[0:800]", "800 samples' layer outputs and the weights still to draw would need", "take a slice")
        h.fails("im2col x 3x3", "matrix would need")
        h.fails("limit memory=12", "is not a size")
        h.fails("limit memory=-1GB", "is not a size")
    }
}
