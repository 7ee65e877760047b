import NN

/// explain's text for the loss: the batch mean of −log y_t with each sample's term (the largest
/// first when there are many), one sample's −log y_t with its softmax, and the gradient (y − t)/N
/// a final softmax receives.
struct LossText {
    var samples: [LossSample]
    var logitsName: String
    var batch: Bool

    static let listed = 8

    func render() -> (lines: [String], value: Double, magnitude: Double) {
        batch ? mean() : one(samples[0])
    }

    private func mean() -> (lines: [String], value: Double, magnitude: Double) {
        let all = LossBatch(samples), n = samples.count
        var out = [tr("explain.loss.mean", logitsName, n),
                   "  " + ExplainFormulas.loss,
                   "  L = (1/\(n))·(" + (n <= 4 ? (0..<n).map { "L_\($0)" }.joined(separator: " + ") : "L_0 + L_1 + … + L_\(n - 1)") + ")"]
        let shown = n > Self.listed ? all.largest(Self.listed) : Array(0..<n)
        var rows = [["n", "t_n", "y[n,t_n]", "L_n = −log y"]]
        for i in shown {
            let s = samples[i]
            rows.append([String(s.softmax.row), String(s.target), Format.fixed(s.softmax.value, 4), Format.fixed(s.value, 4)])
        }
        if n > Self.listed { out.append(tr("explain.largest", Self.listed, n)) }
        out += Format.table(rows, rightAligned: [0, 1, 2, 3], indent: "    ").split(separator: "\n").map(String.init)
        if n > Self.listed {
            out.append(tr("explain.loss.rest", n - Self.listed, Format.significant(all.total(of: (0..<n).filter { !shown.contains($0) }), 6)))
        }
        out.append("  = \(Format.significant(all.total(of: 0..<n), 7))/\(n) = \(Format.significant(all.value, 7))")
        return (out, all.value, all.value)
    }

    private func one(_ s: LossSample) -> (lines: [String], value: Double, magnitude: Double) {
        var out = [tr("explain.loss.sample", "loss[\(s.softmax.row)]: −log y_t", s.softmax.row, "t = \(s.target)", "z = \(logitsName)"),
                   "  L_n = −log y[n,t], y[n,t] = e^(z[n,t] − max z[n]) / Σ_j e^(z[n,j] − max z[n])"]
        out += OtherText.softmaxTable(s.softmax, symbol: "z", mark: "t")
        let n = s.softmax.row, t = s.target
        if s.softmax.value >= 1e-300 {
            out.append("  L_\(n) = −log \(Format.significant(s.softmax.value, 6)) = \(Format.significant(s.value, 7))")
        } else {  // y_t rounds to 0: −log y_t is computed as backward does, without forming y_t
            out.append(tr("explain.loss.underflow", "y[\(n),\(t)]", "L_\(n) = log Σ_j e^(z[\(n),j] − max) − (z[\(n),\(t)] − max)"))
            out.append("  L_\(n) = log \(Format.significant(s.softmax.total, 6)) − \(Format.operand(s.shifted, 6)) = \(Format.significant(s.value, 7))")
        }
        return (out, s.softmax.value, s.softmax.value)
    }

    /// dx of a final softmax the loss folded in: (y_c − t_c)/N.
    static func gradient(_ g: LossGradient, at index: [Int]) -> (lines: [String], value: Double) {
        var out = OtherText.softmaxTable(g.softmax, also: g.target == g.softmax.column ? nil : g.target)
        let t = g.target == g.softmax.column ? 1 : 0
        out.append(tr("explain.loss.target", "t[\(index[0]),\(index[1])] = \(t)", g.target, "N = \(g.batch)"))
        out.append("  = (\(Format.significant(g.softmax.value)) − \(t))/\(g.batch) = \(Format.significant(g.value, 7))")
        return (out, g.value)
    }
}
