import NN
import Tensors
import XCTest

/// Dropout, batch normalisation and leaky ReLU: their formulas by hand, their gradients by finite
/// differences, evaluation mode, and data-parallel training with them.
final class RegularizationTests: XCTestCase {
    func dropout(_ rate: Float, seed: UInt64 = 5) -> Dropout {
        var d = Dropout(rate: rate)
        d.allocate(seed: seed)
        return d
    }

    /// y = x·m/(1 − P), dx = dy·m/(1 − P), each m 0 or 1 and about 1 − P of them 1.
    func testDropoutScalesTheKeptValuesAndDropsTheRest() {
        var d = dropout(0.3)
        let x = Tensor(shape: [100, 100], repeating: 2)
        let y = d.forward(x)
        XCTAssertTrue(y.scalars.allSatisfy { $0 == 0 || $0 == 2 / Float(0.7) }, "kept values are x/(1 − P)")
        let kept = Double(y.scalars.filter { $0 != 0 }.count) / 10_000
        XCTAssertEqual(kept, 0.7, accuracy: 0.02, "Bernoulli(0.7): 0.7 ± 4.4 standard deviations of 0.0046")
        let dy = Tensor(shape: [100, 100], repeating: 1)
        let dx = d.backward(dy)
        for i in 0..<x.count { XCTAssertEqual(dx[flat: i], y[flat: i] / 2, "dx = dy·m/(1 − P), the same mask") }
        XCTAssertEqual(d.inference(x), x, "evaluation passes x on")
        var none = dropout(0)
        XCTAssertEqual(none.forward(x), x, "P = 0 keeps everything")
    }

    func testDropoutMasksFollowTheSeedAndChangeEveryForward() {
        let x = Tensor(shape: [4, 50], repeating: 1)
        var a = dropout(0.5, seed: 1), b = dropout(0.5, seed: 1), c = dropout(0.5, seed: 2)
        let first = a.forward(x)
        XCTAssertEqual(first, b.forward(x), "the same seed replays the same mask")
        XCTAssertNotEqual(first, c.forward(x))
        XCTAssertNotEqual(first, a.forward(x), "each forward draws a new mask")
    }

    /// With the mask fixed (a copy of the layer draws the same one) the layer is linear in x.
    func testDropoutGradientWithAFixedMask() {
        var rng = RandomGenerator(seed: 3)
        let x = Tensor.randomNormal(shape: [3, 2, 4], sigma: 1, using: &rng)
        XCTAssertLessThan(inputGradientError(dropout(0.4), input: x), 1e-3)
    }

    /// Each replica of a data-parallel batch draws its own masks.
    func testReplicasDrawDifferentMasks() {
        let network = dropout(0.5)
        var parts = [network, network]
        for k in parts.indices { parts[k].prepareReplica(part: k, from: network) }
        let x = Tensor(shape: [2, 64], repeating: 1)
        XCTAssertNotEqual(parts[0].forward(x), parts[1].forward(x))
        var again = network
        again.prepareReplica(part: 0, from: network)
        XCTAssertEqual(again.forward(x), { var p = network; p.prepareReplica(part: 0, from: network); return p.forward(x) }())
    }

    func batchNorm(_ shape: [Int], seed: UInt64 = 7) -> BatchNorm {
        var bn = BatchNorm(shape: shape)
        bn.allocate(seed: seed)
        var rng = RandomGenerator(seed: seed)
        bn.parameters[0].value = Tensor.randomNormal(shape: [shape[0]], sigma: 1, using: &rng)  // γ not all 1, β not all 0
        bn.parameters[1].value = Tensor.randomNormal(shape: [shape[0]], sigma: 1, using: &rng)
        return bn
    }

