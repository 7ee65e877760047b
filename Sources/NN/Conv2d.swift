import Tensors

/// A 2-D convolution: M filters of size C×KH×KW slid over the image with stride S and zero padding P.
///
/// Shapes: x N×C×H×W → y N×M×OH×OW, OH = (H + 2P − KH)/S + 1, OW = (W + 2P − KW)/S + 1.
/// W is M×C×KH×KW, b is M. Parameters: M·C·KH·KW + M.
///
/// The course's formula, with stride and padding written in:
/// `y[n,m,i,j] = Σ_k Σ_s Σ_t x[n, k, i·S+s−P, j·S+t−P] · W[m,k,s,t] + b[m]`
/// (`ReferenceKernels.conv2d` computes exactly that with loops).
///
/// Computed image by image as matrix products over the transposed im2col matrix X̂ₙ, of shape
/// (C·KH·KW)×(OH·OW): with W reshaped to M×(C·KH·KW), Yₙ = W·X̂ₙ + b is the image's output already
/// in NCHW order. Backward, with dYₙ of shape M×(OH·OW): dW = Σₙ dYₙ·X̂ₙᵀ, db = Σ dY over
/// images and positions, dxₙ = col2im(Wᵀ·dYₙ); the first layer of a network skips dx. The columns
/// are never kept for a whole batch: each image's are built in one small buffer that stays in cache,
/// in forward and again in backward (from the input forward keeps), so memory and speed per image
/// do not depend on the batch size. A forward with stride 1, no padding, and outputs 8 wide or
/// little lost width (LeNet's conv2 and conv1) builds none: it reads their rows from the image
/// (`Kernels.convolveImplicitly`), and so does dW with stride 1 and no padding (outputs a multiple
/// of 8 wide where it takes dot products), both of LeNet's (`Kernels.convolutionWeightGradient`).
public struct Conv2d: WeightedLayer {
    /// W (M×C×KH×KW), then b (M).
    public var parameters: [Parameter]
    public let window: Window
    public let filters: Int
    public let channels: Int

    /// The input of the last training forward, which backward unfolds again.
    private var input = Tensor(shape: [0])

    /// Filters W (M×C×KH×KW) and biases b (M) slid with the strides and paddings of `window`, whose
    /// kernel is W's KH×KW.
    public init(weight: Tensor, bias: Tensor, window: Window) {
        precondition(weight.rank == 4 && bias.shape == [weight.shape[0]], "W must be M×C×KH×KW and b M")
        precondition(window.kernelHeight == weight.shape[2] && window.kernelWidth == weight.shape[3], "the window is W's kernel")
        precondition(min(window.height.stride, window.width.stride) >= 1 && min(window.height.padding, window.width.padding) >= 0,
                     "stride ≥ 1, padding ≥ 0")
        parameters = [Parameter("W", weight), Parameter("b", bias)]
        (self.window, filters, channels) = (window, weight.shape[0], weight.shape[1])
    }

    public init(weight: Tensor, bias: Tensor, stride: Int = 1, padding: Int = 0) {
        self.init(weight: weight, bias: bias,
                  window: Window(kernelHeight: weight.shape[2], kernelWidth: weight.shape[3], stride: stride, padding: padding))
    }

    /// M filters of C×KH×KW declared, drawn by `initializer` when allocated (fan-in C·KH·KW).
    public init(channels: Int, filters: Int, window: Window, initializer: Initializer = .he) {
        precondition(channels >= 1 && filters >= 1 && min(window.height.stride, window.width.stride) >= 1
                     && min(window.height.padding, window.width.padding) >= 0, "stride ≥ 1, padding ≥ 0")
        (self.window, self.filters, self.channels) = (window, filters, channels)
        parameters = initializer.declare(weight: [filters, channels, window.kernelHeight, window.kernelWidth],
                                         fanIn: channels * window.kernelHeight * window.kernelWidth, outputs: filters)
    }

    /// Filters drawn now from `rng`, weights then biases.
    public init(
        channels: Int, filters: Int, kernelHeight: Int, kernelWidth: Int, stride: Int = 1, padding: Int = 0,
        initializer: Initializer = .he, using rng: inout RandomGenerator
    ) {
        self.init(channels: channels, filters: filters,
                  window: Window(kernelHeight: kernelHeight, kernelWidth: kernelWidth, stride: stride, padding: padding),
                  initializer: initializer)
        allocate(using: &rng)
    }

