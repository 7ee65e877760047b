import NN
import Tensors
import XCTest

/// The learning rate each step of `train` really used, under each schedule.
final class ScheduleTests: XCTestCase {
    /// Plain SGD that notes the rate of every step.
    struct RecordingSGD: Optimizer {
        var learningRate: Float
        var seen: [Float] = []
        var summary: String { "recording sgd lr=\(learningRate)" }
        mutating func beginStep() { seen.append(learningRate) }
        mutating func update(_ key: String, _ value: inout Tensor, _ gradient: Tensor) {
            value = Tensor(shape: value.shape, scalars: zip(value.scalars, gradient.scalars).map { $0 - learningRate * $1 })
        }
    }

    /// 10 samples in batches of 3: 4 batches an epoch.
    func run(epochs: Int, decay: Float = 1, schedule: LearningRateSchedule, stopAfter: Int = .max) throws -> RecordingSGD {
        var rng = RandomGenerator(seed: 5)
        var net = Network(inputShape: [4])
        try net.append(Linear(inputs: 4, outputs: 3, initializer: .xavier, using: &rng))
        try net.append(Softmax())
        let x = Tensor(shape: [10, 4], scalars: (0..<40).map { Float($0 % 7) / 7 })
        let y = Tensor(shape: [10], scalars: (0..<10).map { Float($0 % 3) })
        var optimizer = RecordingSGD(learningRate: 0.5)
        var batches = 0
        _ = net.train(x: x, labels: y, epochs: epochs, batchSize: 3, optimizer: &optimizer, rng: &rng,
                      learningRateDecay: decay, schedule: schedule,
                      shouldStop: { defer { batches += 1 }; return batches >= stopAfter })
        return optimizer
    }

    func testCosineAnnealsOverTheWholeRunAndKeepsThePeak() throws {
        let cosine = try run(epochs: 2, schedule: .cosine)
        let expected = (0..<8).map { t in 0.5 * Float(0.5 * (1 + cos(Double.pi * Double(t) / 8))) }
        XCTAssertEqual(cosine.seen.count, 8)
        for (seen, want) in zip(cosine.seen, expected) { XCTAssertEqual(seen, want, accuracy: 1e-6) }
        XCTAssertEqual(cosine.seen[4], 0.25, accuracy: 1e-6, "halfway through, half the rate")
        XCTAssertEqual(cosine.learningRate, 0.5, "the next run starts from the peak again")
    }

    /// A run cut short (Ctrl-C, or `batches=K` in a replay) saw the same rates as the full run.
    func testACutRunFollowsTheSameCurve() throws {
        let full = try run(epochs: 3, schedule: .cosine)
        let cut = try run(epochs: 3, schedule: .cosine, stopAfter: 5)
        XCTAssertEqual(cut.seen, Array(full.seen.prefix(5)))
        XCTAssertEqual(cut.learningRate, 0.5)
    }

    func testConstantScheduleDecaysPerEpochAndKeepsIt() throws {
        let constant = try run(epochs: 2, decay: 0.5, schedule: .constant)
        XCTAssertEqual(constant.seen, [0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25])
        XCTAssertEqual(constant.learningRate, 0.125, "the decayed rate carries over to the next run")
    }
}
