import Datasets
import Foundation
import Shell
import Tensors
import XCTest

/// `load npz` and `load csv`: the learner's own arrays and samples, from the files NumPy and
/// spreadsheets write, refused with the place of the fault and the workspace unchanged.
final class OwnDataTests: ScratchDirectoryTestCase {
    /// numpy.savez and numpy.savez_compressed of the same arrays (Tests/ShellTests/Fixtures, made
    /// once with numpy): x_train uint8 6×4×4 of i·7 mod 256, y_train uint8 0,1,2,0,1,2, rgb uint8
    /// 2×5×5×3 of i, conv1.W float64 2×3 of i/2.
    static let fixtures = ["tiny.npz", "tiny_compressed.npz"].map {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\($0)").path
    }

    func file(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Writes each case's file and expects `load csv` to refuse it with `load csv: FILE` and the fragment.
    func refuses(_ h: inout Harness, _ cases: [(name: String, text: String, fragment: String)], line: UInt = #line) throws {
        for (name, text, fragment) in cases {
            let path = try file(name, text)
            h.fails("load csv \(path)", "load csv: \(path)\(fragment)", line: line)
        }
    }

    /// Output as one line a paragraph: the scratch paths are long enough to be wrapped at 80 columns.
    func unwrapped(_ text: String) -> String { text.replacingOccurrences(of: "\n  ", with: " ") }

    func testNumPysStoredAndDeflatedArchivesLoad() throws {
        for path in Self.fixtures {
            var h = Harness()
            let printed = unwrapped(h.run("load npz \(path) as=all_"))
            XCTAssertTrue(printed.contains("float64, key conv1.W") && printed.hasPrefix("loaded 4 arrays from \(path)"), printed)
            XCTAssertTrue(printed.contains("as samples and labels for train and accuracy: load npz") && printed.hasSuffix(" x=x_train y=y_train\n"), printed)
            let ws = h.shell.workspace.tensors
            XCTAssertEqual(ws["all_x_train"], Tensor(shape: [6, 4, 4], scalars: (0..<96).map { Float($0 * 7 % 256) }), "every array as it is")
            XCTAssertEqual(ws["all_rgb"]?.shape, [2, 5, 5, 3])
            XCTAssertEqual(ws["all_conv1_W"], Tensor(shape: [2, 3], scalars: [0, 0.5, 1, 1.5, 2, 2.5]))

            XCTAssertTrue(h.run("load npz \(path) x=x_train y=y_train").contains("x_train  6×1×4×4  samples: uint8 6×4×4"))
            let x = try XCTUnwrap(h.shell.workspace.tensors["x_train"])
            XCTAssertEqual(x, Tensor(shape: [6, 1, 4, 4], scalars: (0..<96).map { Float($0 * 7 % 256) / 255 }), "pixels scaled as load mnist scales them")
            XCTAssertEqual(h.shell.workspace.tensors["y_train"], Tensor([0, 1, 2, 0, 1, 2]))
            XCTAssertNil(h.shell.workspace.tensors["rgb"], "x= and y= read only those arrays")

            h.run("load npz \(path) x=rgb")
            let rgb = try XCTUnwrap(h.shell.workspace.tensors["rgb"])
            XCTAssertEqual(rgb.shape, [2, 3, 5, 5], "channels last moved first")
            XCTAssertEqual(rgb[1, 2, 0, 1], Float(75 + 1 * 3 + 2) / 255, "sample 1, channel 2, row 0, column 1")
        }
    }

    func testFilesNumPyWritesNowLoadAndTrain() throws {
        let plain = directory.appendingPathComponent("p.npz").path, packed = directory.appendingPathComponent("c.npz").path
        _ = try numpyOutput("""
            import numpy as n
            x = n.arange(8 * 2 * 3, dtype=n.float32).reshape(8, 2, 3) / 10; y = n.array([0, 1] * 4, dtype=n.int64)
            n.savez('\(plain)', images=x, labels=y); n.savez_compressed('\(packed)', images=x, labels=y)
            """)
        for path in [plain, packed] {
            var h = Harness()
            h.run("load npz \(path) x=images y=labels")
            XCTAssertEqual(h.shell.workspace.tensors["images"], Tensor(shape: [8, 1, 2, 3], scalars: (0..<48).map { Float($0) / 10 }), "float32 kept as it is")
            XCTAssertEqual(h.shell.workspace.tensors["labels"], Tensor([0, 1, 0, 1, 0, 1, 0, 1]))
            h.run("net new input=1x2x3; add flatten; add fc 2")
            XCTAssertTrue(h.run("train epochs=1 batch=4 x=images y=labels val=none").contains("training on images (8 samples)"))
            XCTAssertTrue(h.run("accuracy images labels").contains("accuracy"))
        }
    }

    func testACSVWithAHeaderAndALabelColumnLoadsAndTrains() throws {
        var h = Harness()
        h.run("tensor y_train 3 values=1,2,3")
        let path = try file("d.csv", "a,b,label,c,d\n0,0.5,1,1,2\n3, 4 ,0,5,6\r\n\n\"7\",8,1,9,1e1\n1,-1,0,0,0\n")
        let printed = unwrapped(h.run("load csv \(path)"))
        XCTAssertEqual(printed, "loaded \(path): 4 samples of 4 with labels 0...1 from column 'label' header: a, b, label, c, d x_train  4×4 y_train  4\n")
        XCTAssertEqual(h.shell.workspace.tensors["x_train"], Tensor(shape: [4, 4], scalars: [0, 0.5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, -1, 0, 0]))
        XCTAssertEqual(h.shell.workspace.tensors["y_train"], Tensor([1, 0, 1, 0]))
        h.run("load csv \(path) label=a shape=1x2x2 as=test")
        XCTAssertEqual(h.shell.workspace.tensors["x_test"], Tensor(shape: [4, 1, 2, 2], scalars: [0.5, 1, 1, 2, 4, 0, 5, 6, 8, 1, 9, 10, -1, 0, 0, 0]))
        XCTAssertEqual(h.shell.workspace.tensors["y_test"], Tensor([0, 3, 7, 1]), "label=a: the other columns in order are the features")
        h.run("net new input=1x2x2; add flatten; add fc 8")
        XCTAssertTrue(h.run("train epochs=2 batch=2 val=x_test x=x_test").contains("epoch 2"))
        XCTAssertTrue(h.run("accuracy x_test y_test").contains("accuracy"))

        let excel = try file("excel.csv", "\u{FEFF}label,p\r\n1,0.25\r\n")
        h.run("load csv \(excel) as=e")
        XCTAssertEqual(h.shell.workspace.tensors["y_e"], Tensor([1]), "the byte order mark is no part of the first name")

        let numbers = try file("n.csv", "1,2,3\n4,5,6\n")
        XCTAssertTrue(unwrapped(h.run("load csv \(numbers) label=3 as=n")).contains("2 samples of 2 with labels 0...6 from column 3"))
        XCTAssertEqual(h.shell.workspace.tensors["x_n"], Tensor(shape: [2, 2], scalars: [1, 2, 4, 5]), "no header: every line a row")
        XCTAssertTrue(unwrapped(h.run("load csv \(numbers) as=n")).contains("no label column (y_n removed)"), "an old y_n is not these samples' labels")
        XCTAssertNil(h.shell.workspace.tensors["y_n"])
    }

    func testMalformedCSVFilesAreRefusedWithTheLineAndColumn() throws {
        var h = Harness()
        h.run("seed 4; tensor x_train 2x3 fill=randn; tensor y_train 2 values=0,1")
        let cases: [(String, String, [String])] = [
            ("ragged.csv", "a,b,label\n1,2,0\n3,0\n", [":3:3: this row has 2 fields, the header has 3"]),
            ("long.csv", "1,2,0\n3,4,5,6\n", [":2:4: this row has 4 fields, the first row has 3"]),
            ("word.csv", "a,b,label\n1,2,0\n\n3,four,1\n", [":4:2: 'four' (b) is not a finite number"]),
            ("empty.csv", "a,label\n1,0\n,1\n", [":3:1: '' (a) is not a finite number"]),
            ("nan.csv", "1,2\nnan,3\n", [":2:1: 'nan' is not a finite number"]),
            ("semicolons.csv", "a;b;label\n1;2;0\n", [":2:1: '1;2;0' (a;b;label) is not a finite number", "separated by commas, not by semicolons"]),
            ("negative.csv", "a,label\n1,0\n2,-1\n", [":3:2: label -1 is not a class", "from 0 to 65,535"]),
            ("fraction.csv", "label,a\n0.5,1\n", [":2:1: label 0.5 is not a class"]),
            ("huge.csv", "label,a\n70000,1\n", [":2:1: label 70000 is not a class"]),
            ("header.csv", "a,b\n", [":1: the file holds a header and no rows"]),
            ("blank.csv", "\n  \n", [": the file holds no rows"]),
            ("only.csv", "label\n1\n", [":1: the only column is the label column"]),
        ]
        for (name, text, fragments) in cases {
            let path = try file(name, text)
            for (i, fragment) in fragments.enumerated() { h.fails("load csv \(path)", i == 0 ? "load csv: \(path)\(fragment)" : fragment) }
        }
        let good = try file("good.csv", "p1,p2,p3,p4,p5,label\n1,2,3,4,5,0\n")
        h.fails("load csv \(good) shape=1x2x2", "\(good):1: 5 feature columns do not fill shape 1×2×2 (4 values)")
        h.fails("load csv \(good) label=p9", "label=p9 is no column: the header names p1, p2, p3, p4, p5, label; a column number is 1 to 6")
        h.fails("load csv \(good) label=7", "label=7 is no column")
        h.fails("load csv \(good) shape=0x2", "shape= '0x2' is not a size")
        h.fails("load csv \(good) as=a-b", "as=a-b would name x_a-b and y_a-b")
        h.fails("load csv \(good) x=x", "unknown option 'x=x'")
        h.fails("load csv \(directory.path)/none.csv", "no such file")
        let binary = directory.appendingPathComponent("w.npz").path
        h.run("net new input=2; add fc 2; save weights \(binary)")
        h.fails("load csv \(binary)", "is not text", "it is an .npz archive: 'load npz \(binary)' reads its arrays")
    }

    func testBadArraysAndMisdirectedFilesAreRefused() throws {
        var h = Harness()
        h.run("tensor keep 2 values=1,2")
        func npz(_ name: String, _ entries: [(String, Tensor)]) throws -> String {
            let url = directory.appendingPathComponent(name)
            try Data(NumPy.npz(entries)).write(to: url)
            return url.path
        }
        let x = Tensor(shape: [3, 2, 2], scalars: (0..<12).map(Float.init))
        let bad = try npz("bad.npz", [("x", x), ("y", Tensor([0, 2, -1])), ("half", Tensor([0, 1.5, 1])), ("few", Tensor([0, 1])),
                                      ("hot", Tensor(shape: [3, 2], scalars: [1, 0, 0, 1, 1, 1])), ("v", Tensor(shape: [3], scalars: [1, 2, 3]))])
        h.fails("load npz \(bad) x=x y=y", "y=y: label -1 at index 2 is not a class", "whole numbers from 0 to 65,535")
        h.fails("load npz \(bad) x=x y=half", "y=half: label 1.5 at index 1 is not a class")
        h.fails("load npz \(bad) x=x y=few", "x=x holds 3 samples and y=few 2 labels")
        h.fails("load npz \(bad) x=x y=hot", "y=hot: row 2 is not one-hot")
        h.fails("load npz \(bad) x=v", "x=v is 3", "samples N×F, N×H×W, N×C×H×W or N×H×W×C")
        let odd = try npz("odd.npz", [("x", Tensor(shape: [3, 2], scalars: [0, 1, 2, 3, .nan, 5])), ("y", Tensor([0, 1, 2])),
                                      ("big", Tensor(shape: [2, 2], scalars: [0, .infinity, 1, 1]))])
        h.fails("load npz \(odd) x=x y=y", "x=x: sample 2 holds nan at value 0", "finite numbers")
        h.fails("load npz \(odd) x=big", "x=big: sample 0 holds inf at value 1", "becomes infinite as float32")
        h.fails("load npz \(bad) x=x y=x", "x= and y= both name x")
        h.fails("load npz \(bad) x=images", "x=images: \(bad) has no array images", "one of its keys: x, y, half, few, hot, v")
        h.fails("load npz \(bad) as=9", "key x would be the tensor 9x, which is not a valid name")
        let clash = try npz("clash.npz", [("a.b", Tensor([1])), ("a_b", Tensor([2]))])
        h.fails("load npz \(clash)", "keys a.b and a_b would both be the tensor a_b")
        XCTAssertTrue(h.run("load npz \(clash) y=a.b").contains("a_b  1  labels: float32, key a.b"), "a picked key is read alone")

        let workspace = directory.appendingPathComponent("ws.npz").path
        h.run("save workspace \(workspace)")
        h.fails("load npz \(workspace)", "is a saved cnnsh workspace", "load workspace \(workspace)")
        h.fails("load workspace \(bad)", "is not a workspace file", "'load npz \(bad)' reads an .npz's arrays")
        h.fails("load npy \(bad) as t", "does not start with \\x93NUMPY", "it is an .npz archive: 'load npz \(bad)' reads its arrays")
        let csv = try file("t.csv", "1,2\n")
        h.fails("load npz \(csv)", "not a NumPy .npz archive", "it is text: load csv \(csv)")
        h.fails("load npy \(csv) as t", "it is text: load csv \(csv)")
        let npy = directory.appendingPathComponent("t.npy").path
        h.run("save keep \(npy)")
        h.fails("load npz \(npy)", "it is a .npy array: load npy \(npy) as NAME")
        h.fails("load npz \(bad) label=1", "unknown option 'label=1'", "x=, y=, as=")
        h.fails("load mnist x=x_train", "unknown option 'x=x_train'")
    }

    func testBothGoThroughTheMemoryLimit() throws {
        var h = Harness()
        h.run("tensor keep 2 values=1,2")
        let bigURL = directory.appendingPathComponent("big.npz"), big = bigURL.path
        // 900 kB of uint8 that would be 3.6 MB as float32.
        var header = "{'descr': '|u1', 'fortran_order': False, 'shape': (900000,), }"
        header += String(repeating: " ", count: 127 - 10 - header.utf8.count) + "\n"
        let npy = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count), 0] + Array(header.utf8) + [UInt8](repeating: 7, count: 900_000)
        try Data(NumPy.npz([], files: [("x.npy", npy)])).write(to: bigURL)
        let rows = String(repeating: "1,2,3,4,5,6,7,8\n", count: 40_000)
        let csv = try file("big.csv", rows)
        let saved = MemoryGuard.limit
        defer { MemoryGuard.limit = saved }
        MemoryGuard.limit = 1_000_000
        h.fails("load npz \(big)", "too large to read", "needs 3,600,000 bytes as float32, more than the limit of 1,000,000 bytes")
        h.fails("load csv \(csv)", "40,000 rows of 8 values need more than the limit of 1,000,000 bytes")
        MemoryGuard.limit = saved
        XCTAssertTrue(unwrapped(h.run("load csv \(csv) label=none")).contains("40,000 samples of 8"))
    }

    func testLinesOfMillionsOfFieldsAreRefusedBeforeTheirFieldsAreBuilt() throws {
        var h = Harness()
        h.run("tensor keep 2 values=1,2")
        let saved = MemoryGuard.limit
        defer { MemoryGuard.limit = saved }
        MemoryGuard.limit = 1_000_000
        let wide = try file("wide.csv", String(repeating: "p,", count: 100_000) + "label\n1,0\n")
        h.fails("load csv \(wide)", "\(wide):1: the header's 100,001 names need more than the limit of 1,000,000 bytes")
        let ragged = try file("ragged.csv", "a,label\n" + String(repeating: ",", count: 500_000) + "\n")
        h.fails("load csv \(ragged)", "\(ragged):2:3: this row has 500,001 fields, the header has 2")
        let commas = try file("commas.csv", String(repeating: ",", count: 500_000) + "\n")
        h.fails("load csv \(commas)", "1 row of 500,001 values needs more than the limit of 1,000,000 bytes")
    }

    func testAFirstLineWithAnEmptyOrNumberLikeFieldIsTheFirstRowNotAHeader() throws {
        var h = Harness()
        h.run("tensor keep 2 values=1,2")
        let cases = [("gap.csv", "1,,3\n4,5,6\n", ":1:2: '' is not a finite number; line 1 is a header only when none of its fields is empty or starts like a number"),
                     ("unit.csv", "1,2,3x\n4,5,6\n", ":1:3: '3x' is not a finite number"),
                     ("named.csv", "a,2nd,label\n1,2,0\n", ":1:1: 'a' is not a finite number"),
                     ("point.csv", "a,-.5e,label\n1,2,0\n", ":1:1: 'a' is not a finite number"),
                     ("nan.csv", "a,NaN\n1,2\n", ":1:1: 'a' is not a finite number"),
                     ("quoted.csv", "a,\"\",label\n1,2,0\n", ":1:1: 'a' is not a finite number")]
        try refuses(&h, cases)
        let named = try file("h.csv", "a,b-2,label\n1,2,0\n")
        XCTAssertTrue(h.run("load csv \(named)").contains("\n  header: a, b-2, label\n"))
        let numbers = try file("n.csv", "1,2\n")
        XCTAssertFalse(h.run("load csv \(numbers)").contains("header"))
    }

    func testQuotedFieldsMayHoldCommasAndDoubledQuotesOnTheirLine() throws {
        var h = Harness()
        let path = try file("q.csv", "\"a,b\" , \"say \"\"hi\"\"\",label\n\"1.5\", 2 ,1\n3,\"4\",0\n")
        let printed = unwrapped(h.run("load csv \(path)"))
        XCTAssertTrue(printed.contains("2 samples of 2 with labels 0...1 from column 'label' header: a,b, say \"hi\", label"), printed)
        XCTAssertEqual(h.shell.workspace.tensors["x_train"], Tensor(shape: [2, 2], scalars: [1.5, 2, 3, 4]))
        h.run("load csv \(path) label='say \"hi\"' as=q")
        XCTAssertEqual(h.shell.workspace.tensors["y_q"], Tensor([2, 4]), "a name with quotes and commas names its column")
        XCTAssertEqual(h.shell.workspace.tensors["x_q"], Tensor(shape: [2, 2], scalars: [1.5, 1, 3, 0]))
        let cases = [("open.csv", "a,\"b\n1,2\n", ":1:2: the quote that opens this field is not closed on its line"),
                     ("after.csv", "a,b\n1,\"2\"3\n", ":2:2: text follows this field's closing quote"),
                     ("decimal.csv", "a,b\n\"1,5\",2\n", ":2:1: '1,5' (a) is not a finite number"),
                     ("quote.csv", "a,b\n\"\"\"1\",2\n", ":2:1: '\"1' (a) is not a finite number")]
        try refuses(&h, cases)
    }

    func testLabelNamesMatchInAnyCaseTheExactNameFirst() throws {
        var h = Harness()
        let path = try file("c.csv", "Label,p,LABEL,q\n1,2,3,4\n")
        for (option, column, features) in [("", "Label", [2, 3, 4]), ("label=label", "Label", [2, 3, 4]), ("label=LABEL", "LABEL", [1, 2, 4]),
                                           ("label=P", "p", [1, 3, 4]), ("label=q", "q", [1, 2, 3])] {
            XCTAssertTrue(h.run("load csv \(path) \(option)").contains("from column '\(column)'"), option)
            XCTAssertEqual(h.shell.workspace.tensors["x_train"], Tensor(shape: [1, 3], scalars: features.map(Float.init)), option)
        }
        h.fails("load csv \(path) label=r", "label=r is no column: the header names Label, p, LABEL, q")
    }

    func testBytesOfTheFileInMessagesAreEscapedAndLongOnesCut() throws {
        var h = Harness()
        h.run("tensor keep 2 values=1,2")
        let escapes = try file("esc.csv", "a,b,c\n1,2\u{1b}[31m\r\u{202e},3\n")
        let message = h.fails("load csv \(escapes)", ":2:2: '2\\u{1b}[31m\\r\\u{202e}' (b) is not a finite number")
        XCTAssertFalse(message.contains("\u{1b}") || message.contains("\r") || message.contains("\u{202e}"), message)
        let long = try file("long.csv", "a,b\n1," + String(repeating: "y", count: 5000) + "\n")
        h.fails("load csv \(long)", ":2:2: '" + String(repeating: "y", count: 40) + "…' (b) is not a finite number")
        let title = try file("title.csv", "a\u{1b}]0;x\u{7},label\n1,0\n")
        let printed = h.run("load csv \(title)")
        XCTAssertTrue(printed.contains("header: a\\u{1b}]0;x\\u{7}, label") && !printed.contains("\u{1b}"), printed)

        let archive = directory.appendingPathComponent("keys.npz")
        try Data(NumPy.npz([("a\u{1b}\rb", Tensor([1])), ("a__b", Tensor([2]))])).write(to: archive)
        let clash = h.fails("load npz \(archive.path)", "keys a\\u{1b}\\rb and a__b would both be the tensor a__b")
        XCTAssertFalse(clash.contains("\u{1b}"), clash)
        h.fails("load npz \(archive.path) x=c", "one of its keys: a\\u{1b}\\rb, a__b")
    }

    func testAnArchiveOfSixtyThousandKeysLoadsAndItsClashesAreFound() throws {
        var h = Harness()
        let entries = (0..<60_000).map { ("k\($0)", Tensor([Float($0)])) }
        let many = directory.appendingPathComponent("many.npz"), clash = directory.appendingPathComponent("clash.npz")
        try Data(NumPy.npz(entries)).write(to: many)
        try Data(NumPy.npz(entries + [("last.1", Tensor([0])), ("last_1", Tensor([1]))])).write(to: clash)
        h.fails("load npz \(clash.path)", "keys last.1 and last_1 would both be the tensor last_1")
        h.fails("load npz \(many.path) x=k60000", "one of its keys: k0, k1, k2, k3, k4, k5, k6, k7, … (60,000 keys)")
        XCTAssertTrue(h.run("load npz \(many.path)").hasPrefix("loaded 60,000 arrays"))
        XCTAssertEqual(h.shell.workspace.tensors["k59999"], Tensor([59_999]))
    }

    func testAmbiguousChannelAxesAreReadChannelsFirstAndTheOutputSaysSo() throws {
        var h = Harness()
        let path = directory.appendingPathComponent("images.npz")
        try Data(NumPy.npz([("square", Tensor(shape: [2, 4, 4, 3])), ("rgb", Tensor(shape: [2, 5, 5, 3]))])).write(to: path)
        let printed = unwrapped(h.run("load npz \(path.path) x=square"))
        XCTAssertTrue(printed.contains("x=square 2×4×4×3 is read as channels first, 4 channels of 4×3, because axis 1 is 4 long; if they are 4×4 images of 3 channels, save x.transpose(0, 3, 1, 2) instead"), printed)
        XCTAssertEqual(h.shell.workspace.tensors["square"]?.shape, [2, 4, 4, 3])
        XCTAssertFalse(h.run("load npz \(path.path) x=rgb").contains("channels first"), "5 is no channel count: no doubt")
        XCTAssertEqual(h.shell.workspace.tensors["rgb"]?.shape, [2, 3, 5, 5])
        XCTAssertTrue(h.run("help load").split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("exactly when C is 1, 3 or 4 and A is none of those"))
    }
}
