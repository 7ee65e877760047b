import NN

/// explain's text for what is not a plain Σ: a max-pooling window and its backward routing, an
/// activation, a softmax row.
enum OtherText {
    static func name(_ symbol: String, _ index: [Int]) -> String { "\(symbol)[\(index.map(String.init).joined(separator: ","))]" }

    /// The window with the winner in brackets, its value and where backward sends dA.
    static func maximum(_ m: MaximumWindow, index: [Int]) -> [String] {
        let whole = m.cells.allSatisfy { $0.value == $0.value.rounded() && abs($0.value) < 1e6 }
        let cells = m.cells.enumerated().map { i, c in
            let v = c.index == nil ? "pad" : whole ? String(Int(c.value)) : Format.fixed(c.value, 4)
            return i == m.winner ? "[\(v)]" : " \(v) "
        }
        let width = cells.map(\.count).max()!
        var out = stride(from: 0, to: cells.count, by: m.columns).map { start in
            String(("    " + cells[start..<start + m.columns].map { String(repeating: " ", count: width - $0.count) + $0 }.joined(separator: " "))
                .reversed().drop { $0 == " " }.reversed())
        }
        let at = m.cells[m.winner].index!
        out.append(tr("explain.max.routing", name("dA", index), m.cells.count - 1))
        out.append(tr("explain.max.largest", "= \(Format.significant(m.value, 7))", name("x", at)))
        return out
    }

    /// Each window covering the cell, who won it, and the dA the cell collects.
    static func routing(_ r: MaxPoolRouting, index: [Int]) -> [String] {
        var out = [tr(plural: "explain.routing.windows", r.windows.count, r.windows.count, name("x", index))]
        for w in r.windows.prefix(12) {
            let winner = w.won ? tr("explain.routing.this", "+ \(name("dA", w.output)) = \(Format.significant(w.dA))") : tr("explain.routing.other")
            out.append(tr("explain.routing.window", name("y", w.output), name("x", w.winner), winner))
        }
        if r.windows.count > 12 { out.append(tr("explain.routing.more", r.windows.count - 12)) }
        let won = r.windows.filter(\.won).count
        out.append(won == 0 ? tr("explain.routing.none")
                            : tr(plural: "explain.routing.won", r.windows.count, "= \(Format.significant(r.value, 7))", won, r.windows.count))
        return out
    }

    static func pointwise(_ p: Pointwise, kind: String) -> [String] {
        let x = "\(name("x", p.x.index!)) = \(Format.significant(p.x.value, 6))"
        guard let dA = p.dA, let slope = p.slope else {
            let f = ExplainFormulas.function(kind, of: Format.significant(p.x.value, 6))
            return ["  \(x)", "  = \(f) = \(Format.significant(p.y, 7))"]
        }
        return ["  \(x), y = \(ExplainFormulas.function(kind)) = \(Format.significant(p.y, 6))",
                "  f′(x) = \(Format.significant(slope, 6))   (\(ExplainFormulas.slope(kind)))",
                "  \(name("dA", dA.index!)) = \(Format.significant(dA.value, 6))",
                "  = \(Format.significant(dA.value))·\(Format.significant(slope)) = \(Format.significant(p.value, 7))"]
    }

    /// The row's scores, e^(x − max) and probabilities (and dA), the explained column marked.
    static func softmaxTable(_ s: SoftmaxRow, symbol: String = "x", mark: String = "c", also: Int? = nil) -> [String] {
        var rows = [["j", "\(symbol)[\(s.row),j]", "e^(\(symbol)−max)", "y[\(s.row),j]"] + (s.dA == nil ? [] : ["dA[\(s.row),j]"])]
        let y = s.probabilities
        for j in s.scores.indices where s.scores.count <= 16 || j == s.column || j == also || s.scores[j] == s.maximum {
            var row = [String(j), Format.fixed(s.scores[j], 4), Format.fixed(s.exponentials[j], 4), Format.fixed(y[j], 4)]
            if let d = s.dA { row.append(Format.significant(d[j])) }
            rows.append(row + [j == s.column ? "← \(mark)" : j == also ? "← t" : ""])
        }
        var out = Format.table(rows, rightAligned: Set(0..<5), indent: "    ").split(separator: "\n").map(String.init)
        out.append("  max \(symbol)[\(s.row)] = \(Format.significant(s.maximum, 6)), Σ_j e^(\(symbol)[\(s.row),j] − max) = \(Format.significant(s.total, 6))")
        out.append("  y[\(s.row),\(s.column)] = \(Format.significant(s.exponentials[s.column], 6))/\(Format.significant(s.total, 6)) = \(Format.significant(y[s.column], 7))")
        return out
    }

    static func softmax(_ s: SoftmaxRow) -> [String] {
        var out = softmaxTable(s)
        if let d = s.dA, let dot = s.dot {
            out.removeLast()
            out.append("  Σ_j dA[\(s.row),j]·y[\(s.row),j] = \(Format.significant(dot, 6))")
            out.append("  = \(Format.significant(s.probabilities[s.column]))·(\(Format.significant(d[s.column])) − \(Format.operand(dot))) = \(Format.significant(s.value, 7))")
        }
        return out
    }
}
