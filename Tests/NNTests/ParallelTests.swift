import Datasets
import NN
import Tensors
import XCTest

/// Training cuts each batch into the same two halves whatever the thread count, and adds the
/// halves' gradients in the same order, so one thread and two give the same bits.
final class ParallelTests: XCTestCase {
    func trainedWeights(threads: Int, x: Tensor, y: Tensor) throws -> ([Tensor], [Int]) {
        let saved = Parallelism.threads
        Parallelism.threads = threads
        defer { Parallelism.threads = saved }
        var rng = RandomGenerator(seed: 11)
        var net = try Network.leNet(using: &rng)
        var adam = try Adam()
        _ = net.train(plan: TrainingPlan(x: x, labels: y, epochs: 1, batchSize: 50), optimizer: &adam, rng: &rng)
        return (net.layers.flatMap { $0.parameters.map(\.value) }, net.predict(x, chunk: 77))
    }

    func testOneAndTwoThreadsGiveIdenticalWeightsAndPredictions() throws {
        let set = try ImageDataset(directory: try XCTUnwrap(ImageDataset.bundledMNISTDirectory))
        let x = try set.trainImages.slice(0..<301), y = try set.trainLabels.slice(0..<301)
        let (one, predictedOne) = try trainedWeights(threads: 1, x: x, y: y)
        let (two, predictedTwo) = try trainedWeights(threads: 2, x: x, y: y)
        XCTAssertEqual(one.count, 10)
        for (a, b) in zip(one, two) { XCTAssertEqual(a.scalars, b.scalars, "bit-identical \(a.shapeDescription) weights") }
        XCTAssertEqual(predictedOne, predictedTwo)
        var rng = RandomGenerator(seed: 11)
        let untrained = try Network.leNet(using: &rng).layers[0].parameters[0].value
        XCTAssertNotEqual(one[0].scalars, untrained.scalars, "seven steps moved the weights")
    }

    /// The halves' weighted gradients equal the whole batch's gradient (up to rounding).
    func testSplitBatchGradientsMatchTheWholeBatch() throws {
        let set = try ImageDataset(directory: try XCTUnwrap(ImageDataset.bundledMNISTDirectory))
        let x = try set.trainImages.slice(0..<64), y = try set.trainLabels.slice(0..<64)
        var rng = RandomGenerator(seed: 3)
        let net = try Network.leNet(using: &rng)
        var whole = net, split = net
        whole.lossAndGradients(x, labels: y)
        var optimizer = try SGD(learningRate: 1)
        var trainedWhole = whole, trainedSplit = split
        trainedWhole.step(&optimizer)
        _ = trainedSplit.train(plan: TrainingPlan(x: x, labels: y, epochs: 1, batchSize: 64), optimizer: &optimizer, rng: &rng)
        split = trainedSplit
        for (a, b) in zip(trainedWhole.layers.flatMap { $0.parameters }, split.layers.flatMap { $0.parameters }) {
            let scale = max(a.value.maxAbs, 1e-6)
            let diff = zip(a.value.scalars, b.value.scalars).map { abs($0 - $1) }.max()!
            XCTAssertLessThan(diff / scale, 1e-5, a.name)
        }
    }
}
