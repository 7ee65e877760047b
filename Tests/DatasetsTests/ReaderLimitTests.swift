import Datasets
import Foundation
import Tensors
import XCTest

/// Regression tests for issue 14's reader items: bounded inflation and allocation, .npz
/// integrity, multi-member gzip, no crash on empty or outsized shapes.
final class ReaderLimitTests: XCTestCase {
    typealias F = CraftedFiles
    let megabyte = 1 << 20

    func message(_ body: () throws -> Any) -> String {
        do { _ = try body() } catch { return "\(error)" }
        XCTFail("expected an error")
        return ""
    }

    /// 16 MB of gzip members that would inflate to 16 GB stop at the bound, naming it.
    func testGzipBombIsRefusedWithTheLimitInTheMessage() {
        let member = F.gzip([UInt8](repeating: 0, count: 8 << 20))
        let bomb = Array([[UInt8]](repeating: member, count: (16 << 20) / member.count).joined())
        XCTAssertGreaterThan(bomb.count, 15 << 20)
        let start = Date()
        XCTAssertThrowsError(try gunzipIfNeeded(bomb, maxBytes: megabyte)) { error in
            XCTAssertEqual(error as? GzipError, .tooLarge(limit: megabyte))
            XCTAssertTrue("\(error)".contains("1,048,576 bytes"), "\(error)")
        }
        let idx = F.gzip(F.idx([2_000_000], [UInt8](repeating: 0, count: 2_000_000)))
        XCTAssertTrue(message { try IDXArray(parsing: idx, maxBytes: megabyte) }.contains("more than 1,048,576 bytes"))
        // A lying ISIZE sizes only the first buffer.
        let liar = F.gzip([UInt8](repeating: 7, count: 3 << 20), size: 0xffff_fff0)
        XCTAssertEqual(try? gunzipIfNeeded(liar, maxBytes: megabyte), nil)
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        // Exactly at the bound is allowed.
        XCTAssertEqual(try gunzipIfNeeded(F.gzip([UInt8](repeating: 1, count: megabyte)), maxBytes: megabyte).count, megabyte)
    }

    func testMultiMemberGzipInflatesToTheConcatenation() throws {
        let a = Array("first member\n".utf8), b = [UInt8](repeating: 9, count: 100_000), c = Array("third".utf8)
        let joined = F.gzip(a) + F.gzip(b) + F.gzip([]) + F.gzip(c)
        XCTAssertEqual(try gunzipIfNeeded(joined), a + b + c)
        XCTAssertEqual(try gunzipIfNeeded(joined + [0, 0, 0, 0]), a + b + c, "zero padding after the last member, as gunzip allows")
        XCTAssertTrue(message { try gunzipIfNeeded(joined + [0, 1]) }.contains("2 bytes after the end"))
        XCTAssertThrowsError(try gunzipIfNeeded(joined.dropLast(3) + []), "a cut last member")
        XCTAssertThrowsError(try gunzipIfNeeded(F.gzip(a) + F.gzip(b, crc: 1)), "the second member's CRC is checked too")
        XCTAssertThrowsError(try gunzipIfNeeded(F.gzip(a) + F.gzip(b), maxBytes: 50_000))
        // An IDX file gzipped in two pieces, as `cat` joins them.
        let raw = F.idx([3, 2], [1, 2, 3, 4, 5, 6])
        let array = try IDXArray(parsing: F.gzip(Array(raw.prefix(7))) + F.gzip(Array(raw.dropFirst(7))))
        XCTAssertEqual(array, try IDXArray(parsing: raw))
    }

    func testIDXDeclaredSizesPastTheLimitAreRefusedWithTheSize() {
        let raw = F.idx([2_000_000], [UInt8](repeating: 0, count: 2_000_000))
        let text = message { try IDXArray(parsing: raw, maxBytes: megabyte) }
        XCTAssertTrue(text.contains("2,000,000 bytes, more than the limit of 1,048,576"), text)
        XCTAssertTrue(message { try IDXArray(parsing: F.idx([0xffff_ffff, 0xffff_ffff, 0xffff_ffff], [1])) }.contains("more than the 17 bytes"))
        XCTAssertTrue(message { try IDXArray(parsing: F.idx([5, 0], [])) }.contains("empty array"))
    }

    /// The bundled MNIST is 54,950,000 bytes: 219,800,000 as Float32, refused under 200 MB.
    func testImageDatasetCountsFourBytesPerValue() throws {
        let dir = try XCTUnwrap(ImageDataset.bundledMNISTDirectory)
        let text = message { try ImageDataset(directory: dir, maxBytes: 200_000_000) }
        XCTAssertTrue(text.contains("219,800,000 bytes as Float32"), text)
        XCTAssertTrue(message { try ImageDataset(directory: dir, maxBytes: 100_000_000) }.contains("25,000,000 bytes"))
    }

