import Tensors

/// Conv1d and MaxPool1d explained as the 2-D layers they run, over the sequence as a one-row image:
/// the 2-D trace of element [n,m,0,i] (W's [m,k,0,t]), with the row axis, always 0, then taken out
/// of every index it names, so x[n,k,0,t] reads x[n,k,t]. The sums are the 1-D ones:
///
///     y[n,m,i]  = Σ_k Σ_t x[n,k,i·S+t−P]·W[m,k,t] + b[m]
///     dW[m,k,t] = Σ_n Σ_i dA[n,m,i]·x[n,k,i·S+t−P],   db[m] = Σ_n Σ_i dA[n,m,i]
///     dx[n,k,r] = Σ_m Σ over windows i covering r of dA[n,m,i]·W[m,k,r+P−i·S]
///     max:  y[n,c,i] = max_t x[n,c,i·S+t−P],   dx[n,c,r] = Σ dA[n,c,i] over the windows r won
extension Conv1d: ExplainableWeights {
    public func explainOutput(_ x: Tensor, at o: [Int]) -> Explanation {
        asConv2d.explainOutput(x.insertingRowAxis, at: o.insertingRowAxis).removingRowAxis
    }

    public func explainInputGradient(_ x: Tensor, output y: Tensor, dA: Tensor, at o: [Int]) -> Explanation {
        asConv2d.explainInputGradient(x.insertingRowAxis, output: y.insertingRowAxis, dA: dA.insertingRowAxis, at: o.insertingRowAxis).removingRowAxis
    }

    public func explainGradient(ofParameter parameter: Int, _ x: Tensor, dA: Tensor, at o: [Int]) -> Sum {
        // dW[m,k,t] is the 2-D dW[m,k,0,t]; db[m] has no row axis.
        asConv2d.explainGradient(ofParameter: parameter, x.insertingRowAxis, dA: dA.insertingRowAxis,
                                 at: parameter == 0 ? o.insertingRowAxis : o).removingRowAxis
    }
}

extension MaxPool1d: Explainable {
    public func explainOutput(_ x: Tensor, at o: [Int]) -> Explanation {
        planar.explainOutput(x.insertingRowAxis, at: o.insertingRowAxis).removingRowAxis
    }

    public func explainInputGradient(_ x: Tensor, output y: Tensor, dA: Tensor, at o: [Int]) -> Explanation {
        planar.explainInputGradient(x.insertingRowAxis, output: y.insertingRowAxis, dA: dA.insertingRowAxis, at: o.insertingRowAxis).removingRowAxis
    }
}

extension [Int] {
    /// [n, c, i] → [n, c, 0, i]: an index of a sequence as one of its one-row image.
    var insertingRowAxis: [Int] { Array(prefix(2)) + [0] + dropFirst(2) }
    /// [n, c, 0, i] → [n, c, i]; shorter indices (a bias's [m]) have no row axis and stay.
    var removingRowAxis: [Int] { count == 4 ? Array(prefix(2)) + dropFirst(3) : self }
}

extension Explanation {
    /// The same trace with the row axis taken out of every index.
    var removingRowAxis: Explanation {
        switch self {
        case .sum(let s): return .sum(s.removingRowAxis)
        case .maximum(var m):
            m.cells = m.cells.map(\.removingRowAxis)
            return .maximum(m)
        case .routing(var r):
            r.windows = r.windows.map { w in
                var w = w
                (w.output, w.winner) = (w.output.removingRowAxis, w.winner.removingRowAxis)
                return w
            }
            return .routing(r)
        case .pointwise, .softmax, .normalization: return self  // no conv1d or maxpool1d explains as these
        }
    }
}

extension Sum {
    var removingRowAxis: Sum {
        var s = self
        s.terms = terms.map { Term(factors: $0.factors.map(\.removingRowAxis)) }
        s.constant = constant?.removingRowAxis
        return s
    }
}

extension Factor {
    var removingRowAxis: Factor { Factor(value, at: index?.removingRowAxis) }
}
