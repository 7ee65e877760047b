extension Kernels {
    /// Whether `convolveImplicitly` suits window g: stride 1, no padding, and either outputs exactly
    /// 8 wide (LeNet's conv2, 8 of 12), read as runs of 8, or outputs nearly as wide as the input,
    /// since each output row is then computed W wide and its last KW − 1 values thrown away (at
    /// most a quarter: LeNet's conv1, 24 of 28).
    public static func suitsImplicitConvolution(_ g: SlidingWindow) -> Bool {
        g.window.slidesByOneUnpadded && (readsRunsOf8(g) || 4 * g.outputWidth >= 3 * g.width)
    }

    /// Outputs 8 wide: a panel of Y's columns is whole output rows, and each of X̂'s rows across it
    /// is one run of 8 image values per output row, an image row apart.
    static func readsRunsOf8(_ g: SlidingWindow) -> Bool { g.outputWidth == 8 }

    /// Floats of scratch `convolveImplicitly` needs for `filters` filters: their wide rows, or none
    /// when the outputs are read as runs of 8 and go straight to the output.
    public static func implicitScratch(_ g: SlidingWindow, filters: Int) -> Int {
        readsRunsOf8(g) ? 0 : filters * ((g.outputHeight - 1) * g.width + g.outputWidth)
    }

    /// One image's convolution without its im2col matrix X̂, for a window that
    /// `suitsImplicitConvolution`: Y (M×OH·OW) = W (M×C·KH·KW) · X̂. With stride 1 and no padding,
    /// row (c, i, j) of X̂ is image plane c read from offset i·W + j: output row y's OW values are
    /// the OW image values from (y + i)·W + j. Outputs 8 wide are read as those runs of 8, straight
    /// into `output`. Wider ones run over "wide" positions q = y·W + x (x < W), whole input rows
    /// from the image, and the columns x ≥ OW of each row are dropped as the rows are copied to
    /// `output`. Every output is the same sum in the same order as `im2colTransposed` then `gemm`
    /// give, so the bits are the same. No bias: the caller adds it, as after `gemm`.
    public static func convolveImplicitly(_ g: SlidingWindow, image: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                          filters m: Int, output: UnsafeMutablePointer<Float>,
                                          scratch: UnsafeMutablePointer<Float>, panelWidth: Int = Kernels.panelWidth) {
        // Stride 1 and no padding keep every shifted row inside the image: the last read is C·H·W − 1.
        precondition(suitsImplicitConvolution(g), "convolveImplicitly needs stride 1, no padding, and outputs 8 wide or little lost width")
        let (oh, ow, w) = (g.outputHeight, g.outputWidth, g.width)
        let wide = (oh - 1) * w + ow, k = g.patchSize, runs = readsRunsOf8(g)
        withUnsafeTemporaryAllocation(of: Int.self, capacity: k) { offsets in
            rowStarts(g, into: offsets.baseAddress!)
            if runs {
                gemm(m: m, n: oh * ow, k: k, a: weight, lda: k, b: image, rowOffsets: offsets.baseAddress!, runGap: w, c: output,
                     ldc: oh * ow, panelWidth: panelWidth)
            } else {
                gemm(m: m, n: wide, k: k, a: weight, lda: k, b: image, rowOffsets: offsets.baseAddress!, c: scratch, ldc: wide,
                     panelWidth: panelWidth)
            }
        }
        guard !runs else { return }
        for f in 0..<m {
            for y in 0..<oh { copy(scratch + f * wide + y * w, to: output + (f * oh + y) * ow, count: ow) }
        }
    }

    /// Whether `convolutionWeightGradient` suits window g: stride 1, no padding, and for dot
    /// products (at least `longDotProduct` positions) outputs a multiple of 8 wide (LeNet's conv1,
    /// 24; conv2 has 64 positions).
    public static func suitsImplicitWeightGradient(_ g: SlidingWindow) -> Bool {
        g.window.slidesByOneUnpadded && (g.outputPositions < longDotProduct || g.outputWidth % 8 == 0)
    }

    /// One image's dW = dYₙ (M×OH·OW) · X̂ₙᵀ added in (or written, unless `accumulate`) with X̂ read
    /// from the image, as a convolution's backward keeps it: M×C·KH·KW by dot products when there
    /// are at least `longDotProduct` positions, else its transpose C·KH·KW×M, X̂ₙ (K×P) · dYₙᵀ,
    /// through a packed GEMM. Either is the same bits as `im2colTransposed` then that `gemm`:
    /// - the dot products' 16 lanes hold 16 consecutive positions, here two runs of 8 image values,
    ///   each within one output row;
    /// - the GEMM's tiles broadcast X̂'s values position by position, here read where they lie in the image.
    public static func convolutionWeightGradient(_ g: SlidingWindow, dy: UnsafePointer<Float>, filters m: Int, image: UnsafePointer<Float>,
                                                 into dW: UnsafeMutablePointer<Float>, accumulate: Bool, panelWidth: Int = Kernels.panelWidth) {
        precondition(suitsImplicitWeightGradient(g), "convolutionWeightGradient needs stride 1, no padding, and outputs 8·n wide for dot products")
        let (ow, w, p, k) = (g.outputWidth, g.width, g.outputPositions, g.patchSize)
        let dots = p >= longDotProduct  // else the GEMM, which needs no run starts
        withUnsafeTemporaryAllocation(of: Int.self, capacity: k + (dots ? p / 8 : 0)) { table in
            let rowOffsets = table.baseAddress!, runStarts = table.baseAddress! + k
            rowStarts(g, into: rowOffsets)
            if dots {
                for r in 0..<(p / 8) { runStarts[r] = 8 * r / ow * w + 8 * r % ow }
                DotTile.gemm(m: m, n: k, k: p, a: dy, lda: p, b: ImageRuns(image: image, rowOffsets: rowOffsets, runStarts: runStarts),
                             c: dW, ldc: k, accumulate: accumulate, blockColumns: dotBlockColumns(panelWidth))
            } else {
                let x = ImageA(image: image, rowStarts: rowOffsets, outputWidth: ow, imageWidth: w)
                panels(width: panelWidth, transB: true, m: k, n: m, k: p, a: x, b: dy, ldb: p, c: dW, ldc: m, accumulate: accumulate)
            }
        }
    }

    /// Where each row (c, i, j) of X̂, in X̂'s row order, starts in the image with stride 1 and no
    /// padding: c·H·W + i·W + j, the input under kernel offset (i, j) at output position (0, 0).
    static func rowStarts(_ g: SlidingWindow, into offsets: UnsafeMutablePointer<Int>) {
        var row = 0
        for c in 0..<g.channels {
            for i in 0..<g.window.kernelHeight {
                for j in 0..<g.window.kernelWidth {
                    offsets[row] = c * g.height * g.width + i * g.width + j
                    row += 1
                }
            }
        }
    }
}
