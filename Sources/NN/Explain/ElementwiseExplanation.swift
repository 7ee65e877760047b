import Foundation
import Tensors

/// Activations and flatten, one element at a time, for `explain`:
///
///     y = f(x), dx = dA·f′(x)            (f′ recomputed from x in Double)
///     flatten: y[n, (c·H + h)·W + w] = x[n,c,h,w], and dx the other way round
extension Activation: Explainable {
    public func explainOutput(_ x: Tensor, at o: [Int]) -> Explanation {
        let input = x.factor(o)
        return .pointwise(Pointwise(x: input, y: F.value(input.value)))
    }

    public func explainInputGradient(_ x: Tensor, output y: Tensor, dA: Tensor, at o: [Int]) -> Explanation {
        let input = x.factor(o)
        return .pointwise(Pointwise(x: input, y: F.value(input.value), dA: dA.factor(o), slope: F.slope(input.value)))
    }
}

extension Flatten: Explainable {
    /// The one input element output [n, f] copies: f unflattened over x's C×H×W.
    public func explainOutput(_ x: Tensor, at o: [Int]) -> Explanation {
        var index: [Int] = [], rest = o[1]
        for size in x.shape.dropFirst().reversed() { index.insert(rest % size, at: 0); rest /= size }
        return .sum(Sum([Term(factors: [x.factor([o[0]] + index)])]))
    }

    public func explainInputGradient(_ x: Tensor, output y: Tensor, dA: Tensor, at o: [Int]) -> Explanation {
        let flat = o.dropFirst().enumerated().reduce(0) { $0 * x.shape[$1.offset + 1] + $1.element }
        return .sum(Sum([Term(factors: [dA.factor([o[0], flat])])]))
    }
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
