import Tensors

/// The pools, one element at a time, for `explain`:
///
///     max:  y[n,c,i,j] = max_{s,t} x[n,c,i·S+s−P,j·S+t−P]   (padding never wins; ties go to the
///           first cell in row-major order, as the kernel's argmax does)
///           dx[n,c,r,q] = Σ of dA[n,c,i,j] over the windows whose maximum is at (r,q)
///     avg:  y[n,c,i,j] = (1/(KH·KW)) Σ_{s,t} x[n,c,i·S+s−P,j·S+t−P]   (padding counts as 0)
///           dx[n,c,r,q] = (1/(KH·KW)) Σ of dA[n,c,i,j] over the windows covering (r,q)
extension Pool2d {
    /// The window at output o = [n, c, i, j], row-major, padding cells without an index.
    func cells(_ x: Tensor, _ o: [Int]) -> [Factor] {
        let g = window.sliding(over: x)
        return (0..<window.kernelHeight).flatMap { s in
            (0..<window.kernelWidth).map { t in x.factor(g.cell(window: o[2], o[3], row: s, column: t).map { [o[0], o[1], $0.row, $0.column] }) }
        }
    }

    /// The output windows [n, c, i, j] covering input cell o = [n, c, r, q].
    func covering(_ x: Tensor, _ o: [Int]) -> [[Int]] {
        window.sliding(over: x).windows(covering: o[2], o[3]).map { [o[0], o[1], $0.i, $0.j] }
    }
}

extension MaxPool2d: Explainable {
    func maximum(_ x: Tensor, _ o: [Int]) -> MaximumWindow {
        let cells = cells(x, o)
        var winner = cells.firstIndex { $0.index != nil }!
        for (i, cell) in cells.enumerated() where cell.index != nil && cell.value > cells[winner].value { winner = i }
        return MaximumWindow(cells: cells, columns: window.kernelWidth, winner: winner)
    }

    public func explainOutput(_ x: Tensor, at o: [Int]) -> Explanation { .maximum(maximum(x, o)) }

    public func explainInputGradient(_ x: Tensor, output y: Tensor, dA: Tensor, at o: [Int]) -> Explanation {
        .routing(MaxPoolRouting(windows: covering(x, o).map { w in
            let m = maximum(x, w)
            let winner = m.cells[m.winner].index!
            return .init(output: w, winner: winner, dA: dA.factor(w).value, won: winner == o)
        }))
    }
}

extension AvgPool2d: Explainable {
    var area: Double { Double(window.kernelHeight * window.kernelWidth) }

    public func explainOutput(_ x: Tensor, at o: [Int]) -> Explanation {
        .sum(Sum(cells(x, o).map { Term(factors: [$0]) }, scale: 1 / area, grid: (window.kernelHeight, window.kernelWidth)))
    }

    public func explainInputGradient(_ x: Tensor, output y: Tensor, dA: Tensor, at o: [Int]) -> Explanation {
        .sum(Sum(covering(x, o).map { Term(factors: [dA.factor($0)]) }, scale: 1 / area))
    }
}

/// A max-pooling window's cells (row-major, KH×KW; padding cells have no index and never win) and
/// the one that won: the first holding the largest value, the cell backward routes dA to.
public struct MaximumWindow: Sendable {
    public var cells: [Factor]
    public var columns: Int
    public var winner: Int
    public var value: Double { cells[winner].value }
}

/// dx at one input cell of max pooling: every window covering it, with the cell that won each;
/// dx = Σ dA over the windows this cell won (0 if it won none).
public struct MaxPoolRouting: Sendable {
    public struct Covering: Sendable {
        /// The output index [n, c, i, j] of the window.
        public var output: [Int]
        /// The input index of the cell that won the window.
        public var winner: [Int]
        public var dA: Double
        public var won: Bool
    }
    public var windows: [Covering]
    public var value: Double { windows.filter(\.won).reduce(0.0) { $0 + $1.dA } }
    /// Σ |dA| over the covering windows: the size rounding errors are measured against.
    public var magnitude: Double { windows.reduce(0.0) { $0 + abs($1.dA) } }
}
