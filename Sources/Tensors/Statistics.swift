/// Summary statistics of a tensor's values, accumulated in Double so that 47 million pixels
/// still give the mean to seven digits.
public struct Statistics: Equatable, Sendable {
    public var count: Int
    public var min: Float
    public var max: Float
    public var mean: Double
    /// Population standard deviation (divides by N, as NumPy's default).
    public var std: Double
}

extension Tensor {
    public var statistics: Statistics {
        withUnsafeBufferPointer { p in
            guard !p.isEmpty else { return Statistics(count: 0, min: .nan, max: .nan, mean: .nan, std: .nan) }
            var lo = p[0], hi = p[0]
            var sum = 0.0
            for v in p {
                lo = Swift.min(lo, v)
                hi = Swift.max(hi, v)
                sum += Double(v)
            }
            let mean = sum / Double(p.count)
            var squares = 0.0
            for v in p {
                let d = Double(v) - mean
                squares += d * d
            }
            return Statistics(count: p.count, min: lo, max: hi, mean: mean, std: (squares / Double(p.count)).squareRoot())
        }
    }

    /// Largest absolute value; 0 for an empty tensor.
    public var maxAbs: Float { withUnsafeBufferPointer { $0.reduce(0) { Swift.max($0, abs($1)) } } }

    /// Euclidean norm of all values.
    public var norm: Double { withUnsafeBufferPointer { $0.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot() } }

    /// Index of the largest value in each row of a 2-D tensor (first one on ties).
    public func argmaxRows() -> [Int] {
        precondition(rank == 2, "argmaxRows needs a 2-D tensor, got \(shapeDescription)")
        let (rows, cols) = (shape[0], shape[1])
        return withUnsafeBufferPointer { p in
            (0..<rows).map { r in
                var best = 0
                for c in 1..<Swift.max(cols, 1) where p[r * cols + c] > p[r * cols + best] { best = c }
                return best
            }
        }
    }

    public var hasNonFinite: Bool { withUnsafeBufferPointer { !$0.isEmpty && !Kernels.allFinite($0.baseAddress!, count: $0.count) } }
}
