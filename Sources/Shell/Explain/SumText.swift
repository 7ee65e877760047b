import NN

/// A `Sum` as explain prints it: each window as a small grid (the input patch beside the filter
/// slice, then their element-wise products) when few enough fit on a screen, else the per-group
/// sums and the largest terms first, always with the count of terms, the bias, the scale and the
/// total. Renders only: the arithmetic is the NN side's.
struct SumText {
    var sum: Sum
    /// What each factor of a term is called (`["x", "W"]`), the constant (`b`) and the groups (`k`).
    var symbols: [String]
    var constant = "b"
    var group = ""

    /// Terms listed one per line: all up to `all`, else the `listed` largest.
    static let listed = 8
    static let all = 12
    /// Lines the grids may take before the list is used instead.
    static let gridLines = 24
    static let columns = 80

    var lines: [String] {
        var out: [String] = []
        let drawn = sum.grid.map { grid in sum.groups.flatMap { self.grids($0, grid.rows, grid.columns) } } ?? []
        if sum.grid != nil, Self.fits(drawn) {
            out += drawn
        } else {
            out += groupSums
            // The window that adds the most, as a grid if it fits, before the largest single terms.
            if let grid = sum.grid, let top = sum.groups.max(by: { abs($0.value) < abs($1.value) }) {
                let one = grids(top, grid.rows, grid.columns, note: tr("explain.sum.most"))
                if Self.fits(one) { out += one }
            }
            out += termList
        }
        if let c = sum.constant { out.append("  + \(name(constant, c)) = \(Format.significant(c.value))") }
        if sum.scale != 1 { out.append("  × 1/\(Format.significant(1 / sum.scale))") }
        let terms = tr(plural: "explain.sum.terms", sum.terms.count, Format.grouped(sum.terms.count))
        out.append(tr("explain.aside", "= \(Format.significant(sum.value, 7))", sum.constant == nil ? terms : tr("explain.sum.bias", terms)))
        return out
    }

    /// Whether grids fit on a screen: few enough lines, each within 80 columns.
    static func fits(_ lines: [String]) -> Bool { lines.count <= gridLines && lines.allSatisfy { $0.displayWidth <= columns } }

    /// `x[0,0,3,4]`, or `0 (pad)` for a padding cell.
    func name(_ symbol: String, _ f: Factor) -> String {
        f.index.map { "\(symbol)[\($0.map(String.init).joined(separator: ","))]" } ?? "pad"  // a symbol, like the grids' cells
    }

    /// One window: `k = 0: x[0,0,10:15,12:17] │ W[2,0]`, the two grids, their products and sum.
    private func grids(_ g: Sum.Group, _ rows: Int, _ columns: Int, note: String = "") -> [String] {
        let terms = Array(sum.terms[g.terms])
        let blocks = terms[0].factors.indices.map { f in terms.map { $0.factors[f].value } }
        let heads = terms[0].factors.indices.map { f in Self.span(symbols[f], terms.map { $0.factors[f] }) }
        var out = ["  " + (sum.groups.count > 1 || !group.isEmpty ? "\(group) = \(g.label)\(note): " : "") + heads.joined(separator: " │ ")]
        let padded = terms.contains { $0.factors.contains { $0.index == nil } }
        let drawn = blocks.map { Self.grid($0, columns: columns, digits: 3) }
        for r in 0..<rows { out.append("    " + drawn.map { $0[r] }.joined(separator: " │ ")) }
        if blocks.count > 1 {
            out.append(tr("explain.sum.products", "Σ = \(Format.significant(g.value, 6))"))
            for line in Self.grid(terms.map(\.value), columns: columns, digits: 4) { out.append("    " + line) }
        } else {
            out.append("  Σ = \(Format.significant(g.value, 6))")
        }
        if padded { out.append(tr("explain.sum.padding")) }
        return out
    }

    /// `x[0,0,10:15,12:17]`: the range the window's indexed factors span.
    static func span(_ symbol: String, _ factors: [Factor]) -> String {
        let indices = factors.compactMap(\.index)
        guard let first = indices.first else { return tr("explain.sum.all-padding", symbol) }
        return symbol + "[" + first.indices.map { axis in
            let values = indices.map { $0[axis] }, (lo, hi) = (values.min()!, values.max()!)
            return lo == hi ? "\(lo)" : "\(lo):\(hi + 1)"
        }.joined(separator: ",") + "]"
    }

    /// Values laid out `columns` to a row, right-aligned; whole numbers without decimals.
    static func grid(_ values: [Double], columns: Int, digits: Int) -> [String] {
        let whole = values.allSatisfy { $0 == $0.rounded() && abs($0) < 1e6 }
        let cells = values.map { whole ? String(Int($0)) : Format.fixed($0 == 0 ? 0 : $0, digits) }
        let width = cells.map(\.count).max() ?? 0
        return stride(from: 0, to: cells.count, by: columns).map { start in
            cells[start..<min(start + columns, cells.count)].map { String(repeating: " ", count: width - $0.count) + $0 }.joined(separator: " ")
        }
    }

    /// `Σ per n:  n=0 0.1234  n=1 -0.0456 ...`, wrapped within 80 columns, three lines at most.
    private var groupSums: [String] {
        guard sum.groups.count > 1, sum.groups.count < sum.terms.count else { return [] }
        var out: [String] = [], line = tr("explain.sum.per", group)
        for (i, g) in sum.groups.enumerated() {
            let cell = "  \(group)=\(g.label) \(Format.significant(g.value))"
            if line.displayWidth + cell.displayWidth > (out.count == 2 ? 66 : 78) {  // the third line leaves room for "… (N more)"
                if out.count == 2 { line += tr("explain.sum.more", sum.groups.count - i); break }
                out.append(line)
                line = "  "
            }
            line += cell
        }
        return out + [line]
    }

    /// Every term when there are few, else the largest and what the rest add up to.
    private var termList: [String] {
        let shown = sum.largest(Self.listed)
        let few = sum.terms.count <= Self.all
        var out = few ? [] : [tr("explain.largest", Self.listed, Format.grouped(sum.terms.count))]
        for i in (few ? Array(sum.terms.indices) : shown) {
            let f = sum.terms[i].factors
            let names = zip(symbols, f).map { name($0, $1) }.joined(separator: "·")
            let values = f.map { v in f.count > 1 ? Format.operand(v.value) : Format.significant(v.value) }
            out.append("    \(names) = " + (f.count > 1 ? values.joined(separator: "·") + " = " + Format.significant(sum.terms[i].value) : values[0]))
        }
        if !few {
            let rest = sum.total(of: sum.terms.indices.filter { !shown.contains($0) })
            out.append(tr("explain.sum.rest", Format.grouped(sum.terms.count - Self.listed), Format.significant(rest)))
        }
        return out
    }
}
