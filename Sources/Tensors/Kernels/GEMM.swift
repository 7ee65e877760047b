extension Kernels {
    /// `C = op(A)·op(B)` (or `C += op(A)·op(B)` when `accumulate`), where `op(A)` is M×K and `op(B)` is K×N.
    /// `transA` means A is stored K×M; `transB` means B is stored N×K. `panelWidth` (16 or 32) is the
    /// register tile's width, `Kernels.panelWidth` unless a test compares the two.
    public static func gemm(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        accumulate: Bool = false, panelWidth: Int = Kernels.panelWidth
    ) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            if !accumulate { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
            return
        }
        if transB && !transA && k >= longDotProduct {
            // Both operands run along K in memory: long dot products beat packing B (a convolution's
            // dW = dY·X̂ᵀ over thousands of output positions).
            DotTile.gemm(m: m, n: n, k: k, a: a, lda: lda, b: MatrixRows(b: b, ldb: ldb), c: c, ldc: ldc, accumulate: accumulate,
                         blockColumns: dotBlockColumns(panelWidth))
            return
        }
        // A element (i, p) lives at a[i * rowStride + p * colStride].
        let a = MatrixA(base: a, rowStride: transA ? 1 : lda, colStride: transA ? lda : 1)
        panels(width: panelWidth, transB: transB, m: m, n: n, k: k, a: a, b: b, ldb: ldb, c: c, ldc: ldc, accumulate: accumulate)
    }

    /// The K from which `gemm` with only B transposed takes dot products along K (`DotTile`).
    public static let longDotProduct = 256

    /// Dot products are taken 2×4 at a time where the tile is 32 wide (AVX-512), 2×2 elsewhere.
    static func dotBlockColumns(_ panelWidth: Int) -> Int { panelWidth == 32 ? 4 : 2 }

    /// The columns of C one register tile covers: 32 (`TwoVectors`: two zmm registers per row, 12
    /// accumulators for 6 rows) where the kernels are compiled for AVX-512, else 16 (two ymm or four
    /// NEON registers per row). Either way each entry of C is the same sum over K in the same order,
    /// so the width changes speed, never a bit of the result.
    #if CNNSH_AVX512
    public static let panelWidth = 32
    #else
    public static let panelWidth = 16
    #endif

    /// `panels` with the register tile `panelWidth` (32 or 16) columns wide.
    static func panels<A: TileA>(width panelWidth: Int, transB: Bool, m: Int, n: Int, k: Int, a: A,
                                 b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
        if panelWidth == 32 {
            panels(TwoVectors.self, transB: transB, m: m, n: n, k: k, a: a, b: b, ldb: ldb, c: c, ldc: ldc, accumulate: accumulate)
        } else {
            panels(SIMD16<Float>.self, transB: transB, m: m, n: n, k: k, a: a, b: b, ldb: ldb, c: c, ldc: ldc, accumulate: accumulate)
        }
    }

    /// C in panels of `V.width` columns, each swept by tiles of 6, then 4, then 1 rows.
    static func panels<V: TileRow, A: TileA>(
        _: V.Type, transB: Bool, m: Int, n: Int, k: Int, a: A,
        b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
    ) {
        let w = V.width
        let panels = (n + w - 1) / w
        // Untransposed B already has each panel's rows contiguous: full panels are read in place
        // (stride ldb), and only a ragged last panel is copied out, zero-padded. Transposed B is
        // gathered into packed panels.
        let packedFrom = transB ? 0 : n / w
        let packed = UnsafeMutablePointer<Float>.allocate(capacity: max(panels - packedFrom, 0) * k * w)
        defer { packed.deallocate() }
        if packedFrom < panels {
            packB(width: w, transB: transB, n: n, k: k, b: b, ldb: ldb, firstPanel: packedFrom, into: packed)
        }
        for panel in 0..<panels {
            let j = panel * w
            let columns = min(w, n - j)
            let inPlace = panel < packedFrom
            let rows = inPlace ? StridedRows(b + j, stride: ldb) : StridedRows(packed + (panel - packedFrom) * k * w, stride: w)
            GEMMTile<V>.sweep(m: m, k: k, a: a, b: rows, c: c + j, ldc: ldc, columns: columns, accumulate: accumulate)
        }
    }

    /// `C = A·B` (A M×K, row-major) where B's row p is the `n` values at `b + offsets[p]`: rows that
    /// overlap, as the rows of a transposed im2col matrix do when read from the image itself (see
    /// `convolveImplicitly`). With `runGap`, B's row p is instead `n/8` runs of 8 values, run r at
    /// `b + offsets[p] + r·runGap` (the rows of X̂ for outputs 8 wide: one run per output row).
    /// Each entry is the same sum in the same order as `gemm`'s over the same B written out, so the
    /// bits are the same.
    public static func gemm(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>,
                            rowOffsets offsets: UnsafePointer<Int>, runGap: Int? = nil, c: UnsafeMutablePointer<Float>, ldc: Int,
                            panelWidth: Int = Kernels.panelWidth) {
        guard m > 0, n > 0, k > 0 else {
            for i in 0..<max(m, 0) where n > 0 { (c + i * ldc).update(repeating: 0, count: n) }
            return
        }
        precondition(runGap == nil || n % 8 == 0, "B's rows are whole runs of 8")
        if panelWidth == 32 {
            shiftedPanels(TwoVectors.self, m: m, n: n, k: k, a: a, lda: lda, b: b, offsets: offsets, runGap: runGap, c: c, ldc: ldc)
        } else {
            shiftedPanels(SIMD16<Float>.self, m: m, n: n, k: k, a: a, lda: lda, b: b, offsets: offsets, runGap: runGap, c: c, ldc: ldc)
        }
    }

    /// Panels read in place from the shifted rows. A ragged end is a last full-width panel ending at
    /// column n, overlapping the one before: the columns they share are computed twice, the same sum
    /// each time, so nothing is packed or allocated. Only a B narrower than one panel is copied out,
    /// zero-padded.
    private static func shiftedPanels<V: TileRow>(
        _: V.Type, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>,
        offsets: UnsafePointer<Int>, runGap: Int?, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let (w, a) = (V.width, MatrixA(base: a, rowStride: lda, colStride: 1))
        // Where column j of B's rows starts, relative to the row's offset.
        let start = { (j: Int) in runGap.map { j / 8 * $0 } ?? j }
        guard n < w else {
            // Column n − w is a whole run when B's rows are runs of 8 (n and w are multiples of 8).
            for panel in 0..<((n + w - 1) / w) {
                let j = min(panel * w, n - w), base = b + start(j)
                if let runGap {
                    GEMMTile<V>.sweep(m: m, k: k, a: a, b: RunRows(base, offsets: offsets, gap: runGap), c: c + j, ldc: ldc,
                                      columns: w, accumulate: false)
                } else {
                    GEMMTile<V>.sweep(m: m, k: k, a: a, b: ShiftedRows(base, offsets: offsets), c: c + j, ldc: ldc, columns: w,
                                      accumulate: false)
                }
            }
            return
        }
        let packed = UnsafeMutablePointer<Float>.allocate(capacity: k * w)
        defer { packed.deallocate() }
        for p in 0..<k {
            // A run at a time (the whole row when B's rows are not runs): none reaches past column n.
            let run = runGap == nil ? n : 8
            for r in stride(from: 0, to: n, by: run) {
                (packed + p * w + r).update(from: b + offsets[p] + start(r), count: run)
            }
            (packed + p * w + n).update(repeating: 0, count: w - n)
        }
        GEMMTile<V>.sweep(m: m, k: k, a: a, b: StridedRows(packed, stride: w), c: c, ldc: ldc, columns: n, accumulate: false)
    }

    /// Copies op(B) into panels of `width` columns, each K×width and contiguous, zero-padded on the
    /// right, so the micro-kernel reads B with aligned-stride vector loads.
    private static func packB(width w: Int, transB: Bool, n: Int, k: Int, b: UnsafePointer<Float>, ldb: Int, firstPanel: Int, into packed: UnsafeMutablePointer<Float>) {
        let panels = (n + w - 1) / w
        for panel in firstPanel..<panels {
            let j0 = panel * w
            let columns = min(w, n - j0)
            let dst = packed + (panel - firstPanel) * k * w
            for p in 0..<k {
                let row = dst + p * w
                if transB {
                    for jj in 0..<columns { row[jj] = b[(j0 + jj) * ldb + p] }
                } else {
                    row.update(from: b + p * ldb + j0, count: columns)
                }
                if columns < w { (row + columns).update(repeating: 0, count: w - columns) }
            }
        }
    }
}

