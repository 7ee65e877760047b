import Datasets

/// A picture or chart a command drew, kept for `save notebook` undrawn: its pixels are made and
/// encoded as PNG only when a notebook is saved, so `show` costs nothing more for everyone else.
struct NotebookPicture {
    enum Source {
        case picture(Picture)
        case chart(Chart)
    }

    var source: Source

    /// Values kept: what holding this picture costs until the session ends.
    var cost: Int {
        switch source {
        case .picture(let p): p.tiles.reduce(0) { $0 + $1.values.count }
        case .chart(let c): c.series.reduce(0) { $0 + 2 * $1.points.count }
        }
    }

    /// What a viewer without images shows (Jupyter's text/plain), like matplotlib's `<Figure ...>`.
    var description: String {
        switch source {
        case .picture(let p):
            let (h, w) = (p.tiles.map(\.height).max() ?? 0, p.tiles.map(\.width).max() ?? 0)
            return tr(plural: "notebook.picture", p.tiles.count, p.tiles.count, h, w)
        case .chart(let c):
            return tr("notebook.chart", c.series.map(\.name).joined(separator: tr("format.list.separator")), c.xLabel)
        }
    }

    /// The PNG bytes, or nil for a picture with no tiles. Pictures are drawn as `save png` draws
    /// them, with fewer pixels per value when that would pass `Self.pixelLimit`.
    func png() -> [UInt8]? {
        switch source {
        case .picture(let p):
            guard !p.tiles.isEmpty else { return nil }
            let image = p.raster(scale: Self.scale(for: p))
            return PNG.greyscale(width: image.width, height: image.height, pixels: image.pixels)
        case .chart(let c):
            return PNG.greyscale(width: 640, height: 360, pixels: c.raster())
        }
    }

    /// Pixels an image may have at most (a 4,096 × 4,096 square).
    static let pixelLimit = 1 << 24

    /// About 84 pixels a tile (`save png`'s default), less while the grid could pass `pixelLimit`.
    /// A grid of N tiles has at most 2N cells of the largest tile's size and 2 pixels between them.
    static func scale(for p: Picture) -> Int {
        let (h, w) = (p.tiles.map(\.height).max()!, p.tiles.map(\.width).max()!)
        var k = p.defaultRasterScale
        while k > 1 && 2 * p.tiles.count * (h * k + 2) * (w * k + 2) > pixelLimit { k -= 1 }
        return k
    }
}

extension Picture {
    /// Pixels per value for about 84 pixels a tile: what `save png` and notebooks draw by default.
    var defaultRasterScale: Int {
        let side = max(tiles.map(\.height).max() ?? 1, tiles.map(\.width).max() ?? 1)
        return max(1, 84 / side)
    }
}

extension Output {
    /// Keeps a picture `show`, `mistakes` and others drew for the notebook, beside its ASCII form.
    func picture(_ picture: Picture) { keep(NotebookPicture(source: .picture(picture))) }

    /// Keeps a chart `plot` drew for the notebook.
    func picture(_ chart: Chart) { keep(NotebookPicture(source: .chart(chart))) }
}
