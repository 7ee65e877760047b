import Tensors

/// The fully connected layer's sums, one element at a time, for `explain`:
///
///     y[n,j]  = Σ_i x[n,i]·W[i,j] + b[j]        dx[n,i] = Σ_j dA[n,j]·W[i,j]
///     dW[i,j] = Σ_n x[n,i]·dA[n,j]              db[j]   = Σ_n dA[n,j]
extension Linear: ExplainableWeights {
    public func explainOutput(_ x: Tensor, at o: [Int]) -> Explanation {
        let terms = (0..<inputs).map { Term(factors: [x.factor([o[0], $0]), weight.factor([$0, o[1]])]) }
        return .sum(Sum(terms, constant: bias.factor([o[1]])))
    }

    public func explainInputGradient(_ x: Tensor, output y: Tensor, dA: Tensor, at o: [Int]) -> Explanation {
        .sum(Sum((0..<outputs).map { Term(factors: [dA.factor([o[0], $0]), weight.factor([o[1], $0])]) }))
    }

    public func explainGradient(ofParameter parameter: Int, _ x: Tensor, dA: Tensor, at o: [Int]) -> Sum {
        let rows = 0..<dA.shape[0]
        if parameter == 1 { return Sum(rows.map { Term(factors: [dA.factor([$0, o[0]])]) }) { $0.factors[0].index![0] } }
        return Sum(rows.map { Term(factors: [x.factor([$0, o[0]]), dA.factor([$0, o[1]])]) }) { $0.factors[0].index![0] }
    }
}
