/// Naive twins of `Kernels`, written straight from the definitions, for the tests to compare against.
/// Sums are accumulated in Double so they are the more exact side of any comparison.
public enum ReferenceKernels {
    public static func gemm(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        accumulate: Bool = false
    ) {
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    let x = transA ? a[p * lda + i] : a[i * lda + p]
                    let y = transB ? b[j * ldb + p] : b[p * ldb + j]
                    sum += Double(x) * Double(y)
                }
                c[i * ldc + j] = Float(sum) + (accumulate ? c[i * ldc + j] : 0)
            }
        }
    }

    /// Value of column-matrix entry (row, column), computed from its definition.
    static func patchValue(_ g: SlidingWindow, input: UnsafePointer<Float>, row: Int, column: Int) -> Float {
        let n = row / g.outputPositions
        let y = (row % g.outputPositions) / g.outputWidth
        let x = row % g.outputWidth
        let (kh, kw) = (g.window.kernelHeight, g.window.kernelWidth)
        let c = column / (kh * kw)
        let i = (column / kw) % kh
        let j = column % kw
        let h = y * g.window.height.stride - g.window.height.padding + i
        let w = x * g.window.width.stride - g.window.width.padding + j
        guard h >= 0, h < g.height, w >= 0, w < g.width else { return 0 }
        return input[((n * g.channels + c) * g.height + h) * g.width + w]
    }

    public static func im2col(_ g: SlidingWindow, batch: Int, input: UnsafePointer<Float>, columns: UnsafeMutablePointer<Float>) {
        let rows = batch * g.outputPositions
        for r in 0..<rows {
            for col in 0..<g.patchSize {
                columns[r * g.patchSize + col] = patchValue(g, input: input, row: r, column: col)
            }
        }
    }

    public static func col2im(_ g: SlidingWindow, batch: Int, columns: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        output.update(repeating: 0, count: batch * g.imageSize)
        for r in 0..<(batch * g.outputPositions) {
            let n = r / g.outputPositions
            let y = (r % g.outputPositions) / g.outputWidth
            let x = r % g.outputWidth
            for col in 0..<g.patchSize {
                let (kh, kw) = (g.window.kernelHeight, g.window.kernelWidth)
                let c = col / (kh * kw)
                let h = y * g.window.height.stride - g.window.height.padding + (col / kw) % kh
                let w = x * g.window.width.stride - g.window.width.padding + col % kw
                if h >= 0, h < g.height, w >= 0, w < g.width {
                    output[((n * g.channels + c) * g.height + h) * g.width + w] += columns[r * g.patchSize + col]
                }
            }
        }
    }
}

extension ReferenceKernels {
    /// The transpose of `im2col` for one image, from the definition.
    public static func im2colTransposed(_ g: SlidingWindow, image: UnsafePointer<Float>, columns: UnsafeMutablePointer<Float>) {
        for r in 0..<g.outputPositions {
            for col in 0..<g.patchSize {
                columns[col * g.outputPositions + r] = patchValue(g, input: image, row: r, column: col)
            }
        }
    }

    public static func col2imTransposed(_ g: SlidingWindow, columns: UnsafePointer<Float>, image: UnsafeMutablePointer<Float>) {
        var rows = [Float](repeating: 0, count: g.outputPositions * g.patchSize)
        for r in 0..<g.outputPositions {
            for col in 0..<g.patchSize { rows[r * g.patchSize + col] = columns[col * g.outputPositions + r] }
        }
        col2im(g, batch: 1, columns: rows, output: image)
    }
}
