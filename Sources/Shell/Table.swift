/// Tables that fit the terminal instead of wrapping into garbage on a narrow window (a projector
/// font, a split screen).
extension Format {
    /// Columns padded to their widest cell (in display columns: a Japanese heading takes two a
    /// character), two spaces apart; `rightAligned` columns are numbers.
    /// A table wider than `width` is fitted, losing as little as it can, rather than left to wrap:
    /// first one space between columns; then formulas shortened to their results
    /// (`6·1·5·5 + 6 = 156` → `156`); then the columns split into bands, one below the other, each
    /// repeating the first column, so that no number is lost. Only a column too wide on its own
    /// beside the first (long text) is cut, with `…`.
    static func table(_ rows: [[String]], rightAligned: Set<Int> = [], indent: String = "", width: Int = .max) -> String {
        guard !rows.isEmpty else { return "" }
        let room = width - indent.displayWidth
        if lineWidth(rows, gap: 2) <= room { return render(rows, rightAligned: rightAligned, indent: indent, gap: 2) }
        if lineWidth(rows, gap: 1) <= room { return render(rows, rightAligned: rightAligned, indent: indent, gap: 1) }
        let rows = rows.map { $0.map(result) }
        let banded = bands(rows, width: room).map { band in
            var cells = rows.map { row in band.compactMap { $0 < row.count ? row[$0] : nil } }
            let aligned = Set(band.indices.filter { rightAligned.contains(band[$0]) })
            let excess = lineWidth(cells, gap: 2) - room
            if excess > 0 { cells = cut(cells, columns: band.indices.filter { $0 > 0 && !aligned.contains($0) }, by: excess) }
            return render(cells, rightAligned: aligned, indent: indent, gap: 2)
        }.joined(separator: "\n")
        // Below about 40 columns even a band of two columns can be too wide: its lines are cut.
        return banded.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            .map { String($0).cut(toWidth: width) + "\n" }.joined()
    }

    /// The narrowest a cut column becomes.
    static let minimumCut = 8

    private static func columnWidths(_ rows: [[String]]) -> [Int] {
        var widths = [Int](repeating: 0, count: rows.map(\.count).max() ?? 0)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.displayWidth) } }
        return widths
    }

    private static func lineWidth(_ rows: [[String]], gap: Int) -> Int {
        let widths = columnWidths(rows)
        return widths.reduce(0, +) + gap * max(widths.count - 1, 0)
    }

    /// `a·b + c = 156` → `156`; other cells as they are.
    private static func result(_ cell: String) -> String {
        guard let equals = cell.range(of: " = ", options: .backwards) else { return cell }
        return String(cell[equals.upperBound...])
    }

    /// Cuts the widest of `columns` one display column at a time until the table is `excess` narrower.
    private static func cut(_ rows: [[String]], columns: [Int], by excess: Int) -> [[String]] {
        var widths = columnWidths(rows), limit = widths
        for _ in 0..<excess {
            guard let widest = columns.max(by: { limit[$0] < limit[$1] }), limit[widest] > minimumCut else { break }
            limit[widest] -= 1
        }
        widths = limit
        return rows.map { row in
            row.enumerated().map { i, cell in cell.cut(toWidth: widths[i]) }
        }
    }

    /// The column indices of each band: column 0, then as many of the others as fit in `width`.
    private static func bands(_ rows: [[String]], width: Int) -> [[Int]] {
        let widths = columnWidths(rows)
        var bands: [[Int]] = [], band = [0], used = widths[0]
        for i in widths.indices.dropFirst() {
            if band.count > 1 && used + 2 + widths[i] > width {
                bands.append(band)
                (band, used) = ([0], widths[0])
            }
            band.append(i)
            used += 2 + widths[i]
        }
        return bands + [band]
    }

    private static func render(_ rows: [[String]], rightAligned: Set<Int>, indent: String, gap: Int) -> String {
        let widths = columnWidths(rows)
        return rows.map { row in
            var line = indent
            for (i, cell) in row.enumerated() {
                let last = i == row.count - 1
                line += rightAligned.contains(i) ? cell.leftPadded(toWidth: widths[i]) : last ? cell : cell.padded(toWidth: widths[i])
                if !last { line += String(repeating: " ", count: gap) }
            }
            return Format.trailingSpacesRemoved(line)
        }.joined(separator: "\n") + "\n"
    }
}
