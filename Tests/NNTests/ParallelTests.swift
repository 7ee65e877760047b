import Foundation
import Datasets
import NN
import Tensors
import XCTest

/// Training cuts each batch into the same parts whatever the thread count (two, or parts of at most
/// 32 images), and adds the parts' gradients in the same order, so one thread and two give the same bits.
final class ParallelTests: XCTestCase {
    func trainedWeights(threads: Int, x: Tensor, y: Tensor, blueprint: Blueprint = .lenet, batch: Int = 50,
                        optimizer: any Optimizer = try! Adam()) throws -> ([Tensor], [Int]) {
        let saved = Parallelism.threads
        Parallelism.threads = threads
        defer { Parallelism.threads = saved }
        var rng = RandomGenerator(seed: 11)
        var net = try blueprint.network(using: &rng)
        net.allocate()
        var optimizer = optimizer
        _ = net.train(plan: TrainingPlan(x: x, labels: y, epochs: 1, batchSize: batch), optimizer: &optimizer, rng: &rng)
        return (net.layers.flatMap { $0.parameters.map(\.value) + $0.buffers.map(\.value) }, net.predict(x, chunk: 77))
    }

    /// A batch over 64 is cut into parts of at most 32 (150 → 5 parts of 30 images), so there are
    /// more parts than threads: batchnorm's statistics and running averages, weights and
    /// predictions still come out the same on one thread and two.
    func testLargeBatchesCutIntoManyPartsGiveIdenticalResultsOnOneAndTwoThreads() throws {
        let set = try ImageDataset(directory: try XCTUnwrap(ImageDataset.bundledMNISTDirectory))
        let x = try set.trainImages.slice(0..<450), y = try set.trainLabels.slice(0..<450)
        let (one, predictedOne) = try trainedWeights(threads: 1, x: x, y: y, blueprint: Blueprint.lenet.withBatchNorm, batch: 150)
        let (two, predictedTwo) = try trainedWeights(threads: 2, x: x, y: y, blueprint: Blueprint.lenet.withBatchNorm, batch: 150)
        XCTAssertEqual(one.count, 18, "10 parameters, 4 batchnorm parameters and 4 running statistics")
        for (a, b) in zip(one, two) { XCTAssertEqual(a.scalars, b.scalars, "bit-identical \(a.shapeDescription) values") }
        XCTAssertEqual(predictedOne, predictedTwo)
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

    /// Every optimizer steps a large parameter (fc1's 30,720 weights) in runs, one per thread: the
    /// runs give the bits of one step.
    func testEveryOptimizerStepsTheSameOnOneAndTwoThreads() throws {
        let set = try ImageDataset(directory: try XCTUnwrap(ImageDataset.bundledMNISTDirectory))
        let x = try set.trainImages.slice(0..<128), y = try set.trainLabels.slice(0..<128)
        let optimizers: [any Optimizer] = [try SGD(learningRate: 0.1), try Momentum(), try AdaGrad(), try RMSProp(), try Adam()]
        for optimizer in optimizers {
            let (one, _) = try trainedWeights(threads: 1, x: x, y: y, batch: 64, optimizer: optimizer)
            let (two, _) = try trainedWeights(threads: 2, x: x, y: y, batch: 64, optimizer: optimizer)
            XCTAssertEqual(one.count, 10)
            for (a, b) in zip(one, two) { XCTAssertEqual(a.scalars.map(\.bitPattern), b.scalars.map(\.bitPattern), "\(optimizer.summary): \(a.shapeDescription)") }
        }
    }

    /// Thousands of small jobs in a row on the long-lived workers (a 2-image chunk per job, the
    /// next posted while a worker may still be spinning or falling asleep after the last), and jobs
    /// posted from two threads at once: every job's parts run exactly once, the same as one thread.
    func testTheWorkersRunEveryPartOfManySmallJobs() throws {
        var rng = RandomGenerator(seed: 5)
        let net = try Network.leNet(using: &rng)
        let x = Tensor.randomNormal(shape: [4000, 1, 28, 28], sigma: 1, using: &rng)
        let saved = Parallelism.threads
        defer { Parallelism.threads = saved }
        Parallelism.threads = 1
        let alone = net.predict(x, chunk: 2)
        Parallelism.threads = 2
        XCTAssertEqual(net.predict(x, chunk: 2), alone)
        let results = UnsafeMutableBufferPointer<[Int]>.allocate(capacity: 2)
        defer { results.deallocate() }
        nonisolated(unsafe) let out = results
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            out.initializeElement(at: i, to: net.predict(x, chunk: 3 + i))
        }
        XCTAssertEqual(results[0], alone)
        XCTAssertEqual(results[1], alone)
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
