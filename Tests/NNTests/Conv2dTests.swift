import NN
import Tensors
import XCTest

final class Conv2dTests: XCTestCase {
    /// Finite-difference check of Conv2d's backward for input and parameters, stride 1/2, padding 0/1.
    /// Error is max|analytic − numeric| / max|numeric| (relative to the gradient's scale).
    func testGradientsMatchFiniteDifferences() {
        for (stride, pad) in [(1, 0), (1, 1), (2, 0), (2, 1)] {
            var rng = RandomGenerator(seed: 11)
            var conv = Conv2d(channels: 2, filters: 3, kernelHeight: 3, kernelWidth: 3, stride: stride, padding: pad,
                              initializer: .gaussian(sigma: 0.5), using: &rng)
            let x = Tensor.randomNormal(shape: [2, 2, 5, 5], sigma: 1, using: &rng)
            let y = conv.forward(x)
            let r = Tensor.randomNormal(shape: y.shape, sigma: 1, using: &rng)
            let dx = conv.backward(r)
            func loss(_ c: inout Conv2d, _ input: Tensor) -> Double {
                let out = c.forward(input)
                return zip(out.scalars, r.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            }
            let h: Float = 1e-2
            var numeric = [Float](), analytic = [Float]()
            for i in 0..<x.count {
                var xp = x, xm = x
                xp[flat: i] += h; xm[flat: i] -= h
                var c = conv
                numeric.append(Float((loss(&c, xp) - loss(&c, xm)) / Double(2 * h)))
                analytic.append(dx[flat: i])
            }
            let dW = conv.parameters[0].gradient
            for i in 0..<conv.weight.count {
                var cp = conv, cm = conv
                cp.weight[flat: i] += h; cm.weight[flat: i] -= h
                numeric.append(Float((loss(&cp, x) - loss(&cm, x)) / Double(2 * h)))
                analytic.append(dW[flat: i])
            }
            let scale = numeric.map(abs).max()!
            let err = zip(numeric, analytic).map { abs($0 - $1) }.max()! / scale
            print("conv2d stride \(stride) pad \(pad): max relative error \(err)")
            XCTAssertLessThan(err, 1e-2)
        }
    }

    func testOutputSizeFormula() throws {
        XCTAssertEqual(try OutputSize(input: 28, kernel: 5).size, 24)
        let uneven = try OutputSize(input: 20, kernel: 3, stride: 2)
        XCTAssertEqual(uneven.size, 9)
        XCTAssertFalse(uneven.dividesEvenly)
        XCTAssertThrowsError(try OutputSize(input: 2, kernel: 5))
    }
}

final class Conv2dReferenceTests: XCTestCase {
    /// im2col + GEMM and the direct loops agree to 1e-5 (relative to the largest value), forward and backward.
    func testIm2colConvolutionEqualsDirectLoops() {
        var rng = RandomGenerator(seed: 21)
        for (stride, pad) in [(1, 0), (1, 1), (2, 0), (2, 1)] {
            var conv = Conv2d(channels: 3, filters: 4, kernelHeight: 3, kernelWidth: 2, stride: stride, padding: pad,
                              initializer: .he, using: &rng)
            conv.bias = Tensor.randomNormal(shape: [4], sigma: 1, using: &rng)
            let x = Tensor.randomNormal(shape: [3, 3, 7, 8], sigma: 1, using: &rng)
            let y = conv.forward(x)
            let yRef = ReferenceConv2d.forward(x, weight: conv.weight, bias: conv.bias, stride: stride, padding: pad)
            XCTAssertEqual(y.shape, yRef.shape)
            let dy = Tensor.randomNormal(shape: y.shape, sigma: 1, using: &rng)
            let dx = conv.backward(dy)
            let ref = ReferenceConv2d.backward(x, weight: conv.weight, stride: stride, padding: pad, dy: dy)
            for (name, a, b) in [("y", y, yRef), ("dx", dx, ref.dx), ("dW", conv.parameters[0].gradient, ref.dW),
                                 ("db", conv.parameters[1].gradient, ref.db)] {
                let err = zip(a.scalars, b.scalars).map { abs($0 - $1) }.max()! / max(b.maxAbs, 1)
                XCTAssertLessThan(err, 1e-5, "\(name) stride \(stride) pad \(pad)")
            }
        }
    }
}
