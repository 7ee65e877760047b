import NN
import Tensors
import XCTest

/// `train`'s contract: the rate each step used under each schedule, how a run ends, and what its
/// progress hears.
final class TrainingTests: XCTestCase {
    /// Plain SGD that notes the rate of every step.
    struct RecordingSGD: Optimizer {
        var learningRate: Float
        var seen: [Float] = []
        var steps = 0
        var summary: String { "recording sgd lr=\(learningRate)" }
        mutating func beginStep() { seen.append(learningRate) }
        mutating func update(_ key: String, _ value: inout Tensor, _ gradient: Tensor) {
            value = Tensor(shape: value.shape, scalars: zip(value.scalars, gradient.scalars).map { $0 - learningRate * $1 })
        }
    }

    /// 10 samples in batches of 3: 4 batches an epoch, the last of 1 sample.
    func network() throws -> (Network, TrainingPlan) {
        var rng = RandomGenerator(seed: 5)
        var net = Network(inputShape: [4])
        try net.append(Linear(inputs: 4, outputs: 3, initializer: .xavier, using: &rng))
        try net.append(Softmax())
        let x = Tensor(shape: [10, 4], scalars: (0..<40).map { Float($0 % 7) / 7 })
        let y = Tensor(shape: [10], scalars: (0..<10).map { Float($0 % 3) })
        return (net, TrainingPlan(x: x, labels: y, batchSize: 3))
    }

    /// Trains with `plan`'s changes; progress answers stop after `stopAfter` batches.
    func run(epochs: Int, decay: Float = 1, schedule: LearningRateSchedule, stopAfter: Int = .max, limit: Int? = nil,
             lr: Float = 0.5) throws -> (RecordingSGD, TrainingRun, [TrainingProgress]) {
        var (net, plan) = try network()
        (plan.epochs, plan.learningRateDecay, plan.schedule, plan.batchLimit) = (epochs, decay, schedule, limit)
        var optimizer = RecordingSGD(learningRate: lr)
        var rng = RandomGenerator(seed: 5)
        var heard: [TrainingProgress] = [], batches = 0
        let run = net.train(plan: plan, optimizer: &optimizer, rng: &rng) { progress in
            heard.append(progress)
            if case .batch = progress { batches += 1 }
            return batches < stopAfter
        }
        return (optimizer, run, heard)
    }

    func testCosineAnnealsOverTheWholeRunAndKeepsThePeak() throws {
        let (cosine, _, _) = try run(epochs: 2, schedule: .cosine)
        let expected = (0..<8).map { t in 0.5 * Float(0.5 * (1 + cos(Double.pi * Double(t) / 8))) }
        XCTAssertEqual(cosine.seen.count, 8)
        for (seen, want) in zip(cosine.seen, expected) { XCTAssertEqual(seen, want, accuracy: 1e-6) }
        XCTAssertEqual(cosine.seen[4], 0.25, accuracy: 1e-6, "halfway through, half the rate")
        XCTAssertEqual(cosine.learningRate, 0.5, "the next run starts from the peak again")
        XCTAssertEqual(LearningRateSchedule.cosine.rate(batch: 4, of: 8, peak: 0.5, current: 0.1), 0.25, accuracy: 1e-7)
        XCTAssertEqual(LearningRateSchedule.constant.rate(batch: 4, of: 8, peak: 0.5, current: 0.1), 0.1)
    }

    /// A run cut short (Ctrl-C, or `batches=K` in a replay) saw the same rates as the full run.
    func testACutRunFollowsTheSameCurve() throws {
        let (full, _, _) = try run(epochs: 3, schedule: .cosine)
        let (cut, _, _) = try run(epochs: 3, schedule: .cosine, stopAfter: 5)
        let (limited, _, _) = try run(epochs: 3, schedule: .cosine, limit: 5)
        XCTAssertEqual(cut.seen, Array(full.seen.prefix(5)))
        XCTAssertEqual(limited.seen, cut.seen)
        XCTAssertEqual(cut.learningRate, 0.5)
    }

    func testConstantScheduleDecaysPerEpochAndKeepsIt() throws {
        let (constant, _, _) = try run(epochs: 2, decay: 0.5, schedule: .constant)
        XCTAssertEqual(constant.seen, [0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25])
        XCTAssertEqual(constant.learningRate, 0.125, "the decayed rate carries over to the next run")
    }

