/// A line chart in text: a y axis with tick labels, the series drawn with one marker each (joined
/// by interpolation between points), an x axis with tick labels, and a legend. Colour tints the
/// markers and draws the axes with box-drawing characters; plain style is ASCII, the same shape.
struct Chart {
    struct Series {
        var name: String
        var marker: Character
        /// ANSI colour code for the marker, like "31".
        var color: String
        var points: [(x: Double, y: Double)]
        /// Joined points draw a line; unjoined ones (many per-batch losses) draw dots.
        var joined = true
    }

    var series: [Series]
    var xLabel: String
    /// Decimals of the y tick labels.
    var digits = 4
    var height = 12

    /// The series without points that cannot be drawn (a loss that became NaN or infinite).
    var drawable: [Series] {
        series.map { s in var s = s; s.points = s.points.filter { $0.x.isFinite && $0.y.isFinite }; return s }
    }

    func render(color: Bool, columns: Int) -> String {
        let series = drawable
        let all = series.flatMap(\.points)
        guard let xLo = all.map(\.x).min(), let xHi = all.map(\.x).max(),
              let yLo0 = all.map(\.y).min(), let yHi0 = all.map(\.y).max() else { return "(nothing to plot)\n" }
        let pad = yHi0 == yLo0 ? max(abs(yHi0) * 0.05, 0.01) : 0
        let (yLo, yHi) = (yLo0 - pad, yHi0 + pad)
        let labels = (0..<height).map { Format.fixed(yHi - (yHi - yLo) * Double($0) / Double(height - 1), digits) }
        let labelWidth = labels.map(\.count).max()!
        let width = max(20, columns - labelWidth - 3)
        var grid = [[Character]](repeating: [Character](repeating: " ", count: width), count: height)
        var tint = [[String?]](repeating: [String?](repeating: nil, count: width), count: height)
        func column(_ x: Double) -> Int { xHi == xLo ? 0 : Int(((x - xLo) / (xHi - xLo) * Double(width - 1)).rounded()) }
        func row(_ y: Double) -> Int { Int(((yHi - y) / (yHi - yLo) * Double(height - 1)).rounded()) }
        for s in series {
            var previous: (Int, Double)?
            for p in s.points {
                let c = column(p.x)
                if s.joined, let (pc, py) = previous, c > pc + 1 {
                    for between in (pc + 1)..<c {
                        let y = py + (p.y - py) * Double(between - pc) / Double(c - pc)
                        grid[row(y)][between] = "\u{1}"  // a line between points, drawn below
                        tint[row(y)][between] = s.color
                    }
                }
                grid[row(p.y)][c] = s.marker
                tint[row(p.y)][c] = s.color
                previous = (c, p.y)
            }
        }
        // Box-drawing on a colour terminal, ASCII in plain style.
        let (tick, rule, corner, dash, between) = color ? ("┤", "│", "└", "─", "·") : ("+", "|", "+", "-", "-")
        var out = ""
        for r in 0..<height {
            let label = r % 3 == 0 || r == height - 1 ? labels[r] : ""
            var line = String(repeating: " ", count: labelWidth - label.count) + label + " " + (r % 3 == 0 || r == height - 1 ? tick : rule)
            for c in 0..<width {
                let glyph = grid[r][c] == "\u{1}" ? between : String(grid[r][c])
                if color, let t = tint[r][c] { line += "\u{1b}[\(t)m\(glyph)\u{1b}[0m" } else { line += glyph }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        out += String(repeating: " ", count: labelWidth + 1) + corner + String(repeating: dash, count: width) + "\n"
        let (left, right) = (Format.fixed(xLo, xLo == xLo.rounded() ? 0 : 2), Format.fixed(xHi, xHi == xHi.rounded() ? 0 : 2))
        let middle = xLabel
        let gap = max(1, width - left.count - right.count - middle.count)
        out += String(repeating: " ", count: labelWidth + 2) + left + String(repeating: " ", count: gap / 2) + middle
            + String(repeating: " ", count: gap - gap / 2) + right + "\n"
        out += String(repeating: " ", count: labelWidth + 2)
            + series.map { s in (color ? "\u{1b}[\(s.color)m\(s.marker)\u{1b}[0m" : String(s.marker)) + " " + s.name }.joined(separator: "   ") + "\n"
        return out
    }

    /// The chart as greyscale pixels for a PNG: white ground; black axes with five labelled ticks on
    /// y and a labelled tick at each whole x (thinned to at most ten); the x label under the axis;
    /// series as lines (joined) or dots, darker for later series; a legend at the top right.
    func raster(width: Int = 640, height: Int = 360) -> [UInt8] {
        var pixels = [UInt8](repeating: 255, count: width * height)
        let series = drawable
        let all = series.flatMap(\.points)
        guard let xLo = all.map(\.x).min(), let xHi = all.map(\.x).max(),
              let yLo0 = all.map(\.y).min(), let yHi0 = all.map(\.y).max() else { return pixels }
        let pad = yHi0 == yLo0 ? max(abs(yHi0) * 0.05, 0.01) : 0
        let (yLo, yHi) = (yLo0 - pad, yHi0 + pad)
        let yTicks = (0..<5).map { yLo + (yHi - yLo) * Double($0) / 4 }
        let yLabels = yTicks.map { Format.fixed($0, digits) }
        let left = min(width / 2, 14 + yLabels.map(BitmapFont.width(of:)).max()!)
        let (right, top, bottom) = (width - 16, 16, height - 40)
        func set(_ x: Int, _ y: Int, _ v: UInt8) {
            if x >= 0, x < width, y >= 0, y < height { pixels[y * width + x] = min(pixels[y * width + x], v) }
        }
        func text(_ s: String, x: Int, y: Int) { BitmapFont.draw(s, x: x, y: y) { set($0, $1, 0) } }
        func px(_ x: Double) -> Int { left + Int(xHi == xLo ? 0 : (x - xLo) / (xHi - xLo) * Double(right - left)) }
        func py(_ y: Double) -> Int { bottom - Int((y - yLo) / (yHi - yLo) * Double(bottom - top)) }
        for x in left...right { set(x, bottom + 1, 0) }
        for y in top...bottom { set(left - 1, y, 0) }
        for (value, label) in zip(yTicks, yLabels) {
            for d in 2...5 { set(left - d, py(value), 0) }
            text(label, x: left - 7 - BitmapFont.width(of: label), y: py(value) - 3)
        }
        if xHi > xLo {
            let (first, last) = (Int(xLo.rounded(.up)), Int(xHi.rounded(.down)))
            if first <= last {
                let every = max(1, (last - first + 10) / 10)
                for whole in stride(from: first, through: last, by: every) {
                    for d in 2...6 { set(px(Double(whole)), bottom + d, 0) }
                    text("\(whole)", x: px(Double(whole)) - BitmapFont.width(of: "\(whole)") / 2, y: bottom + 9)
                }
            }
        }
        text(xLabel, x: (left + right - BitmapFont.width(of: xLabel)) / 2, y: bottom + 23)
        let inks = series.indices.map { UInt8(max(0, 170 - 120 * $0)) }
        for (k, s) in series.enumerated() {
            var previous: (Int, Int)?
            for p in s.points {
                let (x, y) = (px(p.x), py(p.y))
                if s.joined, let (x0, y0) = previous {
                    let steps = max(abs(x - x0), abs(y - y0), 1)
                    for t in 0...steps { set(x0 + (x - x0) * t / steps, y0 + (y - y0) * t / steps, inks[k]) }
                }
                for dx in -1...1 { for dy in -1...1 { set(x + dx, y + dy, inks[k]) } }
                previous = (x, y)
            }
        }
        let legendWidth = 26 + series.map { BitmapFont.width(of: $0.name) }.max()!
        // On a white box with a thin frame, over whatever the curves drew there.
        let (boxLeft, boxTop, boxBottom) = (max(0, right - legendWidth - 5), top, min(height - 1, top + 12 * series.count + 4))
        for y in boxTop...boxBottom {
            for x in boxLeft...right {
                let edge = y == boxTop || y == boxBottom || x == boxLeft || x == right
                if x >= 0, x < width, y >= 0, y < height { pixels[y * width + x] = edge ? 160 : 255 }
            }
        }
        for (k, s) in series.enumerated() {
            let (x, y) = (right - legendWidth, top + 4 + 12 * k)
            for dx in 0..<18 where s.joined || dx % 4 == 0 { for dy in -1...1 { set(x + dx, y + 3 + dy, inks[k]) } }
            text(s.name, x: x + 26, y: y)
        }
        return pixels
    }
}
