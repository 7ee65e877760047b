import Foundation
import Tensors

/// Softmax cross-entropy traced sample by sample, for `explain`, from the logits z (N×C) and the
/// targets (N class indices, or N×C one-hot rows):
///
///     L_n = −log y_t with y = softmax(z_n) and t the target class;  L = (1/N) Σ_n L_n
///
/// computed stably, as backward does, as L_n = log Σ_j e^(z_j − max z) − (z_t − max z): finite
/// even when y_t rounds to 0.
///     dL/dz[n,c] = (y_c − t_c)/N, t_c = 1 for the target class, else 0
public struct LossSample: Sendable {
    /// The softmax of the sample's logits, at the target's column.
    public var softmax: SoftmaxRow
    public var target: Int { softmax.column }
    /// log Σ_j e^(z_j − max z): −log y_t without forming y_t.
    public var logTotal: Double { log(softmax.total) }
    /// z_t − max z.
    public var shifted: Double { softmax.scores[target] - softmax.maximum }
    /// −log y_t = log Σ_j e^(z_j − max z) − (z_t − max z).
    public var value: Double { logTotal - shifted }
}

/// dL/dz[n,c] = (y_c − t_c)/N.
public struct LossGradient: Sendable {
    public var softmax: SoftmaxRow
    public var target: Int
    public var batch: Int
    public var value: Double { (softmax.value - (softmax.column == target ? 1 : 0)) / Double(batch) }
}

extension SoftmaxCrossEntropy {
    /// The target class of sample n: its label, or the column of its one-hot row's 1.
    public static func target(_ targets: Tensor, _ n: Int) -> Int {
        targets.rank == 1 ? Int(targets[n]) : (0..<targets.shape[1]).first { targets[n, $0] == 1 } ?? 0
    }

    /// −log y_t for sample n.
    public static func explain(logits z: Tensor, targets: Tensor, sample n: Int) -> LossSample {
        LossSample(softmax: SoftmaxRow(z, row: n, column: target(targets, n)))
    }

    /// dL/dz at [n, c].
    public static func explainGradient(logits z: Tensor, targets: Tensor, at o: [Int]) -> LossGradient {
        LossGradient(softmax: SoftmaxRow(z, row: o[0], column: o[1]), target: target(targets, o[0]), batch: z.shape[0])
    }
}

/// The batch loss L = (1/N) Σ_n L_n from its samples' terms.
public struct LossBatch: Sendable {
    public var samples: [LossSample]
    public init(_ samples: [LossSample]) { self.samples = samples }
    public var value: Double { samples.reduce(0.0) { $0 + $1.value } / Double(samples.count) }
    /// The samples' positions, largest L_n first, at most `count`.
    public func largest(_ count: Int) -> [Int] {
        Array(samples.indices.sorted { samples[$0].value > samples[$1].value || (samples[$0].value == samples[$1].value && $0 < $1) }.prefix(count))
    }
    /// Σ L_n over the samples at `indices`.
    public func total(of indices: some Sequence<Int>) -> Double { indices.reduce(0.0) { $0 + samples[$1].value } }
}
