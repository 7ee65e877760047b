import Datasets
import Tensors
import Foundation
import XCTest

final class MNISTTests: XCTestCase {
    func testBundledMNISTIsGenuine() throws {
        let dir = try XCTUnwrap(ImageDataset.bundledMNISTDirectory)
        let set = try ImageDataset(directory: dir)
        XCTAssertEqual(set.trainImages.shape, [60000, 1, 28, 28])
        XCTAssertEqual(set.testImages.shape, [10000, 1, 28, 28])
        var counts = [Int](repeating: 0, count: 10)
        for l in set.trainLabels.scalars { counts[Int(l)] += 1 }
        XCTAssertEqual(counts, [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949])
        var testCounts = [Int](repeating: 0, count: 10)
        for l in set.testLabels.scalars { testCounts[Int(l)] += 1 }
        XCTAssertEqual(testCounts, [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
        XCTAssertEqual(set.trainImages.statistics.mean, 0.1307, accuracy: 0.0001)
    }

    /// Fashion-MNIST (Debian's dataset-fashion-mnist) loads the same way when it is installed.
    func testFashionMNISTLoadsTheSameWay() throws {
        let dir = "/usr/share/datasets/fashion-mnist"
        guard FileManager.default.fileExists(atPath: dir) else { throw XCTSkip("dataset-fashion-mnist is not installed") }
        let set = try ImageDataset(directory: dir)
        XCTAssertEqual(set.trainImages.shape, [60000, 1, 28, 28])
        XCTAssertEqual(set.testLabels.shape, [10000])
        XCTAssertEqual(Set(set.trainLabels.scalars), Set((0..<10).map(Float.init)))
    }

    func testIDXErrors() {
        XCTAssertThrowsError(try IDXArray(parsing: [0, 0, 9, 1, 0, 0, 0, 1, 5])) { error in
            guard case IDXError.wrongMagic = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try IDXArray(parsing: [0, 0, 8, 1, 0, 0, 0, 3, 5])) { error in
            XCTAssertEqual(error as? IDXError, .truncated(expected: 11, found: 9))
        }
        XCTAssertThrowsError(try IDXArray(parsing: [0, 0, 8, 1, 0, 0, 0, 1, 5, 6])) { error in
            guard case IDXError.sizeMismatch = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try IDXArray(parsing: [0, 0, 8, 2, 0, 0, 0, 1, 0, 0, 0, 2, 7, 9]).dimensions, [1, 2])
        XCTAssertThrowsError(try IDXArray(parsing: [0x1f, 0x8b, 8, 0, 1, 2, 3]))
    }
}