/// One row of a register tile: `width` consecutive columns of C, or of a panel of B.
protocol TileRow {
    static var width: Int { get }
    init()
    init(_ p: UnsafePointer<Float>)
    /// Lanes in runs of 8, run r from `p + r·gap`.
    init(runsOf8At p: UnsafePointer<Float>, gap: Int)
    /// self += a·b, each lane one fused multiply-add.
    mutating func addProduct(_ a: Float, _ b: Self)
    /// Writes (or adds, when `accumulate`) the first `columns` lanes to `c`.
    func store(to c: UnsafeMutablePointer<Float>, columns: Int, accumulate: Bool)
}

extension SIMD16: TileRow where Scalar == Float {
    static var width: Int { 16 }

    @inline(__always)
    init(_ p: UnsafePointer<Float>) { self = UnsafeRawPointer(p).loadUnaligned(as: Self.self) }

    @inline(__always)
    init(runsOf8At p: UnsafePointer<Float>, gap: Int) {
        self.init(lowHalf: UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self),
                  highHalf: UnsafeRawPointer(p + gap).loadUnaligned(as: SIMD8<Float>.self))
    }

    @inline(__always)
    mutating func addProduct(_ a: Float, _ b: Self) { addProduct(Self(repeating: a), b) }

    @inline(__always)
    func store(to c: UnsafeMutablePointer<Float>, columns: Int, accumulate: Bool) {
        if columns == 16 {
            UnsafeMutableRawPointer(c).storeBytes(of: accumulate ? self + Self(UnsafePointer(c)) : self, as: Self.self)
        } else {
            for j in 0..<columns { c[j] = accumulate ? c[j] + self[j] : self[j] }
        }
    }
}