    /// Central differences of Σ y·r for x, γ and β, training mode (batch statistics), both layouts.
    func testBatchNormGradientsMatchFiniteDifferences() {
        for shape in [[3, 2, 2], [5]] {
            var rng = RandomGenerator(seed: 13)
            let bn = batchNorm(shape)
            let x = Tensor.randomNormal(shape: [4] + shape, sigma: 2, using: &rng)
            XCTAssertLessThan(inputGradientError(bn, input: x, h: 1e-2), 1e-2, "dx for \(shape)")
            var trained = bn
            let r = Tensor.randomNormal(shape: x.shape, sigma: 1, using: &rng)
            _ = trained.forward(x)
            _ = trained.backward(r)
            func loss(_ layer: BatchNorm) -> Double {
                var l = layer
                return zip(l.forward(x).scalars, r.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            }
            for p in 0..<2 {
                for c in 0..<shape[0] {
                    var plus = bn, minus = bn
                    plus.parameters[p].value[flat: c] += 1e-2
                    minus.parameters[p].value[flat: c] -= 1e-2
                    let numeric = (loss(plus) - loss(minus)) / 2e-2
                    XCTAssertEqual(Double(trained.parameters[p].gradient[flat: c]), numeric, accuracy: 1e-2 * max(1, abs(numeric)),
                                   "d\(bn.parameters[p].name)[\(c)] for \(shape)")
                }
            }
        }
    }

    /// Two channels of 1×2 over two samples, laid out NCHW: channel 0 holds 1, 2 | 5, 6 and
    /// channel 1 holds 3, 4 | 7, 8. Each has mean μ (3.5 and 5.5) and squared deviations
    /// 6.25 + 2.25 + 2.25 + 6.25 = 17: biased σ² = 17/4 = 4.25, unbiased 17/3.
    func testRunningStatisticsAfterOneTrainingForward() {
        var bn = BatchNorm(shape: [2, 1, 2])
        bn.allocate(seed: 1)
        let x = Tensor(shape: [2, 2, 1, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 8])
        let y = bn.forward(x)
        XCTAssertEqual(bn.runningMean.scalars[0], 0.9 * 0 + 0.1 * 3.5, accuracy: 1e-6)
        XCTAssertEqual(bn.runningMean.scalars[1], 0.9 * 0 + 0.1 * 5.5, accuracy: 1e-6)
        for c in 0..<2 { XCTAssertEqual(bn.runningVariance.scalars[c], 0.9 * 1 + 0.1 * 17 / 3, accuracy: 1e-6) }
        XCTAssertEqual(bn.batchVariance, [4.25, 4.25])
        // γ = 1, β = 0: y = (x − μ)/√(σ² + ε), normalised with the biased variance.
        let expected: [Double] = [1, 2, 3, 4, 5, 6, 7, 8].enumerated().map { i, v in (v - [3.5, 5.5][(i / 2) % 2]) / (4.25 + 1e-5).squareRoot() }
        for i in 0..<8 { XCTAssertEqual(Double(y[flat: i]), expected[i], accuracy: 1e-5) }
    }

    /// Evaluation uses the running statistics: with running_mean (1, −2), running_var (3.75, 0.75),
    /// ε = 0.25, γ (2, 3), β (0.5, −1): √(σ² + ε) is 2 and 1, so x = (3, 0) gives
    /// ((3 − 1)/2·2 + 0.5, (0 + 2)/1·3 − 1) = (2.5, 5) and x = (−1, −2) gives (−1.5, −1).
    func testEvaluationUsesTheRunningStatistics() {
        var bn = BatchNorm(shape: [2], epsilon: 0.25)
        bn.allocate(seed: 1)
        bn.buffers[0].value = Tensor([1, -2])
        bn.buffers[1].value = Tensor([3.75, 0.75])
        bn.parameters[0].value = Tensor([2, 3])
        bn.parameters[1].value = Tensor([0.5, -1])
        let x = Tensor(shape: [2, 2], scalars: [3, 0, -1, -2])
        XCTAssertEqual(bn.inference(x).scalars, [2.5, 5, -1.5, -1])
        XCTAssertEqual(bn.buffers[0].value.scalars, [1, -2], "evaluation changes nothing")
        XCTAssertNotEqual(bn.forward(x).scalars, [2.5, 5, -1.5, -1], "training uses the batch's statistics")
    }

    func testBatchNormRefusesShapesItCannotNormalise() {
        XCTAssertThrowsError(try BatchNorm(shape: [2, 2, 2, 2]).outputShape(for: [2, 2, 2, 2]))
        // A sequence C×L is normalised per channel, as the same values laid out as C×1×L are.
        var rng = RandomGenerator(seed: 7)
        let x = Tensor.randomNormal(shape: [4, 2, 3], sigma: 1, using: &rng)
        var (sequence, image) = (BatchNorm(shape: [2, 3]), BatchNorm(shape: [2, 1, 3]))
        sequence.allocate(seed: 0)
        image.allocate(seed: 0)
        XCTAssertEqual(sequence.forward(x).scalars, image.forward(try! x.reshaped([4, 2, 1, 3])).scalars)
        XCTAssertEqual(sequence.buffers.map(\.value), image.buffers.map(\.value))
        XCTAssertThrowsError(try BatchNorm(shape: [3, 4, 4]).outputShape(for: [2, 4, 4]))
        XCTAssertEqual(try BatchNorm(shape: [3, 4, 4]).outputShape(for: [3, 4, 4]), [3, 4, 4])
        XCTAssertEqual(BatchNorm(shape: [3, 4, 4]).parameterCount, 6)
        XCTAssertEqual(BatchNorm(shape: [3, 4, 4]).bufferCount, 6)
        XCTAssertEqual(BatchNorm(shape: [3, 4, 4]).multiplyAddFactors(for: [3, 4, 4]), [3, 4, 4])
    }

    func testLeakyReLUByHandAndByFiniteDifferences() {
        var l = LeakyReLU(slope: 0.1)
        let x = Tensor([-2, 3, 0])
        XCTAssertEqual(l.forward(x).scalars, [-0.2, 3, 0])
        XCTAssertEqual(l.inference(x).scalars, [-0.2, 3, 0])
        XCTAssertEqual(l.backward(Tensor([1, 1, 1])).scalars, [0.1, 1, 0.1], "the kink at 0 takes the slope, as ReLU's takes 0")
        XCTAssertEqual(LeakyReLU().slope, 0.01)
        XCTAssertLessThan(inputGradientError(LeakyReLU(slope: 0.2), input: kinkFreeInput(shape: [2, 3, 4, 4], seed: 2)), 1e-3)
        var branches: [Int32] = []
        _ = LeakyReLU().forwardInDouble(DoubleBatch(shape: [1, 3], scalars: [-1, 2, 0]), parameters: [], branches: &branches)
        XCTAssertEqual(branches, [0, 1, 0])
    }

    /// A small network with all three, checked entry by entry by `gradcheck`'s double-precision
    /// re-evaluation (batchnorm in training mode, dropout with the mask of its forward).
    func network(seed: UInt64) throws -> Network {
        var rng = RandomGenerator(seed: seed)
        var net = Network(inputShape: [1, 6, 6])
        try net.append(Conv2d(channels: 1, filters: 3, kernelHeight: 3, kernelWidth: 3, using: &rng))
        try net.append(BatchNorm(shape: [3, 4, 4]), seed: rng.next())
        try net.append(LeakyReLU(slope: 0.1))
        try net.append(Dropout(rate: 0.3), seed: rng.next())
        try net.append(Flatten())
        try net.append(Linear(inputs: 48, outputs: 6, using: &rng))
        try net.append(BatchNorm(shape: [6]), seed: rng.next())
        try net.append(Linear(inputs: 6, outputs: 4, using: &rng))
        net.allocate()
        return net
    }

    func testGradientCheckPassesThroughAllThree() throws {
        let net = try network(seed: 4)
        var rng = RandomGenerator(seed: 9)
        let x = Tensor.randomNormal(shape: [5, 1, 6, 6], sigma: 1, using: &rng)
        let r = Tensor.randomNormal(shape: [5, 4], sigma: 1, using: &rng)
        let rows = try GradientCheck.run(net, input: x, projection: r, layers: Array(net.layers.indices).filter { !net.layers[$0].parameters.isEmpty }, entries: 12)
        XCTAssertEqual(rows.map(\.parameter), ["W", "b", "gamma", "beta", "W", "b", "gamma", "beta", "W", "b"])
        for row in rows {
            if row.parameter == "b", row.layer + 1 < net.layers.count, net.layers[row.layer + 1] is BatchNorm {
                // batchnorm subtracts the mean, so a bias before it changes nothing: its gradient is 0 up to rounding.
                XCTAssertLessThan(row.scale, 1e-5, "\(row)")
            } else {
                XCTAssertLessThan(row.error ?? 1, 1e-4, "\(row)")
            }
        }
    }

    func trained(threads: Int, x: Tensor, y: Tensor) throws -> [Tensor] {
        let saved = Parallelism.threads
        Parallelism.threads = threads
        defer { Parallelism.threads = saved }
        var net = try network(seed: 4)
        var rng = RandomGenerator(seed: 2)
        var adam = try Adam()
        _ = net.train(plan: TrainingPlan(x: x, labels: y, epochs: 2, batchSize: 9), optimizer: &adam, rng: &rng)
        return net.layers.flatMap { $0.parameters.map(\.value) + $0.buffers.map(\.value) } + [net.logits(x)]
    }

    func testDataParallelTrainingWithBatchNormAndDropoutIsBitIdenticalForOneAndTwoThreads() throws {
        var rng = RandomGenerator(seed: 21)
        let x = Tensor.randomNormal(shape: [31, 1, 6, 6], sigma: 1, using: &rng)
        let y = Tensor((0..<31).map { Float($0 % 4) })
        let one = try trained(threads: 1, x: x, y: y), two = try trained(threads: 2, x: x, y: y)
        XCTAssertEqual(one.count, 15)
        for (a, b) in zip(one, two) { XCTAssertEqual(a.scalars, b.scalars, "bit-identical \(a.shapeDescription)") }
        let untrained = try network(seed: 4)
        XCTAssertNotEqual(one[4].scalars, untrained.layers[1].buffers[0].value.scalars, "the running mean moved")
    }

    /// Over one batch of all the samples, the halves' running means weighted by their sizes are
    /// momentum·(the mean of all samples), whichever way the shuffle cut them: each half
    /// contributes its own mean.
    func testRunningMeanAfterADataParallelBatchIsTheHalvesWeightedMean() throws {
        var net = Network(inputShape: [2])
        try net.append(BatchNorm(shape: [2]), seed: 1)
        try net.append(Linear(weight: Tensor(shape: [2, 2], scalars: [1, 0, 0, 1]), bias: Tensor([0, 0])))
        net.allocate()
        let x = Tensor(shape: [5, 2], scalars: [1, 10, 2, 20, 3, 30, 4, 40, 5, 50])
        var rng = RandomGenerator(seed: 3)
        var sgd = try SGD(learningRate: 1e-30)
        _ = net.train(plan: TrainingPlan(x: x, labels: Tensor([0, 1, 0, 1, 0]), epochs: 1, batchSize: 5), optimizer: &sgd, rng: &rng)
        let mean = net.layers[0].buffers[0].value.scalars
        XCTAssertEqual(mean[0], 0.1 * 3, accuracy: 1e-6)
        XCTAssertEqual(mean[1], 0.1 * 30, accuracy: 1e-5)
    }

    /// Prediction and accuracy run in evaluation mode, where dropout is the identity: a network with
    /// dropout 0.9 predicts as the same network without it.
    func testDropoutIsTheIdentityInPredictionAndAccuracy() throws {
        var rng = RandomGenerator(seed: 8)
        let fc = Linear(inputs: 6, outputs: 3, using: &rng)
        var with = Network(inputShape: [6]), without = Network(inputShape: [6])
        try with.append(Dropout(rate: 0.9), seed: 4)
        try with.append(fc)
        try without.append(fc)
        with.allocate()
        let x = Tensor.randomNormal(shape: [40, 6], sigma: 1, using: &rng)
        let labels = Tensor((0..<40).map { Float($0 % 3) })
        XCTAssertEqual(with.logits(x), without.logits(x))
        XCTAssertEqual(with.predict(x), without.predict(x))
        XCTAssertEqual(with.accuracy(x, labels: labels), without.accuracy(x, labels: labels))
        var training = with
        XCTAssertNotEqual(training.forward(x), without.logits(x), "training drops values")
        XCTAssertEqual(with.inference(x, through: 2), without.logits(x))
    }

    func testPresetsPutDropoutBeforeTheFirstTwoFullyConnectedLayers() throws {
        for blueprint in [Blueprint.alexnet, Blueprint.vgg16, Blueprint.vgg11] {
            var rng = RandomGenerator(seed: 1)
            let net = try blueprint.network(using: &rng)
            let kinds = net.layers.map(\.kind)
            let tail = Array(kinds[kinds.firstIndex(of: "flatten")!...])
            XCTAssertEqual(tail, ["flatten", "dropout", "fc", "relu", "dropout", "fc", "relu", "fc", "softmax"], blueprint.name)
        }
    }
}
