/// C (M×N) = A (M×K) · Bᵀ where B is stored N×K: each entry a dot product along K, computed for
/// 2 rows × `blockColumns` entries at a time with 16-wide accumulators, whose lanes are added in a
/// fixed order at the end. 2×4 blocks need 8 accumulators: 8 zmm registers on AVX-512, but 16 ymm
/// on AVX2, all there are, so the loop would spill; there blocks are 2×2. Each entry's sum is the
/// same either way. B's rows are a matrix's (`MatrixRows`) or X̂'s read from an image (`ImageRuns`).
enum DotTile {
    static func gemm<B: DotRows>(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: B,
                                 c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, blockColumns: Int) {
        precondition(blockColumns == 2 || blockColumns == 4, "DotTile blocks are 2 or 4 columns wide")
        var i = 0
        while i < m {
            let rows = min(2, m - i)
            var j = 0
            while j < n {
                let columns = min(blockColumns, n - j)
                let (a, c) = (a + i * lda, c + i * ldc + j)
                if blockColumns == 4 {
                    block(4, rows: rows, columns: columns, k: k, a: a, lda: lda, b: b, firstRow: j, c: c, ldc: ldc, accumulate: accumulate)
                } else {
                    block(2, rows: rows, columns: columns, k: k, a: a, lda: lda, b: b, firstRow: j, c: c, ldc: ldc, accumulate: accumulate)
                }
                j += blockColumns
            }
            i += 2
        }
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> SIMD16<Float> { UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self) }

    /// Up to 2 rows of A against up to `width` (2 or 4, a constant once inlined) rows of B from
    /// `firstRow`; missing ones read row `firstRow` again and are not stored.
    @inline(__always)
    static func block<B: DotRows>(_ width: Int, rows: Int, columns: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: B, firstRow j: Int,
                                  c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
        let a0 = a, a1 = rows > 1 ? a + lda : a
        let b0 = b.row(j), b1 = b.row(columns > 1 ? j + 1 : j), b2 = b.row(columns > 2 ? j + 2 : j), b3 = b.row(columns > 3 ? j + 3 : j)
        var s00 = SIMD16<Float>(), s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00
        var p = 0
        while p + 16 <= k {
            let x0 = load(a0 + p), x1 = load(a1 + p)
            let y0 = b.load(b0, p), y1 = b.load(b1, p)
            s00.addProduct(x0, y0); s01.addProduct(x0, y1)
            s10.addProduct(x1, y0); s11.addProduct(x1, y1)
            if width == 4 {
                let y2 = b.load(b2, p), y3 = b.load(b3, p)
                s02.addProduct(x0, y2); s03.addProduct(x0, y3)
                s12.addProduct(x1, y2); s13.addProduct(x1, y3)
            }
            p += 16
        }
        // A SIMD8 rather than an array: no heap allocation per block.
        var sums = width == 4 ? SIMD8<Float>(s00.sum(), s01.sum(), s02.sum(), s03.sum(), s10.sum(), s11.sum(), s12.sum(), s13.sum())
                              : SIMD8<Float>(s00.sum(), s01.sum(), 0, 0, s10.sum(), s11.sum(), 0, 0)
        while p < k {
            let x0 = a0[p], x1 = a1[p]
            let (y0, y1, y2, y3) = (b.element(b0, p), b.element(b1, p), b.element(b2, p), b.element(b3, p))
            sums[0] += x0 * y0; sums[1] += x0 * y1; sums[2] += x0 * y2; sums[3] += x0 * y3
            sums[4] += x1 * y0; sums[5] += x1 * y1; sums[6] += x1 * y2; sums[7] += x1 * y3
            p += 1
        }
        for r in 0..<rows {
            for q in 0..<columns {
                let out = c + r * ldc + q
                out.pointee = accumulate ? out.pointee + sums[r * 4 + q] : sums[r * 4 + q]
            }
        }
    }
}

/// Where `DotTile` finds the K values of B's row j.
protocol DotRows {
    /// Row j's base.
    func row(_ j: Int) -> UnsafePointer<Float>
    /// Values p..<p+16 of the row at `base`.
    func load(_ base: UnsafePointer<Float>, _ p: Int) -> SIMD16<Float>
    /// Value p of the row at `base`.
    func element(_ base: UnsafePointer<Float>, _ p: Int) -> Float
}

/// The rows of a matrix stored N×K: row j at `b + j·ldb`, its values consecutive.
struct MatrixRows: DotRows {
    let b: UnsafePointer<Float>, ldb: Int
    @inline(__always) func row(_ j: Int) -> UnsafePointer<Float> { b + j * ldb }
    @inline(__always) func load(_ base: UnsafePointer<Float>, _ p: Int) -> SIMD16<Float> { DotTile.load(base + p) }
    @inline(__always) func element(_ base: UnsafePointer<Float>, _ p: Int) -> Float { base[p] }
}

/// The rows of an image's X̂ (stride 1, no padding, outputs a multiple of 8 wide) read from the
/// image: row j starts at `image + rowOffsets[j]`, and its values come in runs of 8 consecutive image
/// values, run r (values 8r..<8r+8, all in one output row) at `runStarts[r]` from the row's start.
struct ImageRuns: DotRows {
    let image: UnsafePointer<Float>, rowOffsets: UnsafePointer<Int>, runStarts: UnsafePointer<Int>
    @inline(__always) func row(_ j: Int) -> UnsafePointer<Float> { image + rowOffsets[j] }
    @inline(__always) func load(_ base: UnsafePointer<Float>, _ p: Int) -> SIMD16<Float> {
        let r = p / 8
        return SIMD16(lowHalf: UnsafeRawPointer(base + runStarts[r]).loadUnaligned(as: SIMD8<Float>.self),
                      highHalf: UnsafeRawPointer(base + runStarts[r + 1]).loadUnaligned(as: SIMD8<Float>.self))
    }
    @inline(__always) func element(_ base: UnsafePointer<Float>, _ p: Int) -> Float { base[runStarts[p / 8] + p % 8] }
}
