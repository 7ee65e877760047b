/// Where a window's cells fall in the image, for tracing one element back to its inputs (`explain`).
extension SlidingWindow {
    /// The image position of cell (s, t) of the window at output (i, j): row i·S_h + s − P_h,
    /// column j·S_w + t − P_w; nil when it lies in the padding.
    public func cell(window i: Int, _ j: Int, row s: Int, column t: Int) -> (row: Int, column: Int)? {
        let r = i * window.height.stride + s - window.height.padding
        let c = j * window.width.stride + t - window.width.padding
        return r >= 0 && r < height && c >= 0 && c < width ? (r, c) : nil
    }

    /// Every window that covers image position (r, c), with the cell of it that lands there: the
    /// outputs (i, j) and cells (s, t) with i·S_h + s − P_h = r and j·S_w + t − P_w = c, in row-major
    /// order of the windows. These are the terms col2im adds into (r, c).
    public func windows(covering r: Int, _ c: Int) -> [(i: Int, j: Int, s: Int, t: Int)] {
        var found: [(i: Int, j: Int, s: Int, t: Int)] = []
        for i in 0..<outputHeight {
            let s = r + window.height.padding - i * window.height.stride
            guard (0..<window.kernelHeight).contains(s) else { continue }
            for j in 0..<outputWidth {
                let t = c + window.width.padding - j * window.width.stride
                if (0..<window.kernelWidth).contains(t) { found.append((i, j, s, t)) }
            }
        }
        return found
    }
}
