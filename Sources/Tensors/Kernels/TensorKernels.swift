/// Tensor-level entry points over `Kernels`, for layers and the shell.
extension Tensor {
    /// y = f(x) value by value, f a kernel such as `Kernels.relu`.
    public func elementwise(_ kernel: Kernels.Unary) -> Tensor {
        Tensor(shape: shape) { y in withUnsafeBufferPointer { kernel($0.baseAddress!, y.baseAddress!, y.count) } }
    }

    /// dx from this dy and the forward output y, value by value (`Kernels.reluBackward`...).
    public func elementwise(_ other: Tensor, _ kernel: Kernels.Gradient) -> Tensor {
        precondition(count == other.count, "\(shapeDescription) and \(other.shapeDescription) differ")
        return Tensor(shape: shape) { out in
            withUnsafeBufferPointer { a in other.withUnsafeBufferPointer { b in kernel(a.baseAddress!, b.baseAddress!, out.baseAddress!, out.count) } }
        }
    }

    /// Σ_k w_k·parts_k for tensors of one shape, added in the order given. `runs` may cut the values
    /// into runs computed apart, on several threads (`runs(count, body)` calls `body` on runs that
    /// cover 0..<count): each value is a sum of its own, so any cut gives the same bits.
    public static func weightedSum(_ parts: [Tensor], weights: [Float], runs: ValueRuns = { $1(0..<$0) }) -> Tensor {
        precondition(!parts.isEmpty && parts.allSatisfy { $0.shape == parts[0].shape }, "parts of one shape")
        return Tensor(shape: parts[0].shape) { out in
            withBaseAddresses(of: parts.map(\.scalars)) { pointers in
                nonisolated(unsafe) let (pointers, out) = (pointers, out.baseAddress!)
                runs(parts[0].count) { r in
                    Kernels.weightedSum(pointers.map { $0 + r.lowerBound }, weights: weights, count: r.count, into: out + r.lowerBound)
                }
            }
        }
    }

    /// How elementwise work over `count` values is cut into runs: `body` called on runs that
    /// together cover 0..<count, in any order, maybe at once.
    public typealias ValueRuns = (_ count: Int, _ body: @Sendable (Range<Int>) -> Void) -> Void

    /// `op(self)·op(other)` for 2-D tensors.
    public func matmul(_ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false) -> Tensor {
        precondition(rank == 2 && other.rank == 2, "matmul needs 2-D tensors, got \(shapeDescription) and \(other.shapeDescription)")
        let (m, k) = transposeSelf ? (shape[1], shape[0]) : (shape[0], shape[1])
        let (k2, n) = transposeOther ? (other.shape[1], other.shape[0]) : (other.shape[0], other.shape[1])
        precondition(k == k2, "matmul inner sizes differ: \(k) and \(k2)")
        var out = Tensor(shape: [m, n])
        withUnsafeBufferPointer { a in
            other.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { c in
                    Kernels.gemm(transA: transposeSelf, transB: transposeOther, m: m, n: n, k: k,
                                 a: a.baseAddress!, lda: shape[1], b: b.baseAddress!, ldb: other.shape[1],
                                 c: c.baseAddress!, ldc: n)
                }
            }
        }
        return out
    }

    /// The course's im2col: this N×C×H×W tensor unfolded to a (N·OH·OW)×(C·KH·KW) matrix.
    public func im2col(_ window: Window) throws(WindowError) -> Tensor {
        precondition(rank == 4, "im2col needs an N×C×H×W tensor, got \(shapeDescription)")
        let g = try SlidingWindow(over: self, window: window)
        var out = Tensor(shape: [shape[0] * g.outputPositions, g.patchSize])
        withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { cols in
                Kernels.im2col(g, batch: shape[0], input: x.baseAddress!, columns: cols.baseAddress!)
            }
        }
        return out
    }

    /// The course's col2im, the inverse direction of `im2col`: this (N·OH·OW)×(C·KH·KW) column matrix
    /// folded back onto N images C×H×W, every entry added onto the pixel it was copied from. Where
    /// windows overlap a pixel receives several values, so col2im(im2col(x)) = x · `windowCounts`.
    /// The matrix must have the shape im2col gives for these images (checked by the caller).
    public func col2im(_ window: Window, channels: Int, height: Int, width: Int) throws(WindowError) -> Tensor {
        let g = try SlidingWindow(channels: channels, height: height, width: width, window: window)
        precondition(rank == 2 && shape[1] == g.patchSize && shape[0] % g.outputPositions == 0,
                     "col2im needs a (N·\(g.outputPositions))×\(g.patchSize) matrix, got \(shapeDescription)")
        let batch = shape[0] / g.outputPositions
        var out = Tensor(shape: [batch, channels, height, width])
        withUnsafeBufferPointer { cols in
            out.withUnsafeMutableBufferPointer { x in
                Kernels.col2im(g, batch: batch, columns: cols.baseAddress!, output: x.baseAddress!)
            }
        }
        return out
    }

    /// How many of the window's positions cover each pixel of an H×W image (padding included in
    /// the sliding, not in the count): col2im of an all-ones column matrix, one image, one channel.
    /// It is why col2im accumulates: pixel (h, w) gets one value from each of these windows.
    public static func windowCounts(_ window: Window, height: Int, width: Int) throws(WindowError) -> Tensor {
        let g = try SlidingWindow(channels: 1, height: height, width: width, window: window)
        let ones = Tensor(shape: [g.outputPositions, g.patchSize], repeating: 1)
        return Tensor(shape: [height, width], scalars: try ones.col2im(window, channels: 1, height: height, width: width).scalars)
    }
}

/// The base addresses of `arrays`, for a body that reads them all at once (each array's storage is
/// pinned for the call, nested one inside the next).
public func withBaseAddresses(of arrays: [[Float]], _ body: ([UnsafePointer<Float>]) -> Void) {
    func nest(_ i: Int, _ pointers: [UnsafePointer<Float>]) {
        guard i < arrays.count else { return body(pointers) }
        arrays[i].withUnsafeBufferPointer { nest(i + 1, pointers + [$0.baseAddress!]) }
    }
    nest(0, [])
}