    public var kind: String { "conv2d" }
    public var summary: String { "conv2d \(filters)@\(window.summary)" }

    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] {
        let g = try window.sliding(layer: "conv2d", input: input)
        guard input[0] == channels else {
            throw ShapeError(layer: "conv2d", input: input, expected: "\(channels) channels, as its filters have",
                             hint: "the previous layer gives \(input[0]) channels", reason: .channels(filters: channels, given: input[0]))
        }
        return [filters, g.outputHeight, g.outputWidth]
    }

    public func receptiveField(from input: ReceptiveField) -> ReceptiveField { input.through(window) }

    /// OH·OW·M·C·KH·KW: each of the OH·OW·M outputs is a dot product of C·KH·KW terms.
    public func multiplyAddFactors(for input: [Int]) -> [Int] {
        guard let out = try? outputShape(for: input) else { return [] }
        return [out[1], out[2], filters, channels, window.kernelHeight, window.kernelWidth]
    }

    public mutating func forward(_ x: Tensor) -> Tensor {
        input = x
        return inference(x)
    }

    /// Forward without keeping anything: one image's columns at a time in a small buffer.
    public func inference(_ x: Tensor) -> Tensor {
        let g = window.sliding(over: x)
        precondition(g.channels == channels, "conv2d expects \(channels) channels, got \(g.channels)")
        // A window with stride 1, no padding, and outputs 8 wide or little lost width reads X̂ from the image
        // itself (`Kernels.convolveImplicitly`, the same bits); others build each image's X̂.
        let implicit = Kernels.suitsImplicitConvolution(g)
        let scratch = UnsafeMutablePointer<Float>.allocate(
            capacity: implicit ? Kernels.implicitScratch(g, filters: filters) : g.patchSize * g.outputPositions)
        defer { scratch.deallocate() }
        // Yₙ = W·X̂ₙ + b, image by image
        let batch = x.shape[0], p = g.outputPositions, k = g.patchSize, m = filters
        return Tensor(shape: [batch, m, g.outputHeight, g.outputWidth]) { y in
            x.withUnsafeBufferPointer { xp in
                weight.withUnsafeBufferPointer { w in
                    bias.withUnsafeBufferPointer { b in
                        for n in 0..<batch {
                            let out = y.baseAddress! + n * m * p
                            let image = xp.baseAddress! + n * g.imageSize
                            if implicit {
                                Kernels.convolveImplicitly(g, image: image, weight: w.baseAddress!, filters: m, output: out, scratch: scratch)
                            } else {
                                Kernels.im2colTransposed(g, image: image, columns: scratch)
                                Kernels.gemm(m: m, n: p, k: k, a: w.baseAddress!, lda: k, b: scratch, ldb: p, c: out, ldc: p)
                            }
                            Kernels.addChannel(b.baseAddress!, to: out, channels: m, positions: p)
                        }
                    }
                }
            }
        }
    }

    public func forwardInDouble(_ x: DoubleBatch, parameters p: [[Double]], branches: inout [Int32]) -> DoubleBatch {
        DoubleKernels.conv2d(x, weight: p[0], bias: p[1], filters: filters, window: window)
    }

    public mutating func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        precondition(input.rank == 4, "conv2d backward before forward")
        let inputShape = input.shape, batch = inputShape[0], m = filters
        let g = window.sliding(over: input)
        let p = g.outputPositions, k = g.patchSize
        // dW accumulates image by image, as M×K directly when the long dot products over positions
        // pay (many positions, few filters: conv1), else as its transpose K×M through a packed GEMM.
        let dots = p >= Kernels.longDotProduct
        // With stride 1 and no padding dW reads X̂ from the image (`Kernels.convolutionWeightGradient`,
        // the same bits), and dx needs no X̂: then no image's X̂ is built.
        let readsImage = Kernels.suitsImplicitWeightGradient(g)
        var dWTransposed = Tensor(shape: [k, m])
        var db = Tensor(shape: [m])
        var dx = needsInputGradient ? Tensor(shape: inputShape) : Tensor(shape: [0])
        var dColumns = needsInputGradient ? Tensor(shape: [k, p]) : Tensor(shape: [0])
        let cols = UnsafeMutablePointer<Float>.allocate(capacity: readsImage ? 0 : k * p)
        defer { cols.deallocate() }
        dy.withUnsafeBufferPointer { d in
            input.withUnsafeBufferPointer { xp in
                weight.withUnsafeBufferPointer { w in
                    dWTransposed.withUnsafeMutableBufferPointer { dwt in
                        db.withUnsafeMutableBufferPointer { dbp in
                            dx.withUnsafeMutableBufferPointer { dxp in
                                dColumns.withUnsafeMutableBufferPointer { dcp in
                                    for n in 0..<batch {
                                        let dYn = d.baseAddress! + n * m * p
                                        let image = xp.baseAddress! + n * g.imageSize
                                        Kernels.addChannelSums(dYn, channels: m, positions: p, to: dbp.baseAddress!)
                                        if readsImage {
                                            Kernels.convolutionWeightGradient(g, dy: dYn, filters: m, image: image, into: dwt.baseAddress!,
                                                                              accumulate: n > 0)
                                        } else {
                                            Kernels.im2colTransposed(g, image: image, columns: cols)
                                            if dots {
                                                // dW (M×K) += dYₙ (M×P) · X̂ₙᵀ, stored in dwt's K·M floats as M×K
                                                Kernels.gemm(transB: true, m: m, n: k, k: p, a: dYn, lda: p, b: cols, ldb: p,
                                                             c: dwt.baseAddress!, ldc: k, accumulate: n > 0)
                                            } else {
                                                // dWᵀ (K×M) += X̂ₙ (K×P) · dYₙᵀ (P×M)
                                                Kernels.gemm(transB: true, m: k, n: m, k: p, a: cols, lda: p, b: dYn, ldb: p,
                                                             c: dwt.baseAddress!, ldc: m, accumulate: n > 0)
                                            }
                                        }
                                        guard needsInputGradient else { continue }
                                        // dX̂ₙ (K×P) = Wᵀ (K×M) · dYₙ (M×P)
                                        Kernels.gemm(transA: true, m: k, n: p, k: m, a: w.baseAddress!, lda: k, b: dYn, ldb: p,
                                                     c: dcp.baseAddress!, ldc: p)
                                        Kernels.col2imTransposed(g, columns: dcp.baseAddress!, image: dxp.baseAddress! + n * g.imageSize)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        parameters[1].gradient = db
        parameters[0].gradient = dots ? try! dWTransposed.reshaped(weight.shape) : Tensor(shape: weight.shape) { dw in
            dWTransposed.withUnsafeBufferPointer { Kernels.transpose($0.baseAddress!, rows: k, columns: m, into: dw.baseAddress!) }
        }
        return dx
    }
}
