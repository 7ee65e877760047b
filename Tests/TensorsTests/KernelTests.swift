import Tensors
import XCTest

final class KernelTests: XCTestCase {
    func testGEMMMatchesReferenceForEveryTransposeAndEdgeSize() {
        var rng = RandomGenerator(seed: 7)
        for (m, n, k) in [(1, 1, 1), (5, 17, 3), (6, 576, 25), (33, 16, 150), (4, 31, 64), (16, 64, 150), (150, 16, 64), (11, 48, 7)] {
            for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                let a = Tensor.randomNormal(shape: ta ? [k, m] : [m, k], sigma: 1, using: &rng)
                let b = Tensor.randomNormal(shape: tb ? [n, k] : [k, n], sigma: 1, using: &rng)
                var fast = [Float](repeating: 0, count: m * n), slow = fast
                a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in
                    Kernels.gemm(transA: ta, transB: tb, m: m, n: n, k: k, a: ap.baseAddress!, lda: a.shape[1],
                                 b: bp.baseAddress!, ldb: b.shape[1], c: &fast, ldc: n)
                    ReferenceKernels.gemm(transA: ta, transB: tb, m: m, n: n, k: k, a: ap.baseAddress!, lda: a.shape[1],
                                          b: bp.baseAddress!, ldb: b.shape[1], c: &slow, ldc: n)
                } }
                let err = zip(fast, slow).map { abs($0 - $1) / max(1, abs($1)) }.max()!
                XCTAssertLessThan(err, 1e-5, "m=\(m) n=\(n) k=\(k) ta=\(ta) tb=\(tb)")
            }
        }
    }

    /// Long sums (fc1's K = 256, conv dW's K = N·OH·OW) measured the way a dot product's rounding is
    /// bounded: the error over Σ|a·b|, the size of the terms summed.
    func testGEMMMatchesReferenceForLongSums() {
        var rng = RandomGenerator(seed: 8)
        for (m, n, k) in [(64, 120, 256), (6, 25, 2304), (16, 150, 4096), (7, 5, 301)] {
            for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                let a = Tensor.randomNormal(shape: ta ? [k, m] : [m, k], sigma: 1, using: &rng)
                let b = Tensor.randomNormal(shape: tb ? [n, k] : [k, n], sigma: 1, using: &rng)
                var fast = [Float](repeating: 0, count: m * n), slow = fast, scale = fast
                let absA = a.map(abs), absB = b.map(abs)
                a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in
                    Kernels.gemm(transA: ta, transB: tb, m: m, n: n, k: k, a: ap.baseAddress!, lda: a.shape[1],
                                 b: bp.baseAddress!, ldb: b.shape[1], c: &fast, ldc: n)
                    ReferenceKernels.gemm(transA: ta, transB: tb, m: m, n: n, k: k, a: ap.baseAddress!, lda: a.shape[1],
                                          b: bp.baseAddress!, ldb: b.shape[1], c: &slow, ldc: n)
                } }
                absA.withUnsafeBufferPointer { ap in absB.withUnsafeBufferPointer { bp in
                    ReferenceKernels.gemm(transA: ta, transB: tb, m: m, n: n, k: k, a: ap.baseAddress!, lda: a.shape[1],
                                          b: bp.baseAddress!, ldb: b.shape[1], c: &scale, ldc: n)
                } }
                let err = zip(zip(fast, slow), scale).map { abs($0.0 - $0.1) / $1 }.max()!
                XCTAssertLessThan(err, 1e-5, "m=\(m) n=\(n) k=\(k) ta=\(ta) tb=\(tb)")
            }
        }
    }

    /// The course's example: a 2×1×4×4 input and a 3×3 filter unfold to an 8×9 matrix.
    func testIm2colCourseExample() throws {
        let x = Tensor(shape: [2, 1, 4, 4], scalars: (0..<32).map(Float.init))
        let cols = try x.im2col(Window(kernelHeight: 3, kernelWidth: 3))
        XCTAssertEqual(cols.shape, [8, 9])
        XCTAssertEqual(Array(cols.scalars[0..<9]), [0, 1, 2, 4, 5, 6, 8, 9, 10])
        XCTAssertEqual(Array(cols.scalars[9..<18]), [1, 2, 3, 5, 6, 7, 9, 10, 11])
        XCTAssertEqual(Array(cols.scalars[63..<72]), [21, 22, 23, 25, 26, 27, 29, 30, 31])
    }

    /// Equal and per-axis strides and paddings (S_h ≠ S_w, P_h ≠ P_w).
    static let windows: [(Window.Axis, Window.Axis)] = [
        (.init(kernel: 3), .init(kernel: 2)), (.init(kernel: 3, padding: 1), .init(kernel: 2, padding: 1)),
        (.init(kernel: 3, stride: 2), .init(kernel: 2, stride: 2)), (.init(kernel: 3, stride: 2, padding: 1), .init(kernel: 2, stride: 2, padding: 1)),
        (.init(kernel: 3, stride: 3, padding: 2), .init(kernel: 2, stride: 3, padding: 1)), (.init(kernel: 3, stride: 2, padding: 0), .init(kernel: 2, stride: 1, padding: 1)),
        (.init(kernel: 2, stride: 1, padding: 1), .init(kernel: 3, stride: 3, padding: 0)),
    ]

    func testIm2colMatchesReferenceWithStrideAndPadding() throws {
        var rng = RandomGenerator(seed: 3)
        for (height, width) in Self.windows {
            let (stride, pad) = ("\(height.stride)×\(width.stride)", "\(height.padding)×\(width.padding)")
            let g = try SlidingWindow(channels: 3, height: 7, width: 6, window: Window(height: height, width: width))
            let x = Tensor.randomNormal(shape: [2, 3, 7, 6], sigma: 1, using: &rng)
            let rows = 2 * g.outputPositions * g.patchSize
            var fast = [Float](repeating: 0, count: rows), slow = fast
            x.withUnsafeBufferPointer { xp in
                Kernels.im2col(g, batch: 2, input: xp.baseAddress!, columns: &fast)
                ReferenceKernels.im2col(g, batch: 2, input: xp.baseAddress!, columns: &slow)
            }
            XCTAssertEqual(fast, slow, "im2col stride \(stride) pad \(pad)")
        }
    }

    func testCol2imMatchesReferenceWithStrideAndPadding() throws {
        var rng = RandomGenerator(seed: 4)
        var windows = Self.windows.map { Window(height: $0.0, width: $0.1) }
        windows.append(Window(kernelHeight: 2, kernelWidth: 2, stride: 1, padding: 3))  // windows wholly in the padding
        for window in windows {
            let g = try SlidingWindow(channels: 3, height: 7, width: 6, window: window)
            let cols = Tensor.randomNormal(shape: [2 * g.outputPositions, g.patchSize], sigma: 1, using: &rng)
            var fast = [Float](repeating: .nan, count: 2 * g.imageSize), slow = fast
            cols.withUnsafeBufferPointer { cp in
                Kernels.col2im(g, batch: 2, columns: cp.baseAddress!, output: &fast)
                ReferenceKernels.col2im(g, batch: 2, columns: cp.baseAddress!, output: &slow)
            }
            let err = zip(fast, slow).map { abs($0 - $1) }.max()!
            XCTAssertLessThan(err, 1e-5, "col2im \(window.summary)")
        }
    }

    /// col2im(im2col(x)) is x times the number of windows covering each pixel, for any window; the
    /// course's 2×1×4×4 example with 3×3 windows comes back as x ⊙ [1 2 2 1; 2 4 4 2; 2 4 4 2; 1 2 2 1].
    func testCol2imOfIm2colIsTheInputTimesTheWindowCounts() throws {
        let x = Tensor(shape: [2, 1, 4, 4], scalars: (0..<32).map(Float.init))
        let course = Window(kernelHeight: 3, kernelWidth: 3)
        let counts = try Tensor.windowCounts(course, height: 4, width: 4)
        XCTAssertEqual(counts, Tensor(shape: [4, 4], scalars: [1, 2, 2, 1, 2, 4, 4, 2, 2, 4, 4, 2, 1, 2, 2, 1]))
        let back = try x.im2col(course).col2im(course, channels: 1, height: 4, width: 4)
        XCTAssertEqual(back.shape, [2, 1, 4, 4])
        XCTAssertEqual(back.scalars, x.scalars.indices.map { x.scalars[$0] * counts.scalars[$0 % 16] })
        XCTAssertEqual(try Tensor.windowCounts(Window(kernelHeight: 2, kernelWidth: 2, stride: 2), height: 4, width: 4),
                       Tensor(shape: [4, 4], repeating: 1), "windows that tile the image cover each pixel once")

        var rng = RandomGenerator(seed: 6)
        for window in Self.windows.map({ Window(height: $0.0, width: $0.1) }) {
            let x = Tensor.randomNormal(shape: [2, 3, 7, 6], sigma: 1, using: &rng)
            let counts = try Tensor.windowCounts(window, height: 7, width: 6)
            let back = try x.im2col(window).col2im(window, channels: 3, height: 7, width: 6)
            let expected = x.scalars.indices.map { x.scalars[$0] * counts.scalars[$0 % 42] }
            let err = zip(back.scalars, expected).map { abs($0 - $1) }.max()!
            XCTAssertLessThan(err, 1e-5, "col2im(im2col(x)) = x ⊙ counts, \(window.summary)")
        }
    }

    func testTransposedIm2colAndCol2imMatchReference() throws {
        var rng = RandomGenerator(seed: 5)
        var windows = [(1, 0, 5, 5), (1, 2, 3, 3), (2, 0, 3, 2), (2, 1, 3, 3), (3, 2, 2, 4), (1, 1, 7, 6)].map { (s, p, kh, kw) in
            Window(kernelHeight: kh, kernelWidth: kw, stride: s, padding: p)
        }
        windows += Self.windows.map { Window(height: $0.0, width: $0.1) }
        for window in windows {
            let (stride, pad, kh, kw) = ("\(window.height.stride)×\(window.width.stride)", "\(window.height.padding)×\(window.width.padding)", window.kernelHeight, window.kernelWidth)
            let g = try SlidingWindow(channels: 2, height: 7, width: 6, window: window)
            let x = Tensor.randomNormal(shape: [2, 7, 6], sigma: 1, using: &rng)
            var fast = [Float](repeating: .nan, count: g.outputPositions * g.patchSize), slow = fast
            x.withUnsafeBufferPointer { xp in
                Kernels.im2colTransposed(g, image: xp.baseAddress!, columns: &fast)
                ReferenceKernels.im2colTransposed(g, image: xp.baseAddress!, columns: &slow)
            }
            XCTAssertEqual(fast, slow, "im2colTransposed stride \(stride) pad \(pad) kernel \(kh)×\(kw)")
            var back = [Float](repeating: .nan, count: x.count), backRef = back
            Kernels.col2imTransposed(g, columns: fast, image: &back)
            ReferenceKernels.col2imTransposed(g, columns: fast, image: &backRef)
            let err = zip(back, backRef).map { abs($0 - $1) }.max()!
            XCTAssertLessThan(err, 1e-5, "col2imTransposed stride \(stride) pad \(pad) kernel \(kh)×\(kw)")
        }
    }

    func testNonFiniteValuesAreFoundAnywhereAndHugeOnesAreNot() {
        XCTAssertFalse(Tensor(shape: [0]).hasNonFinite)
        XCTAssertFalse(Tensor(shape: [19], repeating: 3e38).hasNonFinite, "a sum would overflow; v·0 does not")
        for bad in [Float.nan, .infinity, -.infinity] {
            for position in [0, 7, 8, 16, 18] {
                var t = Tensor(shape: [19], repeating: 1)
                t[flat: position] = bad
                XCTAssertTrue(t.hasNonFinite, "\(bad) at \(position)")
            }
        }
    }

    /// The vector square root (Adam's) gives each lane exactly the scalar root.
    func testVectorSquareRootEqualsTheScalarOneBitForBit() {
        var rng = RandomGenerator(seed: 4)
        var values: [Float] = [0, -0.0, .infinity, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, 1, 2, 1e-30, 3e30]
        for _ in 0..<1000 { values.append(Float(abs(rng.normal())) * Float(1 << (values.count % 40))) }
        while values.count % 8 != 0 { values.append(0.5) }
        for start in stride(from: 0, to: values.count, by: 8) {
            let v = SIMD8<Float>(values[start..<start + 8])
            let root = Kernels.squareRoot(v)
            for lane in 0..<8 { XCTAssertEqual(root[lane].bitPattern, v[lane].squareRoot().bitPattern, "√\(v[lane])") }
        }
        XCTAssertTrue(Kernels.squareRoot(SIMD8<Float>(repeating: -1))[3].isNaN)
    }

    func testRandomGeneratorIsSeededAndNormal() {
        var a = RandomGenerator(seed: 42), b = RandomGenerator(seed: 42), c = RandomGenerator(seed: 43)
        let xa = (0..<5).map { _ in a.next() }, xb = (0..<5).map { _ in b.next() }
        XCTAssertEqual(xa, xb)
        XCTAssertNotEqual(xa, (0..<5).map { _ in c.next() })
        let t = Tensor.randomNormal(shape: [100_000], sigma: 2, using: &a)
        XCTAssertEqual(t.statistics.mean, 0, accuracy: 0.03)
        XCTAssertEqual(t.statistics.std, 2, accuracy: 0.03)
        XCTAssertEqual(a.permutation(10).sorted(), Array(0..<10))
    }

    func testReshapeAndSlice() throws {
        let x = Tensor(shape: [4, 2, 3], scalars: (0..<24).map(Float.init))
        XCTAssertEqual(try x.reshaped([4, -1]).shape, [4, 6])
        XCTAssertThrowsError(try x.reshaped([5, -1]))
        XCTAssertEqual(try x.slice(1..<3).scalars.first, 6)
        XCTAssertThrowsError(try x.slice(2..<5))
        XCTAssertEqual(try x.row(3).shape, [2, 3])
    }
}