    func testAFinishedRunCountsItsBatchesAndReportsEachEpoch() throws {
        let (_, run, heard) = try run(epochs: 2, schedule: .constant)
        XCTAssertEqual(run.ending, .finished)
        XCTAssertEqual(run.batches, 8)
        XCTAssertEqual(run.reports.map(\.epoch), [1, 2])
        let batches = heard.compactMap { if case .batch(let b) = $0 { b } else { nil } }
        XCTAssertEqual(batches.map(\.batch), [1, 2, 3, 4, 1, 2, 3, 4])
        XCTAssertEqual(batches.map(\.size), [3, 3, 3, 1, 3, 3, 3, 1])
        XCTAssertEqual(batches.map(\.samplesSeen), [3, 6, 9, 10, 13, 16, 19, 20])
        XCTAssertTrue(batches.allSatisfy { $0.batchesPerEpoch == 4 && $0.loss.isFinite })
        if case .epoch(let r) = heard[4] { XCTAssertEqual(r.epoch, 1) } else { XCTFail("epoch 1's report follows its last batch") }
    }

    /// A stop asked for mid-epoch takes effect before the next batch; one asked at an epoch's last
    /// batch still lets that epoch report, and says where the next would have started.
    func testAStopEndsBeforeTheNextBatch() throws {
        let (_, mid, _) = try run(epochs: 3, schedule: .constant, stopAfter: 6)
        XCTAssertEqual(mid.ending, .stopped(epoch: 2, batch: 2))
        XCTAssertEqual(mid.batches, 6)
        XCTAssertEqual(mid.reports.count, 1)
        let (_, boundary, _) = try run(epochs: 3, schedule: .constant, limit: 4)
        XCTAssertEqual(boundary.ending, .stopped(epoch: 2, batch: 0))
        XCTAssertEqual(boundary.reports.count, 1)
        let (_, last, _) = try run(epochs: 2, schedule: .constant, stopAfter: 8)
        XCTAssertEqual(last.ending, .finished, "nothing was left to stop")
    }

    func testEpochsAreNumberedOnFromThePlan() throws {
        var (net, plan) = try network()
        plan.epochsBefore = 3
        var optimizer = try SGD(learningRate: 0.1), rng = RandomGenerator(seed: 1)
        let run = net.train(plan: plan, optimizer: &optimizer, rng: &rng)
        XCTAssertEqual(run.reports.map(\.epoch), [4])
    }

    /// An infinite rate makes the weights overflow: the faulty step is not kept.
    func testANonFiniteStepIsUndoneAndNamed() throws {
        var (net, plan) = try network()
        plan.epochs = 2
        let before = net.layers[0].parameters[0].value
        var optimizer = RecordingSGD(learningRate: .infinity), rng = RandomGenerator(seed: 5)
        let run = net.train(plan: plan, optimizer: &optimizer, rng: &rng)
        XCTAssertEqual(run.ending, .nonFinite(epoch: 1, batch: 1))
        XCTAssertEqual(run.batches, 0)
        XCTAssertEqual(net.layers[0].parameters[0].value, before)
        XCTAssertEqual(optimizer.seen, [], "the optimizer is as it was before the step")
    }

    /// The faulty batch's forward moved batchnorm's running statistics: they go back too.
    func testANonFiniteStepLeavesTheRunningStatisticsAsTheyWere() throws {
        let (net, plan0) = try network()
        var plan = plan0
        var normalised = Network(inputShape: [4])
        try normalised.append(net.layers[0])
        try normalised.append(BatchNorm(shape: [3]), seed: 1)
        try normalised.append(Softmax())
        normalised.allocate()
        plan.epochs = 1
        let before = normalised.layers[1].buffers.map(\.value)
        var optimizer = RecordingSGD(learningRate: .infinity), rng = RandomGenerator(seed: 5)
        let run = normalised.train(plan: plan, optimizer: &optimizer, rng: &rng)
        XCTAssertEqual(run.ending, .nonFinite(epoch: 1, batch: 1))
        XCTAssertEqual(normalised.layers[1].buffers.map(\.value), before)
    }

