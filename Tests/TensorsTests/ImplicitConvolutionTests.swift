import Tensors
import XCTest

/// Convolution read straight from the image (`convolveImplicitly`) gives the bits that building
/// the transposed im2col matrix and multiplying give, at both register-tile widths, for filter
/// counts around the tile's 6 and 4 rows and wide rows around the panel edges.
final class ImplicitConvolutionTests: XCTestCase {
    func testTheSameBitsAsIm2colThenGEMM() throws {
        var rng = RandomGenerator(seed: 21)
        var cases = 0
        // Wide rows, then outputs 8 wide read as runs of 8 (LeNet's conv2; 7 output rows end in a
        // panel overlapping the one before at both widths; a 1×1 kernel; a kernel wider than tall),
        // then outputs narrower than one panel, 11 wide and 8 wide.
        for (channels, height, width, kernel) in [(1, 28, 28, 5), (1, 9, 16, 3), (2, 7, 17, 2), (3, 12, 12, 1), (1, 5, 33, 4), (2, 1, 64, 1),
                                                  (6, 12, 12, 5), (2, 9, 10, 3), (1, 4, 8, 1), (3, 10, 11, 4), (1, 2, 12, 2), (2, 3, 10, 3)] {
            let window = Window(kernelHeight: min(kernel, height), kernelWidth: kernel)
            let g = try SlidingWindow(channels: channels, height: height, width: width, window: window)
            XCTAssertTrue(Kernels.suitsImplicitConvolution(g), "\(channels)×\(height)×\(width) k\(kernel)")
            let image = Tensor.randomNormal(shape: [channels * height * width], sigma: 1, using: &rng)
            for filters in [1, 4, 5, 6, 7, 13, 16, 17] {
                let weight = Tensor.randomNormal(shape: [filters, g.patchSize], sigma: 1, using: &rng)
                let p = g.outputPositions
                var expected = [Float](repeating: 0, count: filters * p), columns = [Float](repeating: 0, count: g.patchSize * p)
                image.withUnsafeBufferPointer { x in weight.withUnsafeBufferPointer { w in
                    Kernels.im2colTransposed(g, image: x.baseAddress!, columns: &columns)
                    Kernels.gemm(m: filters, n: p, k: g.patchSize, a: w.baseAddress!, lda: g.patchSize, b: columns, ldb: p, c: &expected, ldc: p)
                } }
                for width in [16, 32] {
                    var actual = [Float](repeating: .nan, count: filters * p)
                    var scratch = [Float](repeating: .nan, count: Kernels.implicitScratch(g, filters: filters))
                    image.withUnsafeBufferPointer { x in weight.withUnsafeBufferPointer { w in
                        Kernels.convolveImplicitly(g, image: x.baseAddress!, weight: w.baseAddress!, filters: filters, output: &actual,
                                                   scratch: &scratch, panelWidth: width)
                    } }
                    XCTAssertEqual(actual.map(\.bitPattern), expected.map(\.bitPattern),
                                   "\(channels)×\(height)×\(width) k\(kernel), \(filters) filters, tile width \(width)")
                    cases += 1
                }
            }
        }
        XCTAssertEqual(cases, 12 * 8 * 2)
    }

    func testOnlyWindowsThatLoseLittleWidthOrGiveRowsOf8Suit() throws {
        let conv1 = try SlidingWindow(channels: 1, height: 28, width: 28, window: Window(kernelHeight: 5, kernelWidth: 5))
        let conv2 = try SlidingWindow(channels: 6, height: 12, width: 12, window: Window(kernelHeight: 5, kernelWidth: 5))
        let strided = try SlidingWindow(channels: 1, height: 28, width: 28, window: Window(kernelHeight: 3, kernelWidth: 3, stride: 2))
        let padded = try SlidingWindow(channels: 1, height: 28, width: 28, window: Window(kernelHeight: 3, kernelWidth: 3, padding: 1))
        XCTAssertTrue(Kernels.suitsImplicitConvolution(conv1), "24 of 28 columns kept")
        let conv2Wider = try SlidingWindow(channels: 6, height: 14, width: 14, window: Window(kernelHeight: 5, kernelWidth: 5))
        XCTAssertTrue(Kernels.suitsImplicitConvolution(conv2), "8 of 12 columns kept: rows of 8")
        XCTAssertFalse(Kernels.suitsImplicitConvolution(conv2Wider), "10 of 14 columns kept")
        XCTAssertEqual(Kernels.implicitScratch(conv2, filters: 16), 0, "rows of 8 go straight to the output")
        XCTAssertFalse(Kernels.suitsImplicitConvolution(strided))
        XCTAssertFalse(Kernels.suitsImplicitConvolution(padded))
    }

