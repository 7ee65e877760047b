/// The chart as greyscale pixels for a PNG, in the same frame as the text chart: white ground;
/// black axes with five labelled ticks on y and a labelled tick at each whole x (thinned to at
/// most ten); the x label under the axis; markers as dashed grey verticals labelled at the top;
/// series as lines (joined) or dots, darker for later series, clipped to the frame; a legend at
/// the top right.
extension Chart {
    func raster(width: Int = 640, height: Int = 360) -> [UInt8] {
        var pixels = [UInt8](repeating: 255, count: width * height)
        guard let frame else { return pixels }
        let series = drawable
        let yTicks = (0..<5).map { frame.yLo + (frame.yHi - frame.yLo) * Double($0) / 4 }
        let yLabels = yTicks.map(label)
        let left = min(width / 2, 14 + yLabels.map(BitmapFont.width(of:)).max()!)
        let (right, top, bottom) = (width - 16, 16, height - 40)
        func set(_ x: Int, _ y: Int, _ v: UInt8) {
            if x >= 0, x < width, y >= 0, y < height { pixels[y * width + x] = min(pixels[y * width + x], v) }
        }
        func text(_ s: String, x: Int, y: Int) { BitmapFont.draw(s, x: x, y: y) { set($0, $1, 0) } }
        func px(_ x: Double) -> Int {
            left + Int(frame.xHi == frame.xLo ? 0 : (x - frame.xLo) / (frame.xHi - frame.xLo) * Double(right - left))
        }
        func py(_ y: Double) -> Int {
            let v = Double(bottom) - (y - frame.yLo) / (frame.yHi - frame.yLo) * Double(bottom - top)
            return v.isFinite ? Int(min(max(v, Double(top)), Double(bottom))) : bottom  // clipped to the frame
        }
        for x in left...right { set(x, bottom + 1, 0) }
        for y in top...bottom { set(left - 1, y, 0) }
        for (value, label) in zip(yTicks, yLabels) {
            for d in 2...5 { set(left - d, py(value), 0) }
            text(label, x: left - 7 - BitmapFont.width(of: label), y: py(value) - 3)
        }
        if frame.xHi > frame.xLo {
            let (first, last) = (Int(frame.xLo.rounded(.up)), Int(frame.xHi.rounded(.down)))
            if first <= last {
                let every = max(1, (last - first + 10) / 10)
                for whole in stride(from: first, through: last, by: every) {
                    for d in 2...6 { set(px(Double(whole)), bottom + d, 0) }
                    text("\(whole)", x: px(Double(whole)) - BitmapFont.width(of: "\(whole)") / 2, y: bottom + 9)
                }
            }
        }
        text(xLabel, x: (left + right - BitmapFont.width(of: xLabel)) / 2, y: bottom + 23)
        for m in markers {
            for y in stride(from: top, through: bottom, by: 1) where y % 6 < 3 { set(px(m.x), y, 150) }
            text(m.label, x: px(m.x) + 3, y: top)
        }
        // From light grey to black, evenly: the first series (the faint batch dots, say) the lightest.
        let inks = series.indices.map { UInt8(series.count == 1 ? 0 : 180 - 180 * $0 / (series.count - 1)) }
        for (k, s) in series.enumerated() {
            var previous: (Int, Int)?
            for p in s.points where s.setsRange || (frame.yLo...frame.yHi).contains(p.y) {  // as in the text chart
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
