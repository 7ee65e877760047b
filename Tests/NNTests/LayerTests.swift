import NN
import Tensors
import XCTest

final class LayerTests: XCTestCase {
    func testMaxPoolByHandAndGradients() {
        let x = Tensor(shape: [1, 1, 4, 4], scalars: [1, 2, 0, 1,  3, 4, 1, 0,  0, 1, 5, 2,  2, 0, 1, 6])
        var pool = MaxPool2d(kernelHeight: 2, kernelWidth: 2, stride: 2)
        XCTAssertEqual(pool.forward(x).scalars, [4, 1, 2, 6])
        XCTAssertEqual(pool.backward(Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4])).scalars,
                       [0, 0, 0, 2,  0, 1, 0, 0,  0, 0, 0, 0,  3, 0, 0, 4])
        for (stride, pad) in [(1, 0), (1, 1), (2, 0), (2, 1)] {
            let err = inputGradientError(MaxPool2d(kernelHeight: 2, kernelWidth: 2, stride: stride, padding: pad),
                                         input: kinkFreeInput(shape: [2, 2, 5, 5], seed: 9))
            print("maxpool stride \(stride) pad \(pad): max relative error \(err)")
            XCTAssertLessThan(err, 1e-2)
        }
    }

    /// The unrolled 2×2 stride-2 path (eight outputs at a time, with ties) against the definition.
    func testMaxPoolFastPathMatchesTheDefinition() {
        var rng = RandomGenerator(seed: 4)
        for (h, w) in [(24, 24), (8, 8), (6, 22), (5, 19)] {
            // Values rounded to halves so that many windows hold ties.
            let x = Tensor.randomNormal(shape: [2, 3, h, w], sigma: 1, using: &rng).map { ($0 * 2).rounded() / 2 }
            var pool = MaxPool2d(kernelHeight: 2, kernelWidth: 2)
            let y = pool.forward(x)
            let (oh, ow) = (h / 2, w / 2)
            XCTAssertEqual(y.shape, [2, 3, oh, ow])
            var expectedDx = Tensor(shape: x.shape)
            let dy = Tensor.randomNormal(shape: y.shape, sigma: 1, using: &rng)
            for n in 0..<2 { for c in 0..<3 { for i in 0..<oh { for j in 0..<ow {
                var best = -Float.infinity, at = (0, 0)
                for (s, t) in [(0, 0), (0, 1), (1, 0), (1, 1)] where x[n, c, 2 * i + s, 2 * j + t] > best {
                    best = x[n, c, 2 * i + s, 2 * j + t]
                    at = (2 * i + s, 2 * j + t)
                }
                XCTAssertEqual(y[n, c, i, j], best)
                expectedDx[n, c, at.0, at.1] += dy[n, c, i, j]
            } } } }
            XCTAssertEqual(pool.backward(dy).scalars, expectedDx.scalars, "\(h)×\(w): gradients go to the first maximum")
        }
    }

    func testAvgPoolByHandAndGradients() {
        let x = Tensor(shape: [1, 1, 2, 4], scalars: [1, 2, 3, 4, 5, 6, 7, 8])
        var pool = AvgPool2d(kernelHeight: 2, kernelWidth: 2, stride: 2)
        XCTAssertEqual(pool.forward(x).scalars, [3.5, 5.5])
        XCTAssertEqual(pool.backward(Tensor(shape: [1, 1, 1, 2], scalars: [4, 8])).scalars, [1, 1, 2, 2, 1, 1, 2, 2])
        for (stride, pad) in [(1, 0), (1, 1), (2, 0), (2, 1)] {
            let err = inputGradientError(AvgPool2d(kernelHeight: 3, kernelWidth: 3, stride: stride, padding: pad),
                                         input: kinkFreeInput(shape: [2, 2, 5, 5], seed: 4))
            print("avgpool stride \(stride) pad \(pad): max relative error \(err)")
            XCTAssertLessThan(err, 1e-2)
        }
    }

    func testFlattenAndActivations() throws {
        var flat = Flatten()
        let x = Tensor(shape: [2, 1, 2, 2], scalars: [-2, -1, 1, 2, 0.5, -0.5, 3, -3])
        XCTAssertEqual(flat.forward(x).shape, [2, 4])
        XCTAssertEqual(flat.backward(try x.reshaped([2, 4])).shape, [2, 1, 2, 2])
        XCTAssertEqual(try flat.outputShape(for: [6, 12, 12]), [864])
        var relu = ReLU()
        XCTAssertEqual(relu.forward(x).scalars, [0, 0, 1, 2, 0.5, 0, 3, 0])
        var sigmoid = Sigmoid()
        XCTAssertEqual(sigmoid.forward(Tensor([0])).scalars, [0.5])
        var tanh = Tanh()
        XCTAssertEqual(tanh.forward(Tensor([0])).scalars, [0])
        let input = kinkFreeInput(shape: [3, 7], seed: 2)
        for (name, err) in [("flatten", inputGradientError(Flatten(), input: kinkFreeInput(shape: [2, 2, 3, 3], seed: 1))),
                            ("relu", inputGradientError(ReLU(), input: input)),
                            ("tanh", inputGradientError(Tanh(), input: input.map { $0 / 4 })),
                            ("sigmoid", inputGradientError(Sigmoid(), input: input))] {
            print("\(name): max relative error \(err)")
            XCTAssertLessThan(err, 1e-2, name)
        }
    }
}
