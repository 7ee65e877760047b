import Tensors

/// The course's convolution sums, one element at a time, for `explain` (S stride, P padding):
///
///     y[n,m,i,j]  = Σ_k Σ_s Σ_t x[n,k,i·S+s−P,j·S+t−P]·W[m,k,s,t] + b[m]   (padding cells are 0)
///     dW[m,k,s,t] = Σ_n Σ_i Σ_j dA[n,m,i,j]·x[n,k,i·S+s−P,j·S+t−P]          (cells in the image)
///     db[m]       = Σ_n Σ_i Σ_j dA[n,m,i,j]
///     dx[n,k,r,c] = Σ_m Σ over windows (i,j) covering (r,c) of dA[n,m,i,j]·W[m,k,s,t]
///                   with s = r+P−i·S, t = c+P−j·S: the sum col2im adds up.
extension Conv2d: ExplainableWeights {
    public func explainOutput(_ x: Tensor, at o: [Int]) -> Explanation {
        let g = window.sliding(over: x), (kh, kw) = (window.kernelHeight, window.kernelWidth)
        var terms: [Term] = []
        for k in 0..<channels { for s in 0..<kh { for t in 0..<kw {
            let at = g.cell(window: o[2], o[3], row: s, column: t).map { [o[0], k, $0.row, $0.column] }
            terms.append(Term(factors: [x.factor(at), weight.factor([o[1], k, s, t])]))
        } } }
        return .sum(Sum(terms, constant: bias.factor([o[1]]), grid: (kh, kw)) { $0.factors[1].index![1] })
    }

    public func explainInputGradient(_ x: Tensor, output y: Tensor, dA: Tensor, at o: [Int]) -> Explanation {
        let g = window.sliding(over: x), covering = g.windows(covering: o[2], o[3])
        var terms: [Term] = []
        for m in 0..<filters {
            for w in covering {
                terms.append(Term(factors: [dA.factor([o[0], m, w.i, w.j]), weight.factor([m, o[1], w.s, w.t])]))
            }
        }
        return .sum(Sum(terms) { $0.factors[1].index![0] })
    }

    public func explainGradient(ofParameter parameter: Int, _ x: Tensor, dA: Tensor, at o: [Int]) -> Sum {
        let (batch, oh, ow) = (dA.shape[0], dA.shape[2], dA.shape[3])
        var terms: [Term] = []
        guard parameter == 0 else {
            for n in 0..<batch { for i in 0..<oh { for j in 0..<ow {
                terms.append(Term(factors: [dA.factor([n, o[0], i, j])]))
            } } }
            return Sum(terms) { $0.factors[0].index![0] }
        }
        let g = window.sliding(over: x)
        for n in 0..<batch { for i in 0..<oh { for j in 0..<ow {
            guard let cell = g.cell(window: i, j, row: o[2], column: o[3]) else { continue }
            terms.append(Term(factors: [dA.factor([n, o[0], i, j]), x.factor([n, o[1], cell.row, cell.column])]))
        } } }
        return Sum(terms) { $0.factors[0].index![0] }
    }
}
