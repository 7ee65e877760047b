/// Greyscale tiles (images, filters, feature maps) with captions, drawn two pixels to a character
/// cell: in colour as ▀ with a 24-bit foreground for the upper pixel and background for the lower,
/// in plain style as ASCII shading of the pair's mean.
struct Picture {
    struct Tile {
        /// One line, or several separated by newlines.
        var caption: String
        var height: Int
        var width: Int
        var values: [Float]

        /// The tile with every value repeated `k` times across and `k` times down.
        func zoomed(_ k: Int) -> Tile {
            guard k > 1 else { return self }
            let values = (0..<height * k).flatMap { r in (0..<width * k).map { c in self.values[(r / k) * width + c / k] } }
            return Tile(caption: caption, height: height * k, width: width * k, values: values)
        }
    }

    /// Unsigned values map lo...hi to black...white; signed ones map −m...m to blue, black, red.
    enum Scale {
        case unsigned(lo: Float, hi: Float)
        case signed(maxAbs: Float)

        static func fitting(_ values: [Float]) -> Scale {
            // NaN and infinities (a diverged network, a loaded file) are drawn as 0, not scaled to.
            let finite = values.filter(\.isFinite)
            let lo = finite.min() ?? 0, hi = finite.max() ?? 1
            if lo < 0 { return .signed(maxAbs: max(-lo, hi, 1e-12)) }
            return .unsigned(lo: 0, hi: max(hi, 1e-12))
        }

        /// -1...1 for signed scales, 0...1 for unsigned ones.
        func level(_ v: Float) -> Float {
            guard v.isFinite else { return 0 }
            let l: Float
            switch self {
            case let .unsigned(lo, hi): l = min(max((v - lo) / (hi - lo), 0), 1)
            case let .signed(m): l = min(max(v / m, -1), 1)
            }
            return l.isFinite ? l : 0
        }

        /// What the shades mean: ASCII characters in plain style, colours on a colour terminal.
        func legend(color: Bool) -> String {
            switch self {
            case let .unsigned(lo, hi):
                let (lo, hi) = (Format.fixed(lo, 3), Format.fixed(hi, 3))
                return color ? tr("tables.scale.color", lo, hi) : tr("tables.scale.plain", lo, hi)
            case let .signed(m):
                let (lo, hi) = (Format.fixed(-m, 3), Format.fixed(m, 3))
                return color ? tr("tables.scale.signed.color", lo, hi) : tr("tables.scale.signed.plain", lo, hi)
            }
        }
    }

    /// The most pixels an enlarged picture (`show ... scale=K`) may have: 4,000 lines of 500 cells.
    static let mostZoomedPixels = 4_000_000

    var tiles: [Tile]
    var scale: Scale
    /// Each pixel drawn as K×K pixels on the terminal (K columns wide, K pixel rows tall), so that a
    /// 5×5 filter can be seen; the PNG raster has its own scale.
    var zoom = 1

    init(tiles: [Tile], scale: Scale, zoom: Int = 1) {
        (self.tiles, self.scale, self.zoom) = (tiles, scale, zoom)
    }

    /// The widest tile at `zoom`, in columns.
    var widestTile: Int { (tiles.map(\.width).max() ?? 0) * zoom }

    static let shades = Array(" .:-=+*#%@")
    static let negative = Array(" '-=%"), positive = Array(" .+*#")

    func plainCell(_ top: Float, _ bottom: Float?) -> Character {
        let v = (bottom.map { (top + $0) / 2 }) ?? top
        let l = scale.level(v)
        switch scale {
        case .unsigned: return Self.shades[min(Int(l * Float(Self.shades.count - 1) + 0.5), Self.shades.count - 1)]
        case .signed:
            let ramp = l < 0 ? Self.negative : Self.positive
            return ramp[min(Int(abs(l) * Float(ramp.count - 1) + 0.5), ramp.count - 1)]
        }
    }

    func rgb(_ v: Float) -> (Int, Int, Int) {
        let l = scale.level(v)
        switch scale {
        case .unsigned:
            let g = Int(l * 255 + 0.5)
            return (g, g, g)
        case .signed:
            let a = abs(l)
            return l < 0 ? (Int(40 * a), Int(110 * a), Int(255 * a)) : (Int(255 * a), Int(70 * a), Int(40 * a))
        }
    }

