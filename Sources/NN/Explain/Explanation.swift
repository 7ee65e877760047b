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
    /// Batch normalisation of one value, or its input gradient.
    case normalization(Normalization)
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

extension Tensor {
    /// The value at a full index as a factor; a nil index (padding) gives 0.
    func factor(_ index: [Int]?) -> Factor {
        guard let index else { return Factor(0, at: nil) }
        guard let offset = offset(of: index) else { preconditionFailure("index \(index) outside \(shape)") }
        return Factor(Double(self[flat: offset]), at: index)
    }
}
