import Tensors
import XCTest

/// The dropout, leaky ReLU and batch-normalisation kernels against the formulas written out value
/// by value in Double, over plane sizes that leave SIMD tails (15 and 1 positions) and whole lanes (16).
final class RegularizationKernelTests: XCTestCase {
    var rng = RandomGenerator(seed: 23)

    func random(_ count: Int) -> [Float] { Tensor.randomNormal(shape: [count], sigma: 2, using: &rng).scalars.map { $0 + 0.5 } }

    func assertClose(_ a: [Float], _ b: [Double], _ what: String, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, what, line: line)
        let scale = max(b.map(abs).max() ?? 1, 1)
        XCTAssertLessThan(zip(a, b).map { abs(Double($0) - $1) }.max()! / scale, 1e-5, what, line: line)
    }

    func testBatchNormKernelsMatchTheFormulas() {
        for (batch, channels, positions) in [(3, 2, 15), (5, 4, 1), (2, 3, 16)] {
            let count = batch * channels * positions
            let x = random(count), dy = random(count), gamma = random(channels), beta = random(channels)
            var mean = [Double](repeating: 0, count: channels), variance = mean
            Kernels.channelStatistics(x, batch: batch, channels: channels, positions: positions, mean: &mean, variance: &variance)
            // The formulas: channel c of sample n is the plane at (n·C + c)·P.
            var channelOf = [Int](repeating: 0, count: count)
            for i in 0..<count { channelOf[i] = (i / positions) % channels }
            let m = Double(batch * positions)
            var mu = [Double](repeating: 0, count: channels), sigma2 = mu
            for i in 0..<count { mu[channelOf[i]] += Double(x[i]) / m }
            for i in 0..<count {
                let d = Double(x[i]) - mu[channelOf[i]]
                sigma2[channelOf[i]] += d * d / m
            }
            for c in 0..<channels {
                XCTAssertEqual(mean[c], mu[c], accuracy: 1e-5)
                XCTAssertEqual(variance[c], sigma2[c], accuracy: 1e-5 * max(1, sigma2[c]))
            }
            let inverse: [Float] = variance.map { Float(1 / ($0 + 1e-5).squareRoot()) }
            let meanFloats: [Float] = mean.map { Float($0) }
            var xhat = [Float](repeating: .nan, count: count), y = xhat
            Kernels.normalize(x, batch: batch, channels: channels, positions: positions, mean: meanFloats, inverse: inverse,
                              gamma: gamma, beta: beta, normalized: &xhat, output: &y)
            var h = [Double](repeating: 0, count: count), expectedY = h
            for i in 0..<count {
                let c = channelOf[i]
                h[i] = (Double(x[i]) - mu[c]) / (sigma2[c] + 1e-5).squareRoot()
                expectedY[i] = h[i] * Double(gamma[c]) + Double(beta[c])
            }
            assertClose(xhat, h, "x̂ \(batch)×\(channels)×\(positions)")
            assertClose(y, expectedY, "y")

            var dGamma = [Float](repeating: .nan, count: channels), dBeta = dGamma, dx = [Float](repeating: .nan, count: count)
            Kernels.batchNormBackward(dy, normalized: xhat, batch: batch, channels: channels, positions: positions, gamma: gamma,
                                      inverse: inverse, dGamma: &dGamma, dBeta: &dBeta, dx: &dx)
            var sumDy = [Double](repeating: 0, count: channels), sumDyXhat = sumDy
            for i in 0..<count {
                sumDy[channelOf[i]] += Double(dy[i])
                sumDyXhat[channelOf[i]] += Double(dy[i]) * h[i]
            }
            assertClose(dBeta, sumDy, "dβ = Σ dy")
            assertClose(dGamma, sumDyXhat, "dγ = Σ dy·x̂")
            var expectedDx = [Double](repeating: 0, count: count)
            for i in 0..<count {
                let c = channelOf[i], k = Double(gamma[c]) / (m * (sigma2[c] + 1e-5).squareRoot())
                expectedDx[i] = k * (m * Double(dy[i]) - sumDy[c] - h[i] * sumDyXhat[c])
            }
            assertClose(dx, expectedDx, "dx")
        }
    }

    func testDropoutMaskAndLeakyReLUKernels() {
        var mask = [Float](repeating: .nan, count: 1000), again = mask
        var a = RandomGenerator(seed: 3), b = RandomGenerator(seed: 3)
        Kernels.dropoutMask(&mask, count: 1000, keep: 0.75, scale: 4 / 3, using: &a)
        // The same draws, one uniform per value in order: kept where u < 1 − P.
        XCTAssertEqual(mask, (0..<1000).map { _ in b.uniform() < 0.75 ? Float(4) / 3 : 0 })
        Kernels.dropoutMask(&again, count: 1000, keep: 0.75, scale: 4 / 3, using: &a)
        XCTAssertNotEqual(mask, again, "the generator moved on")
        let x = random(21), dy = random(21)
        var out = [Float](repeating: .nan, count: 21)
        Kernels.multiply(x, mask, &out, count: 21)
        XCTAssertEqual(out, (0..<21).map { x[$0] * mask[$0] })
        Kernels.leakyRelu(x, &out, count: 21, slope: 0.2)
        XCTAssertEqual(out, x.map { $0 > 0 ? $0 : 0.2 * $0 })
        Kernels.leakyReluBackward(dy, input: x, &out, count: 21, slope: 0.2)
        XCTAssertEqual(out, (0..<21).map { x[$0] > 0 ? dy[$0] : 0.2 * dy[$0] })
    }
}
