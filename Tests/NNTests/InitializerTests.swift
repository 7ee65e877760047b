import NN
import Tensors
import XCTest

final class InitializerTests: XCTestCase {
    /// gauss:σ draws the biases as σ·randn after the weights, as the course's SimpleInitializer does;
    /// xavier and he start them at 0.
    func testGaussianDrawsBiasesAfterTheWeights() {
        var rng = RandomGenerator(seed: 3), again = RandomGenerator(seed: 3)
        let fc = Linear(inputs: 4, outputs: 1000, initializer: .gaussian(sigma: 0.5), using: &rng)
        XCTAssertEqual(fc.weight, Tensor.randomNormal(shape: [4, 1000], sigma: 0.5, using: &again))
        XCTAssertEqual(fc.bias, Tensor.randomNormal(shape: [1000], sigma: 0.5, using: &again))
        let b = fc.bias.scalars.map(Double.init), mean = b.reduce(0, +) / 1000
        XCTAssertEqual((b.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 1000).squareRoot(), 0.5, accuracy: 0.05)
        let conv = Conv2d(channels: 2, filters: 8, kernelHeight: 3, kernelWidth: 3, initializer: .gaussian(sigma: 0.01), using: &rng)
        XCTAssertEqual(conv.weight, Tensor.randomNormal(shape: [8, 2, 3, 3], sigma: 0.01, using: &again))
        XCTAssertEqual(conv.bias, Tensor.randomNormal(shape: [8], sigma: 0.01, using: &again))
        for rule in [Initializer.xavier, .he] {
            XCTAssertEqual(Linear(inputs: 4, outputs: 5, initializer: rule, using: &rng).bias.scalars, [Float](repeating: 0, count: 5))
            XCTAssertEqual(Conv2d(channels: 1, filters: 3, kernelHeight: 3, kernelWidth: 3, initializer: rule, using: &rng).bias.scalars, [0, 0, 0])
        }
    }
}
