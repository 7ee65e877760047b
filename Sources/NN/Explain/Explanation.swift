import Foundation
import Tensors

/// One element of a layer's output or gradient traced back to the values it was made from, each
/// read from the stored tensors and recomputed in Double, apart from the layer's fast path: what
/// `explain` prints beside the course's formula. Indices are full, one per axis (NCHW).
public enum Explanation: Sendable {
    /// A Σ of products: convolution and fc outputs, every weight and input gradient, average pooling.
    case sum(Sum)
    /// The largest of a max-pooling window.
    case maximum(MaximumWindow)
    /// Routing of max pooling's backward: which windows cover the cell and which it won.
    case routing(MaxPoolRouting)
    /// An activation y = f(x), or its gradient dx = dA·f′(x).
    case pointwise(Pointwise)
    /// Softmax of a row, or its backward.
    case softmax(SoftmaxRow)
}

/// A factor read from a stored tensor: its value and its full index there. A padding cell outside
/// the image has no index and counts as 0.
public struct Factor: Sendable, Equatable {
    public var value: Double
    public var index: [Int]?

    public init(_ value: Double, at index: [Int]?) {
        self.value = value
        self.index = index
    }
}

/// One term of a Σ: the product of its factors (x·W, dA·x, or a single dA).
public struct Term: Sendable {
    public var factors: [Factor]
    public var value: Double { factors.reduce(1.0) { $0 * $1.value } }
}

/// `value = scale · (Σ terms + constant)`, the terms cut into groups (one per input channel of a
/// convolution, one per sample of a weight gradient) whose partial sums are kept.
public struct Sum: Sendable {
    public struct Group: Sendable {
        /// The index the group is labelled by (the channel k, the sample n).
        public var label: Int
        public var terms: Range<Int>
        public var value: Double
    }

    public var terms: [Term]
    /// The bias b added after the products, or nil.
    public var constant: Factor?
    /// 1, or 1/(KH·KW) for average pooling.
    public var scale: Double
    public var groups: [Group]
    /// Rows × columns when each group is a window laid out as a grid (KH×KW), else nil.
    public var grid: (rows: Int, columns: Int)?
    public var value: Double

    /// Groups consecutive terms with the same `label`.
    init(_ terms: [Term], constant: Factor? = nil, scale: Double = 1, grid: (rows: Int, columns: Int)? = nil,
         label: (Term) -> Int = { _ in 0 }) {
        self.terms = terms
        self.constant = constant
        self.scale = scale
        self.grid = grid
        var groups: [Group] = []
        for (i, term) in terms.enumerated() {
            let key = label(term)
            if let last = groups.last, last.label == key, last.terms.upperBound == i {
                groups[groups.count - 1].terms = last.terms.lowerBound..<i + 1
                groups[groups.count - 1].value += term.value
            } else {
                groups.append(Group(label: key, terms: i..<i + 1, value: term.value))
            }
        }
        self.groups = groups
        value = scale * (groups.reduce(0.0) { $0 + $1.value } + (constant?.value ?? 0))
    }

    /// scale · (Σ |terms| + |constant|): the size rounding errors are measured against.
    public var magnitude: Double { abs(scale) * (terms.reduce(0.0) { $0 + abs($1.value) } + abs(constant?.value ?? 0)) }

    /// Σ of the terms at `indices`: what the terms not printed add up to.
    public func total(of indices: some Sequence<Int>) -> Double { indices.reduce(0.0) { $0 + terms[$1].value } }

    /// The terms' indices, largest |value| first (ties in order), at most `count` of them.
    public func largest(_ count: Int) -> [Int] {
        Array(terms.indices.sorted { abs(terms[$0].value) > abs(terms[$1].value) || (abs(terms[$0].value) == abs(terms[$1].value) && $0 < $1) }.prefix(count))
    }
}

/// A max-pooling window's cells (row-major, KH×KW; padding cells have no index and never win) and
/// the one that won: the first holding the largest value, the cell backward routes dA to.
public struct MaximumWindow: Sendable {
    public var cells: [Factor]
    public var columns: Int
    public var winner: Int
    public var value: Double { cells[winner].value }
}

/// dx at one input cell of max pooling: every window covering it, with the cell that won each;
/// dx = Σ dA over the windows this cell won (0 if it won none).
public struct MaxPoolRouting: Sendable {
    public struct Covering: Sendable {
        /// The output index [n, c, i, j] of the window.
        public var output: [Int]
        /// The input index of the cell that won the window.
        public var winner: [Int]
        public var dA: Double
        public var won: Bool
    }
    public var windows: [Covering]
    public var value: Double { windows.filter(\.won).reduce(0.0) { $0 + $1.dA } }
    /// Σ |dA| over the covering windows: the size rounding errors are measured against.
    public var magnitude: Double { windows.reduce(0.0) { $0 + abs($1.dA) } }
}

/// y = f(x) for one value, and for a gradient dx = dA·f′(x) with f′ from y.
public struct Pointwise: Sendable {
    public var x: Factor
    public var y: Double
    /// The gradient at the output and f′(x), for dx; nil for the output.
    public var dA: Factor?
    public var slope: Double?
    public var value: Double { dA.map { $0.value * slope! } ?? y }
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

extension Tensor {
    /// The value at a full index as a factor; a nil index (padding) gives 0.
    func factor(_ index: [Int]?) -> Factor {
        guard let index else { return Factor(0, at: nil) }
        guard let offset = offset(of: index) else { preconditionFailure("index \(index) outside \(shape)") }
        return Factor(Double(self[flat: offset]), at: index)
    }
}
