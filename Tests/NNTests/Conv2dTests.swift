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
            let db = conv.parameters[1].gradient
            for i in 0..<conv.bias.count {
                var cp = conv, cm = conv
                cp.bias[flat: i] += h; cm.bias[flat: i] -= h
                numeric.append(Float((loss(&cp, x) - loss(&cm, x)) / Double(2 * h)))
                analytic.append(db[flat: i])
            }
            let scale = numeric.map(abs).max()!
            let err = zip(numeric, analytic).map { abs($0 - $1) }.max()! / scale
            print("conv2d stride \(stride) pad \(pad): max relative error \(err)")
            XCTAssertLessThan(err, 1e-2)
        }
    }

    /// By hand: a 1×1×3×3 input, one 2×2 filter of ones, bias 1, stride 1: each output is its window's sum + 1.
    func testConvolutionByHand() {
        var conv = Conv2d(weight: Tensor(shape: [1, 1, 2, 2], repeating: 1), bias: Tensor([1]))
        let x = Tensor(shape: [1, 1, 3, 3], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        XCTAssertEqual(conv.forward(x).scalars, [13, 17, 25, 29])
        let dx = conv.backward(Tensor(shape: [1, 1, 2, 2], repeating: 1))
        XCTAssertEqual(dx.scalars, [1, 2, 1, 2, 4, 2, 1, 2, 1])
        XCTAssertEqual(conv.parameters[0].gradient.scalars, [12, 16, 24, 28])
        XCTAssertEqual(conv.parameters[1].gradient.scalars, [4])
    }

    func testInitializerSigmas() {
        XCTAssertEqual(Initializer.xavier.sigma(fanIn: 100), 0.1, accuracy: 1e-7)
        XCTAssertEqual(Initializer.he.sigma(fanIn: 50), 0.2, accuracy: 1e-7)
        XCTAssertEqual(Initializer("gauss:0.01"), .gaussian(sigma: 0.01))
        XCTAssertNil(Initializer("gauss:-1"))
        var rng = RandomGenerator(seed: 2)
        var w = Parameter("W", shape: [200, 50], fill: Initializer.he.weightFill(fanIn: 50))
        w.allocate(using: &rng)
        XCTAssertEqual(w.value.statistics.std, 0.2, accuracy: 0.005)
    }

    /// One step of each optimizer on W = [1], gradient [0.5], computed by hand from its formula.
    func testOptimizerStepsByHand() throws {
        func stepped(_ o: some Optimizer) -> Float {
            var opt = o
            var w = Tensor([1])
            opt.beginStep()
            opt.update("p", &w, Tensor([0.5]))
            return w[flat: 0]
        }
        XCTAssertEqual(stepped(try SGD(learningRate: 0.1)), 0.95, accuracy: 1e-6)
        XCTAssertEqual(stepped(try Momentum(learningRate: 0.1)), 0.95, accuracy: 1e-6)
        XCTAssertEqual(stepped(try AdaGrad(learningRate: 0.1)), 0.9, accuracy: 1e-5)
        XCTAssertEqual(stepped(try RMSProp(learningRate: 0.1, decay: 0.99)), 1 - 0.1 / 0.1, accuracy: 1e-4)
        XCTAssertEqual(stepped(try Adam(learningRate: 0.1)), 0.9, accuracy: 1e-5)
    }

    func testOutputSizeFormula() throws {
        XCTAssertEqual(try Window.Axis(kernel: 5).fit(28).size, 24)
        let uneven = try Window.Axis(kernel: 3, stride: 2).fit(20)
        XCTAssertEqual(uneven.size, 9)
        XCTAssertEqual(uneven.remainder, 1)
        XCTAssertFalse(uneven.dividesEvenly)
        XCTAssertEqual(uneven.arithmetic, "(20 + 2·0 − 3)/2 + 1 = 9 (floored: 17/2 is not whole)")
        XCTAssertThrowsError(try Window.Axis(kernel: 5).fit(2))
        XCTAssertThrowsError(try Window.Axis(kernel: 3, stride: 0).fit(9))
        XCTAssertThrowsError(try Window.Axis(kernel: 3, padding: -1).fit(9))
        // Per axis: S_h = 2, S_w = 1, P_h = 0, P_w = 1 over 28×28 with a 5×3 kernel.
        let window = Window(height: .init(kernel: 5, stride: 2), width: .init(kernel: 3, stride: 1, padding: 1))
        let fit = try window.fit(height: 28, width: 28)
        XCTAssertEqual([fit.height.size, fit.width.size], [12, 28])
        XCTAssertEqual(window.summary, "5×3 stride 2×1 pad 0×1")
        var rng = RandomGenerator(seed: 2)
        var conv = Conv2d(channels: 1, filters: 2, kernelHeight: 5, kernelWidth: 3, stride: 2, padding: 1, using: &rng)
        XCTAssertEqual(try conv.outputShape(for: [1, 28, 28]), [2, 13, 14])
        XCTAssertEqual(conv.forward(Tensor(shape: [1, 1, 28, 28])).shape, [1, 2, 13, 14])
    }
}

