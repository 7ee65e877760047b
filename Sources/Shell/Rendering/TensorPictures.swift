import Tensors

/// Which tensors `show` draws, and how they are cut into tiles.
enum TensorPictures {
    /// Most tiles drawn at once; `show` says when it drew fewer.
    static let maxTiles = 64

    /// A picture of `t` when it reads as images: filters (a rank-4 `LAYER.W`), a batch of images or
    /// feature maps (N×C×H×W), or one image or its maps (C×H×W), with sides of at least 4.
    /// `force` draws what would otherwise print as numbers (show ... as=picture).
    static func picture(of t: Tensor, name: String, workspace ws: Workspace, force: Bool = false) -> (Picture, note: String)? {
        let isFilter = name.hasSuffix(".W") && t.rank == 4
        guard t.rank >= 3, t.rank <= 4 else { return nil }
        let (h, w) = (t.shape[t.rank - 2], t.shape[t.rank - 1])
        guard isFilter || force || (h >= 4 && w >= 4 && t.count > 256) else { return nil }
        let batch = t.rank == 4 ? t.shape[0] : 1, channels = t.shape[t.rank - 3]
        let labels = batchLabels(for: name, count: batch, rank: t.rank, workspace: ws)
        var tiles: [Picture.Tile] = []
        let plane = h * w
        outer: for n in 0..<batch {
            for c in 0..<channels {
                guard tiles.count < maxTiles else { break outer }
                let start = (n * channels + c) * plane
                var caption: String
                if isFilter {
                    caption = channels > 1 ? "\(n).\(c)" : "\(n)"
                } else if t.rank == 4 {
                    caption = channels > 1 ? "[\(n)] c\(c)" : "[\(n)]"
                } else {
                    caption = channels > 1 ? "c\(c)" : ""
                }
                if channels == 1, let labels { caption += (caption.isEmpty ? "" : " ") + tr("tables.picture.label", labels[n]) }
                tiles.append(Picture.Tile(caption: caption, height: h, width: w, values: Array(t.scalars[start..<start + plane])))
            }
        }
        let total = batch * channels
        let shown = tiles.count
        let note = shown == total ? "" : isFilter ? tr("tables.picture.first.filters", shown, total)
            : channels > 1 ? tr("tables.picture.first.maps", shown, total) : tr("tables.picture.first.images", shown, total)
        return (Picture(tiles: tiles, scale: .fitting(t.scalars)), note)
    }

    /// Columns a tile should be at least, when the terminal has room: a 5×5 filter drawn 2 cells
    /// per pixel is 10 wide, large enough to see its pattern.
    static let smallestTileSide = 10

    /// The zoom `show` draws at unless told: the smallest that makes tiles at least
    /// `smallestTileSide` on their longer side (1 for a 28×28 digit), then cut to one a tile fits
    /// `columns` at (never below 1).
    static func automaticZoom(_ picture: Picture, columns: Int) -> Int {
        let side = picture.tiles.map { max($0.height, $0.width) }.max() ?? 1
        let widest = picture.tiles.map(\.width).max() ?? 1
        let wanted = (smallestTileSide + side - 1) / max(side, 1)
        return max(1, min(wanted, columns / max(widest, 1)))
    }

    /// The picture at the terminal's width, then its scale's legend and `note`.
    static func draw(_ picture: Picture, note: String, _ out: Output) {
        out.styled { picture.render(color: $0, columns: out.columns) }
        out.picture(picture)
        out.styled { Format.wrap(picture.scale.legend(color: $0) + (note.isEmpty ? "" : "  " + note), width: out.columns) }
    }

    /// Labels for the images of `x_train[0:16]` (from `y_train[0:16]`), `x_test[3]`, or `x_val`.
    static func batchLabels(for name: String, count: Int, rank: Int, workspace ws: Workspace) -> [Int]? {
        guard name.hasPrefix("x"), let y = try? ws.value(of: labelName(for: name)) else { return nil }
        if rank == 3, y.rank == 0 || y.count == 1 { return [Int(y.scalars[0])] }
        guard y.shape == [count], y.scalars.allSatisfy({ $0 == $0.rounded() && abs($0) < 1e6 }) else { return nil }
        return y.scalars.map { Int($0) }
    }
}