/// 32 columns as two SIMD16 (two zmm registers on AVX-512). Not SIMD32<Float>: Swift lowers its
/// fused multiply-add lane by lane, to scalar instructions.
struct TwoVectors: TileRow {
    var low = SIMD16<Float>(), high = SIMD16<Float>()
    static var width: Int { 32 }

    @inline(__always)
    init() {}

    @inline(__always)
    init(_ p: UnsafePointer<Float>) { (low, high) = (SIMD16(p), SIMD16(p + 16)) }

    @inline(__always)
    init(runsOf8At p: UnsafePointer<Float>, gap: Int) {
        (low, high) = (SIMD16(runsOf8At: p, gap: gap), SIMD16(runsOf8At: p + 2 * gap, gap: gap))
    }

    @inline(__always)
    mutating func addProduct(_ a: Float, _ b: Self) {
        low.addProduct(a, b.low)
        high.addProduct(a, b.high)
    }

    @inline(__always)
    func store(to c: UnsafeMutablePointer<Float>, columns: Int, accumulate: Bool) {
        low.store(to: c, columns: min(columns, 16), accumulate: accumulate)
        if columns > 16 { high.store(to: c + 16, columns: columns - 16, accumulate: accumulate) }
    }
}

/// The rows of a panel of B, read in order by the tile loops: `StridedRows` (a matrix, or a packed
/// panel: a pointer stepped by the stride), `ShiftedRows` (rows at arbitrary offsets, which may
/// overlap) or `RunRows` (the same, each row made of runs of 8 a fixed gap apart).
protocol PanelRows {
    /// The next row, loaded, then moves on.
    mutating func next<V: TileRow>() -> V
}