    func testNpyEmptyHugeAndManyAxesAreRefused() {
        func npy(shape: String) -> [UInt8] { F.npy(shape: shape, data: [UInt8](repeating: 0, count: 12)) }
        XCTAssertEqual(try NumPy.tensor(npy: npy(shape: "(1, 3)")), Tensor(shape: [1, 3]))
        XCTAssertEqual(F.npy(shape: "(1, 3)", data: []), Array(NumPy.npy(Tensor(shape: [1, 3])).prefix(128)))
        XCTAssertTrue(message { try NumPy.tensor(npy: npy(shape: "(0, 3)")) }.contains("holds an empty array (0×3)"))
        XCTAssertTrue(message { try NumPy.tensor(npy: npy(shape: "(3, 0)")) }.contains("every axis must be at least 1 long"))
        let big = message { try NumPy.tensor(npy: npy(shape: "(300000,)"), maxBytes: megabyte) }
        XCTAssertTrue(big.contains("1,200,000 bytes as float32, more than the limit of 1,048,576"), big)
        XCTAssertTrue(message { try NumPy.tensor(npy: npy(shape: "(99999999999, 99999999999)")) }.contains("more than 2³¹ values"))
        let many = "(" + String(repeating: "1, ", count: 70) + ")"
        XCTAssertTrue(message { try NumPy.tensor(npy: npy(shape: many)) }.contains("at most 64"))
    }

    func entries(_ items: [F.ZipItem]) -> [String] { ((try? NumPy.entries(npz: F.zip(items))) ?? []).map(\.name) }

    func testNpzCRCMismatchIsRefusedNamingTheEntry() {
        var item = F.ZipItem("conv1.W.npy", NumPy.npy(Tensor([1, 2, 3])))
        XCTAssertEqual(entries([item]), ["conv1.W"])
        item.crc = 0x1234_5678
        let text = message { try NumPy.entries(npz: F.zip([item])) }
        XCTAssertTrue(text.contains("entry conv1.W.npy fails its CRC-32 check"), text)
        item.deflated = true
        XCTAssertTrue(message { try NumPy.entries(npz: F.zip([item])) }.contains("fails its CRC-32 check"))
        // A flipped value in a file that cnnsh itself wrote.
        var saved = try! NumPy.npz([("a", Tensor([1, 2, 3]))])
        saved[saved.count / 3] ^= 0x40
        XCTAssertTrue(message { try NumPy.entries(npz: saved) }.contains("CRC-32"))
    }

    func testNpzDuplicateNamesAreRefused() {
        let a = F.ZipItem("fc1.b.npy", NumPy.npy(Tensor([1]))), b = F.ZipItem("fc1.b.npy", NumPy.npy(Tensor([2])))
        XCTAssertTrue(message { try NumPy.entries(npz: F.zip([a, b])) }.contains("holds fc1.b twice"))
        let plain = F.ZipItem("fc1.b", NumPy.npy(Tensor([2])))
        XCTAssertTrue(message { try NumPy.entries(npz: F.zip([a, plain])) }.contains("holds fc1.b twice"), "numpy drops .npy: both are fc1.b")
    }

    func testNpzHeadersMustAgreeAndNamesBeUTF8() {
        let data = NumPy.npy(Tensor([1, 2]))
        var lying = F.ZipItem("x.npy", data)
        lying.localName = Array("y.npy".utf8)
        XCTAssertTrue(message { try NumPy.entries(npz: F.zip([lying])) }.contains("another name in its local header"))
        var latin = F.ZipItem("x.npy", data)
        latin.name = [0x78, 0xe9, 0x2e, 0x6e, 0x70, 0x79]
        XCTAssertTrue(message { try NumPy.entries(npz: F.zip([latin])) }.contains("not UTF-8"))
        var zip = F.zip([F.ZipItem("x.npy", data)])
        zip[22] ^= 1  // the local header's uncompressed size
        XCTAssertTrue(message { try NumPy.entries(npz: zip) }.contains("the ZIP directory says"))
        var offset = F.zip([F.ZipItem("x.npy", data)])
        let central = offset.count - 22 - 46 - 5
        offset.replaceSubrange((central + 42)..<(central + 46), with: [0xff, 0xff, 0xff, 0x7f])
        XCTAssertTrue(message { try NumPy.entries(npz: offset) }.contains("points nowhere"))
        // A deflated entry that inflates past the size the directory declares.
        var bomb = F.ZipItem("b.npy", NumPy.npy(Tensor(shape: [100_000])))
        (bomb.deflated, bomb.declaredSize) = (true, 1000)
        XCTAssertTrue(message { try NumPy.entries(npz: F.zip([bomb])) }.contains("more than the 1000 bytes the ZIP directory declares"))
        bomb.declaredSize = nil
        XCTAssertTrue(message { try NumPy.entries(npz: F.zip([bomb]), maxBytes: 100_000) }.contains("more than the 100,000 bytes left"))
        XCTAssertEqual(entries([bomb]), ["b"])
    }

    /// What Python's zipfile writes for numpy.savez and savez_compressed loads.
    func testNpzAsPythonWritesItLoads() throws {
        let t = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        var item = F.ZipItem("w.npy", NumPy.npy(t))
        item.zip64Local = true
        var compressed = F.ZipItem("v.npy", NumPy.npy(t))
        (compressed.zip64Local, compressed.deflated) = (true, true)
        var streamed = F.ZipItem("u.npy", NumPy.npy(t))
        (streamed.descriptor, streamed.deflated) = (true, true)
        let loaded = try NumPy.entries(npz: F.zip([item, compressed, streamed]))
        XCTAssertEqual(loaded.map(\.name), ["w", "v", "u"])
        XCTAssertEqual(loaded.map(\.tensor), [t, t, t])
    }
}