    /// dW read from the image gives the bits of building X̂ and calling `gemm` as a convolution's
    /// backward does: dot products from 256 positions (both block shapes, a tail of 8 positions
    /// after the 16-wide steps: 17·24 = 408), a packed GEMM into dWᵀ below (LeNet's conv2, outputs
    /// not a multiple of 8 wide, a 1×1 kernel; filter counts around both tile widths), accumulating
    /// or not.
    func testTheWeightGradientReadFromTheImageHasTheSameBitsAsIm2colThenGEMM() throws {
        var rng = RandomGenerator(seed: 22)
        var cases = 0
        let shapes = [(1, 28, 28, 5), (2, 20, 20, 5), (1, 36, 12, 5), (3, 19, 26, 3), (6, 12, 12, 5), (2, 9, 10, 3), (1, 7, 13, 4), (3, 5, 5, 1)]
        for (channels, height, width, kernel) in shapes {
            let g = try SlidingWindow(channels: channels, height: height, width: width, window: Window(kernelHeight: kernel, kernelWidth: kernel))
            XCTAssertTrue(Kernels.suitsImplicitWeightGradient(g), "\(channels)×\(height)×\(width) k\(kernel)")
            let (p, k, dots) = (g.outputPositions, g.patchSize, g.outputPositions >= Kernels.longDotProduct)
            let image = Tensor.randomNormal(shape: [channels * height * width], sigma: 1, using: &rng)
            var columns = [Float](repeating: 0, count: k * p)
            image.withUnsafeBufferPointer { Kernels.im2colTransposed(g, image: $0.baseAddress!, columns: &columns) }
            for filters in [1, 2, 6, 7, 16, 17] {
                let dy = Tensor.randomNormal(shape: [filters, p], sigma: 1, using: &rng)
                let start = (0..<(filters * k)).map { Float($0 % 9) - 4 }
                for accumulate in [false, true] {
                    for width in [16, 32] {
                        var expected = start, actual = start
                        dy.withUnsafeBufferPointer { d in image.withUnsafeBufferPointer { x in
                            if dots {  // dW (M×K) = dYₙ·X̂ₙᵀ
                                Kernels.gemm(transB: true, m: filters, n: k, k: p, a: d.baseAddress!, lda: p, b: columns, ldb: p, c: &expected,
                                             ldc: k, accumulate: accumulate, panelWidth: width)
                            } else {  // dWᵀ (K×M) = X̂ₙ·dYₙᵀ
                                Kernels.gemm(transB: true, m: k, n: filters, k: p, a: columns, lda: p, b: d.baseAddress!, ldb: p, c: &expected,
                                             ldc: filters, accumulate: accumulate, panelWidth: width)
                            }
                            Kernels.convolutionWeightGradient(g, dy: d.baseAddress!, filters: filters, image: x.baseAddress!, into: &actual,
                                                              accumulate: accumulate, panelWidth: width)
                        } }
                        XCTAssertEqual(actual.map(\.bitPattern), expected.map(\.bitPattern),
                                       "\(channels)×\(height)×\(width) k\(kernel), \(filters) filters, accumulate \(accumulate), width \(width)")
                        cases += 1
                    }
                }
            }
        }
        XCTAssertEqual(cases, 8 * 6 * 2 * 2)
        let narrow = try SlidingWindow(channels: 1, height: 28, width: 26, window: Window(kernelHeight: 5, kernelWidth: 5))
        XCTAssertFalse(Kernels.suitsImplicitWeightGradient(narrow), "528 positions 22 wide: dot products' runs of 8 would cross rows")
        let padded = try SlidingWindow(channels: 1, height: 12, width: 12, window: Window(kernelHeight: 3, kernelWidth: 3, padding: 1))
        XCTAssertFalse(Kernels.suitsImplicitWeightGradient(padded), "padding is not in the image")
    }
}