struct StridedRows: PanelRows {
    var row: UnsafePointer<Float>
    let stride: Int
    init(_ base: UnsafePointer<Float>, stride: Int) { (row, self.stride) = (base, stride) }
    init(_ base: UnsafeMutablePointer<Float>, stride: Int) { self.init(UnsafePointer(base), stride: stride) }

    @inline(__always)
    mutating func next<V: TileRow>() -> V {
        defer { row += stride }
        return V(row)
    }
}

struct ShiftedRows: PanelRows {
    let base: UnsafePointer<Float>
    var offsets: UnsafePointer<Int>
    init(_ base: UnsafePointer<Float>, offsets: UnsafePointer<Int>) { (self.base, self.offsets) = (base, offsets) }

    @inline(__always)
    mutating func next<V: TileRow>() -> V {
        defer { offsets += 1 }
        return V(base + offsets.pointee)
    }
}

struct RunRows: PanelRows {
    let base: UnsafePointer<Float>
    var offsets: UnsafePointer<Int>
    let gap: Int
    init(_ base: UnsafePointer<Float>, offsets: UnsafePointer<Int>, gap: Int) { (self.base, self.offsets, self.gap) = (base, offsets, gap) }

    @inline(__always)
    mutating func next<V: TileRow>() -> V {
        defer { offsets += 1 }
        return V(runsOf8At: base + offsets.pointee, gap: gap)
    }
}

/// Where a tile reads A: row i's base, and step by step along K the column offset all rows share.
protocol TileA {
    associatedtype Columns: ColumnSteps
    /// The same A from row i on.
    func from(row i: Int) -> Self
    /// Row i's base.
    func row(_ i: Int) -> UnsafePointer<Float>
    /// The column offsets along K, from the first.
    var columns: Columns { get }
}

protocol ColumnSteps {
    /// The next column's offset, then moves on.
    mutating func next() -> Int
}

/// A matrix: element (i, p) at `base[i·rowStride + p·colStride]` (a transposed A swaps the strides).
struct MatrixA: TileA {
    let base: UnsafePointer<Float>, rowStride: Int, colStride: Int
    @inline(__always) func from(row i: Int) -> MatrixA { MatrixA(base: base + i * rowStride, rowStride: rowStride, colStride: colStride) }
    @inline(__always) func row(_ i: Int) -> UnsafePointer<Float> { base + i * rowStride }
    @inline(__always) var columns: StridedColumns { StridedColumns(stride: colStride) }
}

struct StridedColumns: ColumnSteps {
    var offset = 0
    let stride: Int
    init(stride: Int) { self.stride = stride }
    @inline(__always) mutating func next() -> Int {
        defer { offset += stride }
        return offset
    }
}

/// X̂ read from an image (stride 1, no padding): row i starts at `image + rowStarts[i]`, and column
/// p, output position (y, x), is `y·imageWidth + x` further on.
struct ImageA: TileA {
    let image: UnsafePointer<Float>, rowStarts: UnsafePointer<Int>, outputWidth: Int, imageWidth: Int
    @inline(__always) func from(row i: Int) -> ImageA {
        ImageA(image: image, rowStarts: rowStarts + i, outputWidth: outputWidth, imageWidth: imageWidth)
    }
    @inline(__always) func row(_ i: Int) -> UnsafePointer<Float> { image + rowStarts[i] }
    @inline(__always) var columns: PositionColumns { PositionColumns(outputWidth: outputWidth, imageWidth: imageWidth) }
}

/// Output positions in order, as offsets into the image: along an output row, then on to the next
/// image row.
struct PositionColumns: ColumnSteps {
    var offset = 0, x = 0
    let outputWidth: Int, skip: Int
    init(outputWidth: Int, imageWidth: Int) { (self.outputWidth, skip) = (outputWidth, imageWidth - outputWidth) }
    @inline(__always) mutating func next() -> Int {
        defer {
            offset += 1
            x += 1
            if x == outputWidth { (offset, x) = (offset + skip, 0) }
        }
        return offset
    }
}

