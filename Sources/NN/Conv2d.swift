import Tensors

/// A 2-D convolution: M filters of size C×KH×KW slid over the image with stride S and zero padding P.
///
/// Shapes: x N×C×H×W → y N×M×OH×OW, OH = (H + 2P − KH)/S + 1, OW = (W + 2P − KW)/S + 1.
/// W is M×C×KH×KW, b is M. Parameters: M·C·KH·KW + M.
///
/// The course's formula, with stride and padding written in:
/// `y[n,m,i,j] = Σ_k Σ_s Σ_t x[n, k, i·S+s−P, j·S+t−P] · W[m,k,s,t] + b[m]`
/// (`ReferenceConv2d` computes exactly that with loops).
///
/// Computed as one matrix product: im2col(x) is (N·OH·OW)×(C·KH·KW), W reshaped is M×(C·KH·KW),
/// so Y = im2col(x)·Wᵀ + b. Backward, with dY the (N·OH·OW)×M gradient:
/// dW = dYᵀ·im2col(x), db = Σ_rows dY, dx = col2im(dY·W).
public struct Conv2d: Layer {
    public var weight: Tensor
    public var bias: Tensor
    public private(set) var weightGradient: Tensor
    public private(set) var biasGradient: Tensor
    public let stride: Int
    public let padding: Int

    private var columns = Tensor(shape: [0])
    private var inputShape: [Int] = []

    public var filters: Int { weight.shape[0] }
    public var channels: Int { weight.shape[1] }
    public var kernelHeight: Int { weight.shape[2] }
    public var kernelWidth: Int { weight.shape[3] }

    public init(weight: Tensor, bias: Tensor, stride: Int = 1, padding: Int = 0) {
        precondition(weight.rank == 4 && bias.shape == [weight.shape[0]], "W must be M×C×KH×KW and b M")
        precondition(stride >= 1 && padding >= 0, "stride ≥ 1, padding ≥ 0")
        self.weight = weight
        self.bias = bias
        self.weightGradient = Tensor(shape: weight.shape)
        self.biasGradient = Tensor(shape: bias.shape)
        self.stride = stride
        self.padding = padding
    }

    public init(
        channels: Int, filters: Int, kernelHeight: Int, kernelWidth: Int, stride: Int = 1, padding: Int = 0,
        initializer: Initializer = .he, using rng: inout RandomGenerator
    ) {
        let fanIn = channels * kernelHeight * kernelWidth
        self.init(weight: initializer.weights(shape: [filters, channels, kernelHeight, kernelWidth], fanIn: fanIn, using: &rng),
                  bias: Tensor(shape: [filters]), stride: stride, padding: padding)
    }

    public var kind: String { "conv2d" }
    public var summary: String { "conv2d \(filters)@\(kernelHeight)×\(kernelWidth) stride \(stride) pad \(padding)" }

    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] {
        let g = try WindowShape.geometry(layer: "conv2d", input: input, kernelHeight: kernelHeight,
                                         kernelWidth: kernelWidth, stride: stride, padding: padding)
        guard input[0] == channels else {
            throw ShapeError(layer: "conv2d", input: input, expected: "\(channels) channels, as its filters have",
                             hint: "the previous layer gives \(input[0]) channels")
        }
        return [filters, g.outputHeight, g.outputWidth]
    }

    private func geometry(of x: Tensor) -> ConvGeometry {
        WindowShape.geometry(of: x, kernelHeight: kernelHeight, kernelWidth: kernelWidth, stride: stride, padding: padding)
    }

    public mutating func forward(_ x: Tensor) -> Tensor {
        let g = geometry(of: x)
        precondition(g.channels == channels, "conv2d expects \(channels) channels, got \(g.channels)")
        let batch = x.shape[0], positions = g.outputPositions, m = filters
        inputShape = x.shape
        columns = Tensor(shape: [batch * positions, g.patchSize])
        x.withUnsafeBufferPointer { xp in
            columns.withUnsafeMutableBufferPointer { cp in
                Kernels.im2col(g, batch: batch, input: xp.baseAddress!, columns: cp.baseAddress!)
            }
        }
        let rows = columns.matmul(try! weight.reshaped([m, g.patchSize]), transposeOther: true)
        var y = Tensor(shape: [batch, m, g.outputHeight, g.outputWidth])
        rows.withUnsafeBufferPointer { r in
            bias.withUnsafeBufferPointer { b in
                y.withUnsafeMutableBufferPointer { yp in
                    for n in 0..<batch {
                        for f in 0..<m {
                            let out = yp.baseAddress! + (n * m + f) * positions
                            let src = r.baseAddress! + n * positions * m + f
                            for p in 0..<positions { out[p] = src[p * m] + b[f] }
                        }
                    }
                }
            }
        }
        return y
    }

    public mutating func backward(_ dy: Tensor) -> Tensor {
        precondition(!inputShape.isEmpty, "conv2d backward before forward")
        let batch = inputShape[0], m = filters
        let positions = dy.count / (batch * m)
        let g = ConvGeometry(channels: inputShape[1], height: inputShape[2], width: inputShape[3],
                             kernelHeight: kernelHeight, kernelWidth: kernelWidth, stride: stride, padding: padding)
        // dY as (N·OH·OW)×M, the layout of the forward product.
        var dRows = Tensor(shape: [batch * positions, m])
        var db = [Float](repeating: 0, count: m)
        dy.withUnsafeBufferPointer { d in
            dRows.withUnsafeMutableBufferPointer { r in
                for n in 0..<batch {
                    for f in 0..<m {
                        let src = d.baseAddress! + (n * m + f) * positions
                        let dst = r.baseAddress! + n * positions * m + f
                        var sum: Float = 0
                        for p in 0..<positions {
                            dst[p * m] = src[p]
                            sum += src[p]
                        }
                        db[f] += sum
                    }
                }
            }
        }
        biasGradient = Tensor(shape: [m], scalars: db)
        weightGradient = try! dRows.matmul(columns, transposeSelf: true).reshaped(weight.shape)
        let dColumns = dRows.matmul(try! weight.reshaped([m, g.patchSize]))
        var dx = Tensor(shape: inputShape)
        dColumns.withUnsafeBufferPointer { c in
            dx.withUnsafeMutableBufferPointer { xp in
                Kernels.col2im(g, batch: batch, columns: c.baseAddress!, output: xp.baseAddress!)
            }
        }
        return dx
    }

    public var parameters: [Parameter] {
        [Parameter(name: "W", value: weight, gradient: weightGradient),
         Parameter(name: "b", value: bias, gradient: biasGradient)]
    }

    public mutating func updateParameters(_ body: (String, inout Tensor, Tensor) throws -> Void) rethrows {
        try body("W", &weight, weightGradient)
        try body("b", &bias, biasGradient)
    }

    public var parameterArithmetic: String { "\(filters)·\(channels)·\(kernelHeight)·\(kernelWidth) + \(filters)" }
}
