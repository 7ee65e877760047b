import Datasets
import Tensors
import XCTest

final class SplitTests: XCTestCase {
    func testOneHot() {
        XCTAssertEqual(oneHot(Tensor([2, 0]), classes: 3)?.scalars, [0, 0, 1, 1, 0, 0])
        XCTAssertNil(oneHot(Tensor([3]), classes: 3))
        XCTAssertNil(oneHot(Tensor([0.5]), classes: 3))
    }

    func testSplitIsSeededAndKeepsPairs() {
        let images = Tensor(shape: [10, 1], scalars: (0..<10).map(Float.init))
        let labels = images.map { $0 * 10 }
        var a = RandomGenerator(seed: 3), b = RandomGenerator(seed: 3)
        let s1 = trainValidationSplit(images: images, labels: labels, validationFraction: 0.2, using: &a)
        let s2 = trainValidationSplit(images: images, labels: labels, validationFraction: 0.2, using: &b)
        XCTAssertEqual(s1.validationImages.shape, [2, 1])
        XCTAssertEqual(s1.trainImages.shape, [8, 1])
        XCTAssertEqual(s1.validationImages, s2.validationImages)
        XCTAssertEqual(zip(s1.trainImages.scalars, s1.trainLabels.scalars).filter { $0 * 10 != $1 }.count, 0)
        XCTAssertEqual((s1.trainImages.scalars + s1.validationImages.scalars).sorted(), images.scalars)
    }
}
