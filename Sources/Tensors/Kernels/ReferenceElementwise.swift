/// Twins of the element-wise, softmax and optimizer kernels, in Double, straight from the formulas.
extension ReferenceKernels {
    public static func relu(_ x: [Float]) -> [Float] { x.map { $0 > 0 ? $0 : 0 } }
    public static func reluBackward(_ dy: [Float], output y: [Float]) -> [Float] { zip(dy, y).map { $1 > 0 ? $0 : 0 } }
    public static func tanh(_ x: [Float]) -> [Float] { x.map { Float(hyperbolicTangent(Double($0))) } }
    public static func tanhBackward(_ dy: [Float], output y: [Float]) -> [Float] { zip(dy, y).map { Float(Double($0) * (1 - Double($1) * Double($1))) } }
    public static func sigmoid(_ x: [Float]) -> [Float] { x.map { Float(1 / (1 + exponential(-Double($0)))) } }
    public static func sigmoidBackward(_ dy: [Float], output y: [Float]) -> [Float] { zip(dy, y).map { Float(Double($0) * Double($1) * (1 - Double($1))) } }

    /// Σ values, in Double.
    public static func sum(_ x: [Float]) -> Double { x.reduce(0.0) { $0 + Double($1) } }
    /// y[r, c] + b[c].
    public static func addRow(_ b: [Float], toRows y: [Float]) -> [Float] { y.indices.map { y[$0] + b[$0 % b.count] } }
    /// Σ_r dy[r, c].
    public static func columnSums(_ dy: [Float], columns: Int) -> [Float] {
        (0..<columns).map { c in Float(stride(from: c, to: dy.count, by: columns).reduce(0.0) { $0 + Double(dy[$1]) }) }
    }
    /// y[f, p] + b[f] for planes of `positions` values.
    public static func addChannel(_ b: [Float], to y: [Float], positions: Int) -> [Float] { y.indices.map { y[$0] + b[$0 / positions] } }
    /// Σ_p dy[f, p].
    public static func channelSums(_ dy: [Float], positions: Int) -> [Float] {
        stride(from: 0, to: dy.count, by: positions).map { Float(sum(Array(dy[$0..<$0 + positions]))) }
    }
    /// aᵀ for a rows×columns.
    public static func transpose(_ a: [Float], rows: Int, columns: Int) -> [Float] { (0..<rows * columns).map { a[($0 % rows) * columns + $0 / rows] } }
    public static func weightedSum(_ parts: [[Float]], weights: [Float]) -> [Float] {
        parts[0].indices.map { i in Float(zip(parts, weights).reduce(0.0) { $0 + Double($1.1) * Double($1.0[i]) }) }
    }
    public static func allFinite(_ x: [Float]) -> Bool { x.allSatisfy(\.isFinite) }

    /// y_j = e^(x_j) / Σ_k e^(x_k) per row (shifting by the maximum changes nothing in exact arithmetic).
    public static func softmax(_ x: [Float], columns: Int) -> [Float] {
        stride(from: 0, to: x.count, by: columns).flatMap { start -> [Float] in
            let row = x[start..<start + columns].map(Double.init), top = row.max()!
            let e = row.map { exponential($0 - top) }, total = e.reduce(0, +)
            return e.map { Float($0 / total) }
        }
    }
    /// dx_i = Σ_j dy_j·∂y_j/∂x_i with ∂y_j/∂x_i = y_j(δ_ij − y_i): the Jacobian written out.
    public static func softmaxBackward(_ dy: [Float], output y: [Float], columns: Int) -> [Float] {
        dy.indices.map { index in
            let (start, i) = (index - index % columns, index % columns)
            return Float((0..<columns).reduce(0.0) { acc, j in
                acc + Double(dy[start + j]) * Double(y[start + j]) * ((i == j ? 1 : 0) - Double(y[start + i]))
            })
        }
    }
    /// −(1/N) Σ t·log softmax(z), the logarithm taken of the probability itself.
    public static func crossEntropy(logits z: [Float], targets t: [Float], columns: Int) -> Double {
        let y = softmax(z, columns: columns), rows = z.count / columns
        return -zip(y, t).reduce(0.0) { $0 + ($1.1 == 0 ? 0 : Double($1.1) * logarithm(Double($1.0))) } / Double(rows)
    }

    /// Row r is 1 at column indices[r] and 0 elsewhere.
    public static func oneHot(_ indices: [Float], columns: Int) -> [Float] {
        (0..<indices.count * columns).map { $0 % columns == Int(indices[$0 / columns]) ? 1 : 0 }
    }
    /// ∂L/∂z = (softmax(z) − t)/N for the mean cross-entropy, from the logits.
    public static func crossEntropyGradient(logits z: [Float], targets t: [Float], columns: Int) -> [Float] {
        let y = softmax(z, columns: columns), rows = Double(z.count / columns)
        return zip(y, t).map { Float((Double($0) - Double($1)) / rows) }
    }

    public static func sgdStep(_ w: [Float], _ g: [Float], lr: Float) -> [Float] { zip(w, g).map { Float(Double($0) - Double(lr) * Double($1)) } }
    /// (w, v) after v ← μv − lr·g; w ← w + v.
    public static func momentumStep(_ w: [Float], _ g: [Float], _ v: [Float], lr: Float, momentum: Float) -> ([Float], [Float]) {
        let v2 = w.indices.map { Double(momentum) * Double(v[$0]) - Double(lr) * Double(g[$0]) }
        return (w.indices.map { Float(Double(w[$0]) + v2[$0]) }, v2.map { Float($0) })
    }
    /// (w, h) after h ← ρh + (1 − ρ)g² (ρ = 1 for AdaGrad's h ← h + g²); w ← w − lr·g/(√h + 1e-7).
    public static func squaresStep(_ w: [Float], _ g: [Float], _ h: [Float], lr: Float, decay rho: Float?) -> ([Float], [Float]) {
        let h2 = w.indices.map { i in rho.map { Double($0) * Double(h[i]) + (1 - Double($0)) * Double(g[i]) * Double(g[i]) } ?? Double(h[i]) + Double(g[i]) * Double(g[i]) }
        return (w.indices.map { Float(Double(w[$0]) - Double(lr) * Double(g[$0]) / (h2[$0].squareRoot() + 1e-7)) }, h2.map { Float($0) })
    }
    /// (w, m, v) after step t of m ← β1m + (1 − β1)g; v ← β2v + (1 − β2)g²; w ← w − lr·m̂/(√v̂ + ε),
    /// m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t).
    public static func adamStep(_ w: [Float], _ g: [Float], _ m: [Float], _ v: [Float], lr: Float, beta1: Float, beta2: Float, epsilon: Float, step t: Int) -> ([Float], [Float], [Float]) {
        let (b1, b2) = (Double(beta1), Double(beta2))
        let (c1, c2) = (1 - (0..<t).reduce(1.0) { p, _ in p * b1 }, 1 - (0..<t).reduce(1.0) { p, _ in p * b2 })
        let m2 = w.indices.map { b1 * Double(m[$0]) + (1 - b1) * Double(g[$0]) }
        let v2 = w.indices.map { b2 * Double(v[$0]) + (1 - b2) * Double(g[$0]) * Double(g[$0]) }
        let w2 = w.indices.map { i in
            let (mHat, vHat) = (m2[i] / c1, v2[i] / c2)
            return Float(Double(w[i]) - Double(lr) * mHat / (vHat.squareRoot() + Double(epsilon)))
        }
        return (w2, m2.map { Float($0) }, v2.map { Float($0) })
    }
}
