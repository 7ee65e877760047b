extension ReferenceKernels {
    /// The window cells of output (i, j) that lie inside the image, in row-major order, as (row, column).
    static func cells(_ g: SlidingWindow, _ i: Int, _ j: Int) -> [(Int, Int)] {
        let w = g.window
        var cells: [(Int, Int)] = []
        for s in 0..<w.kernelHeight {
            for t in 0..<w.kernelWidth {
                let (r, c) = (i * w.height.stride - w.height.padding + s, j * w.width.stride - w.width.padding + t)
                if r >= 0, r < g.height, c >= 0, c < g.width { cells.append((r, c)) }
            }
        }
        return cells
    }

    /// Each window's maximum and the flat input index of the first cell that holds it.
    public static func maxPool(_ g: SlidingWindow, planes: Int, input x: UnsafePointer<Float>) -> (output: [Float], winners: [Int32]) {
        var y: [Float] = [], winners: [Int32] = []
        for plane in 0..<planes {
            let base = plane * g.height * g.width
            for i in 0..<g.outputHeight {
                for j in 0..<g.outputWidth {
                    let flat = cells(g, i, j).map { base + $0.0 * g.width + $0.1 }
                    let best = flat.max { x[$0] < x[$1] || (x[$0] == x[$1] && $0 > $1) }!
                    y.append(x[best])
                    winners.append(Int32(best))
                }
            }
        }
        return (y, winners)
    }

    /// dx[k] = Σ of dy over the windows whose winner is k.
    public static func maxPoolBackward(_ dy: UnsafePointer<Float>, winners: UnsafePointer<Int32>, count: Int, inputCount: Int) -> [Float] {
        (0..<inputCount).map { k in Float((0..<count).filter { Int(winners[$0]) == k }.reduce(0.0) { $0 + Double(dy[$1]) }) }
    }

    /// Each window's mean, padding counting as zeros: Σ cells / (KH·KW), in Double.
    public static func avgPool(_ g: SlidingWindow, planes: Int, input x: UnsafePointer<Float>) -> [Float] {
        var y: [Float] = []
        let area = Double(g.window.kernelHeight * g.window.kernelWidth)
        for plane in 0..<planes {
            let base = plane * g.height * g.width
            for i in 0..<g.outputHeight {
                for j in 0..<g.outputWidth {
                    y.append(Float(cells(g, i, j).reduce(0.0) { $0 + Double(x[base + $1.0 * g.width + $1.1]) } / area))
                }
            }
        }
        return y
    }

    /// dx at each image position: Σ dy/(KH·KW) over the windows that cover it.
    public static func avgPoolBackward(_ g: SlidingWindow, planes: Int, _ dy: UnsafePointer<Float>) -> [Float] {
        var dx = [Double](repeating: 0, count: planes * g.height * g.width)
        let area = Double(g.window.kernelHeight * g.window.kernelWidth)
        for plane in 0..<planes {
            for i in 0..<g.outputHeight {
                for j in 0..<g.outputWidth {
                    let o = (plane * g.outputHeight + i) * g.outputWidth + j
                    for (r, c) in cells(g, i, j) { dx[(plane * g.height + r) * g.width + c] += Double(dy[o]) / area }
                }
            }
        }
        return dx.map { Float($0) }
    }
}