/// The register-blocked inner loops of `Kernels.gemm`: a tile of rows × `V.width` columns of C kept
/// in registers for the whole K loop, B read from a packed panel, A broadcast.
enum GEMMTile<V: TileRow> {
    @inline(__always)
    static func store(_ v: V, to c: UnsafeMutablePointer<Float>, columns: Int, accumulate: Bool) {
        v.store(to: c, columns: columns, accumulate: accumulate)
    }

    /// One panel of C (`columns` ≤ V.width wide): tiles of 6, then 4, then 1 rows.
    @inline(__always)
    static func sweep<A: TileA, R: PanelRows>(m: Int, k: Int, a: A, b: R, c: UnsafeMutablePointer<Float>, ldc: Int, columns: Int,
                                              accumulate: Bool) {
        var i = 0
        while i + 6 <= m {
            rows6(k: k, a: a.from(row: i), b: b, c: c + i * ldc, ldc: ldc, columns: columns, accumulate: accumulate)
            i += 6
        }
        while i + 4 <= m {
            rows4(k: k, a: a.from(row: i), b: b, c: c + i * ldc, ldc: ldc, columns: columns, accumulate: accumulate)
            i += 4
        }
        while i < m {
            rows1(k: k, a: a.from(row: i), b: b, c: c + i * ldc, columns: columns, accumulate: accumulate)
            i += 1
        }
    }

    static func rows6<A: TileA, R: PanelRows>(k: Int, a: A, b: R, c: UnsafeMutablePointer<Float>, ldc: Int, columns: Int, accumulate: Bool) {
        var c0 = V(), c1 = V(), c2 = V()
        var c3 = V(), c4 = V(), c5 = V()
        let a0 = a.row(0), a1 = a.row(1), a2 = a.row(2), a3 = a.row(3), a4 = a.row(4), a5 = a.row(5)
        var b = b, steps = a.columns
        for _ in 0..<k {
            let bv: V = b.next(), offset = steps.next()
            c0.addProduct(a0[offset], bv)
            c1.addProduct(a1[offset], bv)
            c2.addProduct(a2[offset], bv)
            c3.addProduct(a3[offset], bv)
            c4.addProduct(a4[offset], bv)
            c5.addProduct(a5[offset], bv)
        }
        store(c0, to: c, columns: columns, accumulate: accumulate)
        store(c1, to: c + ldc, columns: columns, accumulate: accumulate)
        store(c2, to: c + 2 * ldc, columns: columns, accumulate: accumulate)
        store(c3, to: c + 3 * ldc, columns: columns, accumulate: accumulate)
        store(c4, to: c + 4 * ldc, columns: columns, accumulate: accumulate)
        store(c5, to: c + 5 * ldc, columns: columns, accumulate: accumulate)
    }

    static func rows4<A: TileA, R: PanelRows>(k: Int, a: A, b: R, c: UnsafeMutablePointer<Float>, ldc: Int, columns: Int, accumulate: Bool) {
        var c0 = V(), c1 = V(), c2 = V(), c3 = V()
        let a0 = a.row(0), a1 = a.row(1), a2 = a.row(2), a3 = a.row(3)
        var b = b, steps = a.columns
        for _ in 0..<k {
            let bv: V = b.next(), offset = steps.next()
            c0.addProduct(a0[offset], bv)
            c1.addProduct(a1[offset], bv)
            c2.addProduct(a2[offset], bv)
            c3.addProduct(a3[offset], bv)
        }
        store(c0, to: c, columns: columns, accumulate: accumulate)
        store(c1, to: c + ldc, columns: columns, accumulate: accumulate)
        store(c2, to: c + 2 * ldc, columns: columns, accumulate: accumulate)
        store(c3, to: c + 3 * ldc, columns: columns, accumulate: accumulate)
    }

    static func rows1<A: TileA, R: PanelRows>(k: Int, a: A, b: R, c: UnsafeMutablePointer<Float>, columns: Int, accumulate: Bool) {
        var c0 = V()
        let a0 = a.row(0)
        var b = b, steps = a.columns
        for _ in 0..<k {
            c0.addProduct(a0[steps.next()], b.next())
        }
        store(c0, to: c, columns: columns, accumulate: accumulate)
    }
}