    /// Validation after each epoch reports the mean cross-entropy on the validation set, as one
    /// would compute it by hand from the logits, in evaluation mode, drawing no random number:
    /// training with and without it ends with the same weights and the same generator.
    func testValidationLossIsTheMeanCrossEntropyAndChangesNothing() throws {
        var (net, plan) = try network()
        let vx = Tensor(shape: [7, 4], scalars: (0..<28).map { Float(($0 * 5) % 11) / 11 - 0.3 })
        let vy = Tensor(shape: [7], scalars: (0..<7).map { Float(($0 * 2) % 3) })
        var plain = net
        plan.epochs = 2
        var withValidation = plan
        withValidation.validation = (vx, vy)
        var optimizer = try SGD(learningRate: 0.3), rng = RandomGenerator(seed: 9)
        var (optimizer2, rng2) = (optimizer, rng)
        let run = net.train(plan: withValidation, optimizer: &optimizer, rng: &rng)
        _ = plain.train(plan: plan, optimizer: &optimizer2, rng: &rng2)
        XCTAssertEqual(rng.next(), rng2.next(), "validation draws no random number")
        XCTAssertEqual(net.layers[0].parameters.map(\.value), plain.layers[0].parameters.map(\.value), "nor changes the weights")
        let logits = net.logits(vx)
        let expected = (0..<7).map { n -> Double in
            let z = (0..<3).map { Double(logits.scalars[n * 3 + $0]) }
            let top = z.max()!
            return -(z[Int(vy.scalars[n])] - top - log(z.map { exp($0 - top) }.reduce(0, +)))
        }.reduce(0, +) / 7
        let last = try XCTUnwrap(run.reports.last?.validationLoss)
        XCTAssertEqual(last, expected, accuracy: 1e-6)
        XCTAssertNotEqual(run.reports[0].validationLoss, run.reports[1].validationLoss, "measured after each epoch")
        XCTAssertNil(plain.train(plan: plan, optimizer: &optimizer2, rng: &rng2).reports[0].validationLoss)
        let oneHot = Tensor(shape: [7, 3], scalars: (0..<21).map { $0 % 3 == Int(vy.scalars[$0 / 3]) ? 1 : 0 })
        XCTAssertEqual(net.evaluate(vx, labels: oneHot).loss, last, accuracy: 1e-9, "one-hot labels give the same loss")
        XCTAssertEqual(net.evaluate(vx, labels: oneHot).accuracy, net.accuracy(vx, labels: vy))
    }

    /// The layers that behave differently in training: validation runs them in evaluation mode,
    /// so batchnorm's running statistics do not move and dropout draws no mask.
    func testValidationMovesNoRunningStatisticAndDrawsNoMask() throws {
        var rng = RandomGenerator(seed: 5)
        var net = Network(inputShape: [4])
        try net.append(Linear(inputs: 4, outputs: 6, initializer: .xavier, using: &rng), seed: 1)
        try net.append(BatchNorm(shape: [6]), seed: 2)
        try net.append(Dropout(rate: 0.5), seed: 3)
        try net.append(Linear(inputs: 6, outputs: 3, initializer: .xavier, using: &rng), seed: 4)
        try net.append(Softmax(), seed: 5)
        net.allocate()
        var (_, plan) = try network()
        plan.epochs = 2
        var withValidation = plan
        withValidation.validation = (Tensor(shape: [7, 4], scalars: (0..<28).map { Float(($0 * 5) % 11) / 11 }), Tensor(shape: [7], scalars: (0..<7).map { Float($0 % 3) }))
        var plain = net
        var optimizer = try SGD(learningRate: 0.3), optimizer2 = try SGD(learningRate: 0.3)
        var rng1 = RandomGenerator(seed: 9), rng2 = RandomGenerator(seed: 9)
        XCTAssertNotNil(net.train(plan: withValidation, optimizer: &optimizer, rng: &rng1).reports.last?.validationLoss)
        _ = plain.train(plan: plan, optimizer: &optimizer2, rng: &rng2)
        for i in net.layers.indices {
            XCTAssertEqual((net.layers[i].parameters + net.layers[i].buffers).map(\.value), (plain.layers[i].parameters + plain.layers[i].buffers).map(\.value), "layer \(i)")
        }
        XCTAssertEqual((net.layers[2] as? Dropout)?.generator, (plain.layers[2] as? Dropout)?.generator, "no mask drawn for validation")
        XCTAssertNotEqual(net.layers[1].buffers[0].value, BatchNorm(shape: [6]).buffers[0].value, "training did move the running mean")
    }

    func testEveryReportCarriesItsRun() throws {
        var (net, plan) = try network()
        (plan.epochs, plan.epochsBefore, plan.run) = (2, 5, 3)
        var optimizer = try SGD(learningRate: 0.1), rng = RandomGenerator(seed: 1)
        let reports = net.train(plan: plan, optimizer: &optimizer, rng: &rng).reports
        XCTAssertEqual(reports.map(\.epoch), [6, 7])
        XCTAssertEqual(reports.map(\.run), [3, 3])
    }
}