    /// One tile's character rows.
    func rows(of tile: Tile, color: Bool) -> [String] {
        var rows: [String] = []
        for r in stride(from: 0, to: tile.height, by: 2) {
            var line = ""
            for c in 0..<tile.width {
                let top = tile.values[r * tile.width + c]
                let bottom = r + 1 < tile.height ? tile.values[(r + 1) * tile.width + c] : nil
                if color {
                    let (a, b) = (rgb(top), bottom.map(rgb) ?? (0, 0, 0))
                    line += "\u{1b}[38;2;\(a.0);\(a.1);\(a.2)m\u{1b}[48;2;\(b.0);\(b.1);\(b.2)m▀"
                } else {
                    line.append(plainCell(top, bottom))
                }
            }
            rows.append(color ? line + "\u{1b}[0m" : line)
        }
        return rows
    }

    /// Tiles side by side, as many as fit in `columns`, captions above, a blank line between bands.
    /// A caption wider than its tile widens every column, up to `columns` (display columns: a
    /// Japanese caption takes two a character); past that it is cut.
    func render(color: Bool, columns: Int) -> String {
        let tiles = self.tiles.map { $0.zoomed(zoom) }
        let captions = tiles.map { $0.caption.split(separator: "\n", omittingEmptySubsequences: false).map { String($0).prefix(width: columns) } }
        guard let widest = zip(tiles, captions).map({ max($0.width, $1.map(\.displayWidth).max() ?? 0) }).max() else { return "" }
        let gap = 2, perBand = max(1, (columns + gap) / (widest + gap))
        var out = ""
        for start in stride(from: 0, to: tiles.count, by: perBand) {
            let band = Array(tiles[start..<min(start + perBand, tiles.count)])
            let height = band.map { ($0.height + 1) / 2 }.max()!
            let drawn = band.map { rows(of: $0, color: color) }
            func pad(_ s: String, _ visible: Int) -> String { s + String(repeating: " ", count: max(widest - visible, 0)) }
            for line in 0..<captions[start..<start + band.count].map(\.count).max()! {
                var captionLine = ""
                for i in band.indices {
                    let caption = captions[start + i].count > line ? captions[start + i][line] : ""
                    captionLine += pad(caption, caption.displayWidth) + (i < band.count - 1 ? "  " : "")
                }
                out += Format.trailingSpacesRemoved(captionLine) + "\n"
            }
            for r in 0..<height {
                var line = ""
                for (i, tile) in band.enumerated() {
                    let row = r < drawn[i].count ? drawn[i][r] : String(repeating: " ", count: tile.width)
                    line += pad(row, tile.width) + (i < band.count - 1 ? "  " : "")
                }
                out += (color ? line : Format.trailingSpacesRemoved(line)) + "\n"
            }
            if start + perBand < tiles.count { out += "\n" }
        }
        return out
    }

    /// The tiles as one greyscale raster for a PNG: a grid about as wide as tall, two pixels of
    /// dark grey between tiles, every value a K×K square (signed values: mid-grey at 0).
    func raster(scale k: Int) -> (width: Int, height: Int, pixels: [UInt8]) {
        let across = Int(Double(tiles.count).squareRoot().rounded(.up))
        let down = (tiles.count + across - 1) / across
        let (th, tw) = (tiles.map(\.height).max()! * k, tiles.map(\.width).max()! * k)
        let gap = tiles.count > 1 ? 2 : 0
        let (width, height) = (across * tw + (across - 1) * gap, down * th + (down - 1) * gap)
        var pixels = [UInt8](repeating: 64, count: width * height)  // dark grey between tiles
        for (i, tile) in tiles.enumerated() {
            let (x0, y0) = ((i % across) * (tw + gap), (i / across) * (th + gap))
            for r in 0..<(tile.height * k) {
                for c in 0..<(tile.width * k) {
                    let l = scale.level(tile.values[(r / k) * tile.width + c / k])
                    let grey: Float
                    switch scale {
                    case .unsigned: grey = l
                    case .signed: grey = (l + 1) / 2
                    }
                    pixels[(y0 + r) * width + x0 + c] = UInt8(min(max(grey * 255 + 0.5, 0), 255))
                }
            }
        }
        return (width, height, pixels)
    }
}
