import Foundation
import Tensors

/// Shuffled mini-batches of row indices: a fresh seeded permutation each epoch, the last batch
/// shorter when the batch size does not divide the count.
public struct MiniBatches: Sequence, IteratorProtocol {
    private let order: [Int]
    private let size: Int
    private var position = 0

    public init(count: Int, batchSize: Int, shuffle rng: inout RandomGenerator) {
        precondition(batchSize >= 1, "batch size ≥ 1")
        order = rng.permutation(count)
        size = batchSize
    }

    public mutating func next() -> ArraySlice<Int>? {
        guard position < order.count else { return nil }
        defer { position += size }
        return order[position..<Swift.min(position + size, order.count)]
    }
}

/// What one epoch of training did.
public struct EpochReport: Sendable {
    public var epoch: Int
    /// Mean loss over the epoch's batches, weighted by batch size.
    public var loss: Double
    /// Accuracy on the training batches as they were seen (before each batch's update).
    public var trainAccuracy: Double
    public var validationAccuracy: Double?
    public var seconds: Double
}

extension Network {
    /// Mini-batch training: for each epoch, each shuffled batch runs forward, loss, backward and one
    /// optimizer step. `onEpoch` hears each epoch's report; `shouldStop` is asked between batches.
    public mutating func train(
        x: Tensor, labels: Tensor, epochs: Int, batchSize: Int, optimizer: inout some Optimizer,
        rng: inout RandomGenerator, validation: (x: Tensor, labels: Tensor)? = nil,
        shouldStop: () -> Bool = { false }, onEpoch: (EpochReport) -> Void = { _ in }
    ) -> [EpochReport] {
        var reports: [EpochReport] = []
        for epoch in 1...max(epochs, 1) {
            let start = Date()
            var lossSum = 0.0, correct = 0, seen = 0
            for batch in MiniBatches(count: x.shape[0], batchSize: batchSize, shuffle: &rng) {
                if shouldStop() { return reports }
                let xb = x.gatherRows(batch), yb = labels.gatherRows(batch)
                let (loss, probabilities) = lossAndGradients(xb, labels: yb)
                step(&optimizer)
                lossSum += Double(loss) * Double(batch.count)
                correct += zip(probabilities.argmaxRows(), yb.scalars).filter { $0 == Int($1) }.count
                seen += batch.count
            }
            let validationAccuracy = validation.map { accuracy($0.x, labels: $0.labels) }
            let report = EpochReport(epoch: epoch, loss: lossSum / Double(max(seen, 1)),
                                     trainAccuracy: Double(correct) / Double(max(seen, 1)),
                                     validationAccuracy: validationAccuracy, seconds: Date().timeIntervalSince(start))
            reports.append(report)
            onEpoch(report)
        }
        return reports
    }
}

extension Network {
    /// The course's LeNet for 1×28×28 digits: conv 6@5×5, ReLU, maxpool 2, conv 16@5×5, ReLU, maxpool 2,
    /// flatten, fc 120, ReLU, fc 84, ReLU, fc 10, softmax. He initialisation throughout.
    public static func leNet(inputShape: [Int] = [1, 28, 28], classes: Int = 10, using rng: inout RandomGenerator) throws(ShapeError) -> Network {
        var net = Network(inputShape: inputShape)
        try net.append(Conv2d(channels: inputShape[0], filters: 6, kernelHeight: 5, kernelWidth: 5, using: &rng))
        try net.append(ReLU())
        try net.append(MaxPool2D(kernelHeight: 2, kernelWidth: 2))
        try net.append(Conv2d(channels: 6, filters: 16, kernelHeight: 5, kernelWidth: 5, using: &rng))
        try net.append(ReLU())
        try net.append(MaxPool2D(kernelHeight: 2, kernelWidth: 2))
        try net.append(Flatten())
        try net.append(Linear(inputs: net.outputShape[0], outputs: 120, using: &rng))
        try net.append(ReLU())
        try net.append(Linear(inputs: 120, outputs: 84, using: &rng))
        try net.append(ReLU())
        try net.append(Linear(inputs: 84, outputs: classes, using: &rng))
        try net.append(Softmax())
        return net
    }
}
