/// The chart in text: a y axis with tick labels, the series drawn with one marker each (joined by
/// interpolation between points), markers as dotted verticals, an x axis with a tick at whole
/// numbers, the markers' labels and a legend. Colour tints the markers and draws the axes with
/// box-drawing characters; plain style is ASCII, the same shape. No line is wider than `columns`.
extension Chart {
    func render(color: Bool, columns: Int) -> String {
        guard let frame else { return tr("tables.chart.empty") + "\n" }
        let labelled = (0..<height).filter { $0 % 3 == 0 || $0 == height - 1 }
        let labels = (0..<height).map { labelled.contains($0) ? label(frame.yHi - (frame.yHi - frame.yLo) * Double($0) / Double(max(height - 1, 1))) : "" }
        let margin = labels.map(\.displayWidth).max()! + 2  // labels, a space and the axis
        let width = max(columns - margin, 8)
        let indent = String(repeating: " ", count: margin)
        func column(_ x: Double) -> Int {
            frame.xHi == frame.xLo ? 0 : min(max(Int(((x - frame.xLo) / (frame.xHi - frame.xLo) * Double(width - 1)).rounded()), 0), width - 1)
        }
        func row(_ y: Double) -> Int {
            let r = ((frame.yHi - y) / (frame.yHi - frame.yLo) * Double(height - 1)).rounded()
            return r.isFinite ? min(max(Int(r), 0), height - 1) : 0  // clipped to the frame
        }
        let (tick, rule, corner, dash, between, upright, xTick) = color ? ("┤", "│", "└", "─", "·", "┆", "┬") : ("+", "|", "+", "-", "-", ":", "+")
        var grid = [[String]](repeating: [String](repeating: " ", count: width), count: height)
        var tint = [[String?]](repeating: [String?](repeating: nil, count: width), count: height)
        for m in markers {
            for r in 0..<height { (grid[r][column(m.x)], tint[r][column(m.x)]) = (upright, "2") }
        }
        for s in drawable {
            var previous: (Int, Double)?
            // A series that does not set the range: its points outside the frame left out (see Series).
            for p in s.points where s.setsRange || (frame.yLo...frame.yHi).contains(p.y) {
                let c = column(p.x)
                if s.joined, let (pc, py) = previous, c > pc + 1 {
                    for b in (pc + 1)..<c {
                        let y = py + (p.y - py) * Double(b - pc) / Double(c - pc)
                        (grid[row(y)][b], tint[row(y)][b]) = (between, s.color)
                    }
                }
                (grid[row(p.y)][c], tint[row(p.y)][c]) = (String(s.marker), s.color)
                previous = (c, p.y)
            }
        }
        var lines: [String] = []
        for r in 0..<height {
            var line = labels[r].leftPadded(toWidth: margin - 1) + (labels[r].isEmpty ? rule : tick)
            for c in 0..<width {
                if color, let t = tint[r][c], grid[r][c] != " " { line += "\u{1b}[\(t)m\(grid[r][c])\u{1b}[0m" } else { line += grid[r][c] }
            }
            lines.append(line)
        }
        let ticks = xTicks(frame, width: width, column: column)
        var axis = Array(repeating: dash, count: width)
        for t in ticks where t.column > 0 { axis[t.column] = xTick }  // the corner marks column 0
        lines.append(String(repeating: " ", count: margin - 1) + corner + axis.joined())
        // The x label left of the tick labels, as the y labels are, when the margin has room for it.
        let shown = xLabel.displayWidth <= margin - 2
        let tickLabels = Self.placed(ticks.map { ($0.column - $0.label.displayWidth / 2, $0.label) }, width: width)
        lines.append((shown ? xLabel.leftPadded(toWidth: margin - 2) + "  " : indent) + tickLabels)
        if !markers.isEmpty {
            lines.append(indent + Self.placed(markers.map { (column($0.x), $0.label) }, width: width))
        }
        let items = (shown ? [] : [LegendItem(symbol: nil, text: tr("tables.chart.x-axis", xLabel))]) + drawable.map { LegendItem(symbol: $0.marker, color: $0.color, text: $0.name) }
        // Under the plotting area when the legend fits there, else from the left edge.
        let fits = items.allSatisfy { $0.width <= width }
        lines += Self.wrapped(items, width: fits ? width : columns, color: color).map { (fits ? indent : "") + $0 }
        return lines.map { Format.trailingSpacesRemoved($0) + "\n" }.joined()
    }

    struct LegendItem {
        var symbol: Character?
        var color = ""
        var text: String
        var width: Int { (symbol == nil ? 0 : 2) + text.displayWidth }

        /// The item in at most `width` display columns (its text cut short if need be).
        func drawn(color tinted: Bool, width: Int) -> String {
            guard let symbol else { return text.prefix(width: width) }
            let mark = tinted ? "\u{1b}[\(color)m\(symbol)\u{1b}[0m" : String(symbol)
            return mark + " " + text.prefix(width: max(width - 2, 0))
        }
    }

    /// Ticks at whole x values, every 1, 2, 5, 10, 20... so that their labels have room.
    private func xTicks(_ frame: Frame, width: Int, column: (Double) -> Int) -> [(column: Int, label: String)] {
        let span = frame.xHi - frame.xLo
        let longest = max(String(Int(frame.xLo)).count, String(Int(frame.xHi)).count) + 2
        var step = 1.0, factors = [2.0, 2.5, 2], k = 0
        while span / step * Double(longest) > Double(width) { step *= factors[k % 3]; k += 1 }
        let first = (frame.xLo / step).rounded(.up) * step
        return stride(from: first, through: frame.xHi, by: step).map { (column($0), String(Int($0))) }
    }

    /// Labels at their columns, left to right, each skipped if it would touch the one before or
    /// shifted left to end within `width`.
    static func placed(_ labels: [(column: Int, text: String)], width: Int) -> String {
        var line = "", used = 0
        for (column, text) in labels.sorted(by: { $0.column < $1.column }) where text.displayWidth <= width {
            let start = max(min(column, width - text.displayWidth), 0)
            guard line.isEmpty || start > used else { continue }
            line += String(repeating: " ", count: start - used) + text
            used = start + text.displayWidth
        }
        return line
    }

    /// Legend items three spaces apart, on as many lines as `width` needs.
    static func wrapped(_ items: [LegendItem], width: Int, color: Bool) -> [String] {
        var lines: [String] = [], line = "", used = 0
        for item in items {
            let w = min(item.width, width)
            if used > 0 && used + 3 + w > width { lines.append(line); (line, used) = ("", 0) }
            let drawn = item.drawn(color: color, width: width)
            (line, used) = used == 0 ? (drawn, w) : (line + "   " + drawn, used + 3 + w)
        }
        return used == 0 ? lines : lines + [line]
    }
}
