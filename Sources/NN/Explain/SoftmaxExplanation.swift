import Foundation
import Tensors

/// Softmax, one element at a time, for `explain`:
///
///     y[n,c] = e^(x_c − max x)/Σ_j e^(x_j − max x),  dx_c = y_c·(dA_c − Σ_j dA_j·y_j)
extension Softmax: Explainable {
    public func explainOutput(_ x: Tensor, at o: [Int]) -> Explanation { .softmax(SoftmaxRow(x, row: o[0], column: o[1])) }

    public func explainInputGradient(_ x: Tensor, output y: Tensor, dA: Tensor, at o: [Int]) -> Explanation {
        .softmax(SoftmaxRow(x, row: o[0], column: o[1], dA: dA))
    }
}

/// Softmax of one row of class scores x (N×C) at column `column`:
/// y_c = e^(x_c − max x) / Σ_j e^(x_j − max x). For its backward, dA is the row of the gradient at
/// the output and dx_c = y_c·(dA_c − Σ_j dA_j·y_j).
public struct SoftmaxRow: Sendable {
    public var row: Int
    public var column: Int
    public var scores: [Double]
    public var maximum: Double
    /// e^(x_j − max x), each j.
    public var exponentials: [Double]
    public var total: Double
    public var probabilities: [Double] { exponentials.map { $0 / total } }
    public var dA: [Double]?
    /// Σ_j dA_j·y_j, for the backward.
    public var dot: Double? {
        dA.map { zip($0, probabilities).reduce(0.0) { $0 + $1.0 * $1.1 } }
    }
    /// |value| and, for the backward, |y_c·Σ_j dA_j·y_j|: the size rounding errors are measured against.
    public var magnitude: Double { abs(value) + abs(probabilities[column] * (dot ?? 0)) }
    public var value: Double {
        let y = probabilities[column]
        return dA.map { y * ($0[column] - dot!) } ?? y
    }

    init(_ x: Tensor, row: Int, column: Int, dA: Tensor? = nil) {
        self.row = row
        self.column = column
        scores = (0..<x.shape[1]).map { Double(x[row, $0]) }
        let top = scores.max() ?? 0, e = scores.map { exp($0 - top) }
        maximum = top
        exponentials = e
        total = e.reduce(0, +)
        self.dA = dA.map { d in (0..<x.shape[1]).map { Double(d[row, $0]) } }
    }
}
