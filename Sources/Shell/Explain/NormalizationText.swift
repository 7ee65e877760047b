import NN

/// explain's text for batch normalisation: the channel's statistics (the batch's, or the running
/// ones in evaluation), x̂ and y; for dx also dA and the channel's two sums.
enum NormalizationText {
    static func lines(_ n: Normalization, index: [Int]) -> [String] {
        let s = { (v: Double) in Format.significant(v, 6) }, c = n.channel
        var out = [n.running
                   ? tr("explain.norm.running", c, "running_mean = \(s(n.mean)), running_var = \(s(n.variance)), ε = \(s(n.epsilon))")
                   : tr("explain.norm.batch", c, "μ = \(s(n.mean)), σ² = \(s(n.variance))", "M = \(n.count)", "ε = \(s(n.epsilon))"),
                   "  γ[\(c)] = \(s(n.gamma)), β[\(c)] = \(s(n.beta))",
                   "  \(OtherText.name("x", n.x.index!)) = \(s(n.x.value))",
                   (n.running ? "  x̂ = (x − running_mean)/√(running_var + ε)\n    = (" : "  x̂ = (x − μ)/√(σ² + ε) = (") + "\(s(n.x.value)) − \(Format.operand(n.mean, 6)))/\(s(n.deviation)) = \(s(n.normalized))"]
        guard let g = n.gradient else {
            out.append("  = γ·x̂ + β = \(s(n.gamma))·\(Format.operand(n.normalized, 6)) + \(Format.operand(n.beta, 6)) = \(Format.significant(n.value, 7))")
            return out
        }
        out.append(tr("explain.norm.sums", "\(OtherText.name("dA", g.dA.index!)) = \(s(g.dA.value)), Σ dA = \(s(g.sumDA)), Σ dA·x̂ = \(s(g.sumDAxhat))", c))
        let m = n.count
        out.append("  = (\(s(n.gamma))/(\(m)·\(s(n.deviation))))·(\(m)·\(Format.operand(g.dA.value, 6)) − \(Format.operand(g.sumDA, 6)) − \(Format.operand(n.normalized, 6))·\(Format.operand(g.sumDAxhat, 6)))")
        out.append("  = \(Format.significant(n.value, 7))")
        return out
    }
}
