import NN

/// One training batch's loss, where it ended on the epoch axis (10.5 is halfway through epoch 11)
/// and the `train` run it belongs to. Plain numbers, so that a saved workspace can encode it.
struct BatchLoss: Codable, Equatable {
    var epoch: Double
    var loss: Float
    var run: Int
}

/// How the epochs of one network's training are numbered across `train` runs: on from where the
/// last run stopped, so that epoch 11 is the network's eleventh whichever run it fell in, and
/// every chart and line that says "epoch 11" means the same one.
extension Workspace {
    /// Epochs this network has begun: the next run numbers its epochs on from here. An epoch cut
    /// short (Ctrl-C, batches=K, a fault) counts, so no epoch number is used twice.
    var epochsBegun: Int {
        max(epochs.last?.epoch ?? 0, Int((batchLosses.last?.epoch ?? 0).rounded(.up)))
    }

    /// Where each run that trained something began on the epoch axis, in run order.
    var runStarts: [(run: Int, epoch: Int)] {
        var starts: [Int: Int] = [:]
        for b in batchLosses { starts[b.run] = min(starts[b.run] ?? .max, Int(b.epoch.rounded(.up)) - 1) }
        for r in epochs { starts[r.run] = min(starts[r.run] ?? .max, r.epoch - 1) }
        return starts.sorted { $0.key < $1.key }.map { (run: $0.key, epoch: $0.value) }
    }
}

/// "epoch 4" or "epochs 4–6".
func epochRange(_ first: Int, _ last: Int) -> String {
    first == last ? tr("runs.epoch", first) : tr("runs.epochs", first, last)
}
