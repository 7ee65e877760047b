/// The fast kernels every layer is built on. Each has a naive twin in `ReferenceKernels`, and the
/// tests hold the two equal; nothing outside this folder touches raw loops over large buffers.
///
/// Matrices are row-major; `ld` is the distance between rows.
public enum Kernels {
    /// `C = op(A)·op(B)` (or `C += op(A)·op(B)` when `accumulate`), where `op(A)` is M×K and `op(B)` is K×N.
    /// `transA` means A is stored K×M; `transB` means B is stored N×K.
    public static func gemm(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        accumulate: Bool = false
    ) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            if !accumulate { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
            return
        }
        // A element (i, p) lives at a[i * rowStride + p * colStride].
        let rowStride = transA ? 1 : lda
        let colStride = transA ? lda : 1
        let panels = (n + GEMMTile.width - 1) / GEMMTile.width
        let packed = UnsafeMutablePointer<Float>.allocate(capacity: panels * k * GEMMTile.width)
        defer { packed.deallocate() }
        packB(transB: transB, n: n, k: k, b: b, ldb: ldb, into: packed)
        for panel in 0..<panels {
            let j = panel * GEMMTile.width
            let columns = min(GEMMTile.width, n - j)
            let bp = UnsafePointer(packed + panel * k * GEMMTile.width)
            var i = 0
            while i + 4 <= m {
                GEMMTile.rows4(k: k, a: a + i * rowStride, rowStride: rowStride, colStride: colStride,
                               b: bp, c: c + i * ldc + j, ldc: ldc, columns: columns, accumulate: accumulate)
                i += 4
            }
            while i < m {
                GEMMTile.rows1(k: k, a: a + i * rowStride, colStride: colStride,
                               b: bp, c: c + i * ldc + j, columns: columns, accumulate: accumulate)
                i += 1
            }
        }
    }

    /// Copies op(B) into panels of `GEMMTile.width` columns, each K×width and contiguous,
    /// zero-padded on the right, so the micro-kernel reads B with aligned-stride vector loads.
    private static func packB(transB: Bool, n: Int, k: Int, b: UnsafePointer<Float>, ldb: Int, into packed: UnsafeMutablePointer<Float>) {
        let w = GEMMTile.width
        let panels = (n + w - 1) / w
        for panel in 0..<panels {
            let j0 = panel * w
            let columns = min(w, n - j0)
            let dst = packed + panel * k * w
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

    /// Unfolds image patches into rows: input N×C×H×W gives a (N·OH·OW)×(C·KH·KW) matrix whose row
    /// `n·OH·OW + oh·OW + ow` holds the window under output position (oh, ow) of image n, zero where
    /// the window lies in the padding.
    public static func im2col(_ g: ConvGeometry, batch: Int, input: UnsafePointer<Float>, columns: UnsafeMutablePointer<Float>) {
        let (oh, ow, kh, kw) = (g.outputHeight, g.outputWidth, g.kernelHeight, g.kernelWidth)
        var dst = columns
        for n in 0..<batch {
            let image = input + n * g.imageSize
            for y in 0..<oh {
                for x in 0..<ow {
                    let left = x * g.stride - g.padding
                    for c in 0..<g.channels {
                        let plane = image + c * g.height * g.width
                        for i in 0..<kh {
                            let row = y * g.stride - g.padding + i
                            if row < 0 || row >= g.height || left < 0 || left + kw > g.width {
                                for j in 0..<kw {
                                    let col = left + j
                                    dst[j] = (row >= 0 && row < g.height && col >= 0 && col < g.width)
                                        ? plane[row * g.width + col] : 0
                                }
                            } else {
                                dst.update(from: plane + row * g.width + left, count: kw)
                            }
                            dst += kw
                        }
                    }
                }
            }
        }
    }

    /// The adjoint of im2col: adds every column-matrix value back onto the input position it came
    /// from (positions covered by several windows receive the sum). Overwrites `output`.
    public static func col2im(_ g: ConvGeometry, batch: Int, columns: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let (oh, ow, kh, kw) = (g.outputHeight, g.outputWidth, g.kernelHeight, g.kernelWidth)
        output.update(repeating: 0, count: batch * g.imageSize)
        var src = columns
        for n in 0..<batch {
            let image = output + n * g.imageSize
            for y in 0..<oh {
                for x in 0..<ow {
                    let left = x * g.stride - g.padding
                    for c in 0..<g.channels {
                        let plane = image + c * g.height * g.width
                        for i in 0..<kh {
                            let row = y * g.stride - g.padding + i
                            if row >= 0 && row < g.height {
                                let line = plane + row * g.width
                                for j in 0..<kw {
                                    let col = left + j
                                    if col >= 0 && col < g.width { line[col] += src[j] }
                                }
                            }
                            src += kw
                        }
                    }
                }
            }
        }
    }
}

/// The register-blocked inner loops of `Kernels.gemm`: a tile of rows × 16 columns of C kept in
/// SIMD accumulators for the whole K loop, B read from a packed panel, A broadcast.
enum GEMMTile {
    static let width = 16

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
    }

    @inline(__always)
    static func store(_ v: SIMD16<Float>, to c: UnsafeMutablePointer<Float>, columns: Int, accumulate: Bool) {
        if columns == width {
            let out = accumulate ? v + load(UnsafePointer(c)) : v
            UnsafeMutableRawPointer(c).storeBytes(of: out, as: SIMD16<Float>.self)
        } else {
            for j in 0..<columns { c[j] = accumulate ? c[j] + v[j] : v[j] }
        }
    }

    static func rows4(
        k: Int, a: UnsafePointer<Float>, rowStride: Int, colStride: Int,
        b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int, columns: Int, accumulate: Bool
    ) {
        var c0 = SIMD16<Float>(), c1 = SIMD16<Float>(), c2 = SIMD16<Float>(), c3 = SIMD16<Float>()
        let a0 = a, a1 = a + rowStride, a2 = a + 2 * rowStride, a3 = a + 3 * rowStride
        var bp = b
        var offset = 0
        for _ in 0..<k {
            let bv = load(bp)
            c0.addProduct(SIMD16(repeating: a0[offset]), bv)
            c1.addProduct(SIMD16(repeating: a1[offset]), bv)
            c2.addProduct(SIMD16(repeating: a2[offset]), bv)
            c3.addProduct(SIMD16(repeating: a3[offset]), bv)
            bp += width
            offset += colStride
        }
        store(c0, to: c, columns: columns, accumulate: accumulate)
        store(c1, to: c + ldc, columns: columns, accumulate: accumulate)
        store(c2, to: c + 2 * ldc, columns: columns, accumulate: accumulate)
        store(c3, to: c + 3 * ldc, columns: columns, accumulate: accumulate)
    }

    static func rows1(
        k: Int, a: UnsafePointer<Float>, colStride: Int,
        b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, columns: Int, accumulate: Bool
    ) {
        var c0 = SIMD16<Float>()
        var bp = b
        var offset = 0
        for _ in 0..<k {
            c0.addProduct(SIMD16(repeating: a[offset]), load(bp))
            bp += width
            offset += colStride
        }
        store(c0, to: c, columns: columns, accumulate: accumulate)
    }
}
