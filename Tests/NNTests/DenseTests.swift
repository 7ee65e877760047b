import NN
import Tensors
import XCTest

final class DenseTests: XCTestCase {
    func testLinearByHandAndGradients() {
        var fc = Linear(weight: Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]), bias: Tensor([0.5, 0, -1]))
        XCTAssertEqual(fc.forward(Tensor(shape: [1, 2], scalars: [1, 2])).scalars, [9.5, 12, 14])
        XCTAssertEqual(fc.parameterArithmetic, "2·3 + 3")
        XCTAssertEqual(fc.parameterCount, 9)
        var rng = RandomGenerator(seed: 8)
        let layer = Linear(inputs: 6, outputs: 4, initializer: .xavier, using: &rng)
        let x = Tensor.randomNormal(shape: [3, 6], sigma: 1, using: &rng)
        let err = inputGradientError(layer, input: x)
        print("fc input: max relative error \(err)")
        XCTAssertLessThan(err, 1e-2)
        // Parameter gradient: dW = xᵀ·dy checked by differences on W.
        var l = layer
        let r = Tensor.randomNormal(shape: [3, 4], sigma: 1, using: &rng)
        _ = l.forward(x); _ = l.backward(r)
        let dW = l.parameters[0].gradient
        var worst: Float = 0, scale: Float = 0
        for i in 0..<layer.weight.count {
            var p = layer, m = layer
            p.weight[flat: i] += 1e-2; m.weight[flat: i] -= 1e-2
            let lp = zip(p.forward(x).scalars, r.scalars).reduce(0.0) { $0 + Double($1.0 * $1.1) }
            let lm = zip(m.forward(x).scalars, r.scalars).reduce(0.0) { $0 + Double($1.0 * $1.1) }
            let numeric = Float((lp - lm) / 2e-2)
            worst = max(worst, abs(numeric - dW[flat: i])); scale = max(scale, abs(numeric))
        }
        print("fc W: max relative error \(worst / scale)")
        XCTAssertLessThan(worst / scale, 1e-2)
    }

    func testSoftmaxCrossEntropyByHandAndGradient() {
        // Equal logits: y = 1/3 each, loss = log 3, gradient (y − t)/N.
        let z = Tensor(shape: [2, 3], scalars: [1, 1, 1, 1000, 1000, 1000])
        let r = SoftmaxCrossEntropy.evaluate(logits: z, targets: Tensor([0, 2]))
        XCTAssertEqual(r.loss, Float(log(3.0)), accuracy: 1e-6)
        XCTAssertEqual(r.gradient[flat: 0], (1.0 / 3 - 1) / 2, accuracy: 1e-6)
        XCTAssertEqual(r.gradient[flat: 1], (1.0 / 3) / 2, accuracy: 1e-6)
        let oneHot = SoftmaxCrossEntropy.evaluate(logits: z, targets: Tensor(shape: [2, 3], scalars: [1, 0, 0, 0, 0, 1]))
        XCTAssertEqual(oneHot.loss, r.loss)
        var rng = RandomGenerator(seed: 1)
        let logits = Tensor.randomNormal(shape: [4, 5], sigma: 2, using: &rng)
        let labels = Tensor([3, 0, 4, 1])
        let g = SoftmaxCrossEntropy.evaluate(logits: logits, targets: labels).gradient
        var worst: Float = 0, scale: Float = 0
        for i in 0..<logits.count {
            var p = logits, m = logits
            p[flat: i] += 1e-2; m[flat: i] -= 1e-2
            let numeric = (SoftmaxCrossEntropy.evaluate(logits: p, targets: labels).loss
                - SoftmaxCrossEntropy.evaluate(logits: m, targets: labels).loss) / 2e-2
            worst = max(worst, abs(numeric - g[flat: i])); scale = max(scale, abs(numeric))
        }
        print("softmax cross-entropy: max relative error \(worst / scale)")
        XCTAssertLessThan(worst / scale, 1e-2)
        let softmaxErr = inputGradientError(Softmax(), input: logits)
        print("softmax: max relative error \(softmaxErr)")
        XCTAssertLessThan(softmaxErr, 1e-2)
    }
}