final class Conv2dReferenceTests: XCTestCase {
    /// im2col + GEMM and the direct loops agree to 1e-5 (relative to the largest value), forward and backward.
    func testIm2colConvolutionEqualsDirectLoops() {
        var rng = RandomGenerator(seed: 21)
        // Small images, and large ones whose dW takes the long-dot-product path (≥ 256 positions).
        var cases = [(1, 0, 7, 8), (1, 1, 7, 8), (2, 0, 7, 8), (2, 1, 7, 8), (1, 0, 20, 18), (1, 1, 19, 17)].map { (s, p, h, w) in
            (Window(kernelHeight: 3, kernelWidth: 2, stride: s, padding: p), h, w)
        }
        // Per-axis strides and paddings (S_h ≠ S_w, P_h ≠ P_w).
        cases.append((Window(height: .init(kernel: 3, stride: 2, padding: 0), width: .init(kernel: 2, stride: 1, padding: 1)), 9, 8))
        cases.append((Window(height: .init(kernel: 3, stride: 1, padding: 2), width: .init(kernel: 2, stride: 3, padding: 0)), 7, 11))
        for (window, h, w) in cases {
            var conv = Conv2d(weight: Tensor.randomNormal(shape: [4, 3, 3, 2], sigma: 0.5, using: &rng),
                              bias: Tensor.randomNormal(shape: [4], sigma: 1, using: &rng), window: window)
            let x = Tensor.randomNormal(shape: [3, 3, h, w], sigma: 1, using: &rng)
            let y = conv.forward(x)
            let yRef = ReferenceKernels.conv2d(x, weight: conv.weight, bias: conv.bias, window: window)
            XCTAssertEqual(y.shape, yRef.shape)
            let dy = Tensor.randomNormal(shape: y.shape, sigma: 1, using: &rng)
            let dx = conv.backward(dy)
            let ref = ReferenceKernels.conv2dBackward(x, weight: conv.weight, window: window, dy: dy)
            for (name, a, b) in [("y", y, yRef), ("dx", dx, ref.dx), ("dW", conv.parameters[0].gradient, ref.dW),
                                 ("db", conv.parameters[1].gradient, ref.db)] {
                let err = zip(a.scalars, b.scalars).map { abs($0 - $1) }.max()! / max(b.maxAbs, 1)
                XCTAssertLessThan(err, 1e-5, "\(name) \(window.summary) \(h)×\(w)")
            }
            var first = conv
            _ = first.forward(x)
            XCTAssertEqual(first.backward(dy, needsInputGradient: false).count, 0, "a first layer skips dx")
            XCTAssertEqual(first.parameters[0].gradient, conv.parameters[0].gradient, "and computes the same dW")
        }
    }
}
