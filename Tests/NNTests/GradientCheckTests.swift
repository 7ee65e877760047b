import NN
import Tensors
import XCTest

/// An fc layer whose backward reports dW 2% too large: the kind of bug `gradcheck` is there to catch.
struct SkewedLinear: Layer {
    var inner: Linear
    var kind: String { "fc" }
    func outputShape(for input: [Int]) throws(ShapeError) -> [Int] { try inner.outputShape(for: input) }
    mutating func forward(_ x: Tensor) -> Tensor { inner.forward(x) }
    mutating func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        let dx = inner.backward(dy, needsInputGradient: needsInputGradient)
        let dW = inner.parameters[0].gradient
        inner.parameters[0].gradient = Tensor(shape: dW.shape, scalars: dW.scalars.map { $0 * 1.02 })
        return dx
    }
    var parameters: [Parameter] {
        get { inner.parameters }
        set { inner.parameters = newValue }
    }
    func forwardInDouble(_ x: DoubleBatch, parameters: [[Double]], branches: inout [Int32]) -> DoubleBatch {
        inner.forwardInDouble(x, parameters: parameters, branches: &branches)
    }
}

final class GradientCheckTests: XCTestCase {
    func network(skewed: Bool, seed: UInt64 = 4) throws -> Network {
        var rng = RandomGenerator(seed: seed)
        var net = Network(inputShape: [1, 8, 8])
        try net.append(Conv2d(channels: 1, filters: 3, kernelHeight: 3, kernelWidth: 3, padding: 1, using: &rng))
        try net.append(ReLU())
        try net.append(MaxPool2d(kernelHeight: 2, kernelWidth: 2))
        try net.append(Conv2d(channels: 3, filters: 2, kernelHeight: 3, kernelWidth: 3, padding: 1, initializer: .xavier, using: &rng))
        try net.append(AvgPool2d(kernelHeight: 2, kernelWidth: 2))
        try net.append(Flatten())
        let fc = Linear(inputs: 8, outputs: 5, initializer: .xavier, using: &rng)
        try net.append(skewed ? SkewedLinear(inner: fc) as any Layer : fc)
        try net.append(Tanh())
        try net.append(Linear(inputs: 5, outputs: 4, using: &rng))
        try net.append(Sigmoid())
        try net.append(Softmax())
        return net
    }

    func check(_ net: Network, entries: Int = 20, shouldContinue: (Int, Int) -> Bool = { _, _ in true }) throws(GradientCheck.Stopped) -> [GradientCheck.Row] {
        var rng = RandomGenerator(seed: 9)
        let x = Tensor.randomNormal(shape: [2, 1, 8, 8], sigma: 1, using: &rng)
        let r = Tensor.randomNormal(shape: [2] + net.outputShape, sigma: 1, using: &rng)
        return try GradientCheck.run(net, input: x, projection: r, layers: Array(net.layers.indices).filter { !net.layers[$0].parameters.isEmpty },
                                     entries: entries, shouldContinue: shouldContinue)
    }

    /// The check asks before every entry, with how many are done of how many, and stops when told to:
    /// the shell's Ctrl-C between entries of a check that could run for minutes.
    func testStopsBetweenEntriesWhenAsked() throws {
        let net = try network(skewed: false)
        // conv1 W 27 + b 3, conv2 W 54 + b 2, fc 40 + 5, fc 20 + 4, each capped at 20 entries.
        let total = 20 + 3 + 20 + 2 + 20 + 5 + 20 + 4
        var asked: [Int] = []
        XCTAssertThrowsError(try check(net) { done, all in
            XCTAssertEqual(all, total)
            asked.append(done)
            return done < 25
        }) { XCTAssertEqual($0 as? GradientCheck.Stopped, GradientCheck.Stopped(done: 25, total: total)) }
        XCTAssertEqual(asked, Array(0...25))
        var seen = 0
        XCTAssertEqual(try check(net) { done, _ in seen = done + 1; return true }.map(\.checked).reduce(0, +), total)
        XCTAssertEqual(seen, total)
    }

    func testCorrectGradientsPassAndAWrongOneIsFlagged() throws {
        for row in try check(try network(skewed: false)) {
            XCTAssertTrue(row.passed, "\(row)")
            XCTAssertLessThan(row.error ?? 1, 1e-5, "\(row)")
        }
        let rows = try check(try network(skewed: true))
        let wrong = rows.first { $0.layer == 6 && $0.parameter == "W" }!
        XCTAssertFalse(wrong.passed, "\(wrong)")
        XCTAssertEqual(wrong.error!, 0.02 / 1.02, accuracy: 1e-4, "the error is max|g − n| / max(|g|, |n|)")
        XCTAssertEqual(rows.filter { !$0.passed }.count, 1, "\(rows)")
    }

    /// Entries with a non-zero gradient come first; zero ones fill in only when there are too few.
    func testSamplingPrefersNonZeroGradients() {
        let g: [Float] = [0, 0, 3, 0, 0, 0, 1, 0, 0, 2]
        XCTAssertEqual(GradientCheck.sample(g, 2), [2, 6])
        XCTAssertEqual(GradientCheck.sample(g, 3), [2, 6, 9])
        XCTAssertEqual(GradientCheck.sample(g, 5), [0, 2, 4, 6, 9])
        XCTAssertEqual(GradientCheck.sample(g, 50), Array(0..<10))
    }

    /// Every layer's double-precision forward pass gives its Float forward pass's values.
    func testDoubleForwardMatchesForward() throws {
        let net = try network(skewed: false)
        var rng = RandomGenerator(seed: 2)
        var x = Tensor.randomNormal(shape: [2, 1, 8, 8], sigma: 1, using: &rng)
        var d = DoubleBatch(x), branches: [Int32] = []
        for i in net.layers.indices {
            var layer = net.layers[i]
            x = layer.forward(x)
            d = net.layers[i].forwardInDouble(d, parameters: net.layers[i].parameters.map { $0.value.scalars.map(Double.init) }, branches: &branches)
            XCTAssertEqual(d.shape, x.shape, net.names[i])
            XCTAssertLessThan(zip(d.scalars, x.scalars).map { abs($0 - Double($1)) }.max()!, 1e-5, net.names[i])
        }
        XCTAssertEqual(branches.count, 2 * 3 * 64 + 2 * 3 * 16, "a ReLU's sides, then a max pool's winners")
    }
}
