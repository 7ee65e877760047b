import Tensors

/// Softmax over each row: x N×C → y N×C, y_j = e^(x_j − max x) / Σ_k e^(x_k − max x).
/// Backward (the Jacobian-vector product): dx = y ⊙ (dy − Σ_j dy_j·y_j).
public struct Softmax: ParameterFree {
    private var output = Tensor(shape: [0])
    public init() {}
    public var kind: String { "softmax" }
    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] {
        guard input.count == 1 else { throw ShapeError(layer: kind, input: input, expected: "a vector of class scores", hint: "add flatten and fc first", reason: .classScores) }
        return input
    }

    /// Every output divides by Σ_k e^(x_k − max x), so each depends on every input: the whole input, as after fc.
    public func receptiveField(from input: ReceptiveField) -> ReceptiveField { .whole }

    /// y = softmax(x) for x N×C.
    static func probabilities(_ x: Tensor) -> Tensor {
        let (rows, columns) = (x.shape[0], x.shape[1])
        return Tensor(shape: x.shape) { y in
            x.withUnsafeBufferPointer { Kernels.softmax($0.baseAddress!, y.baseAddress!, rows: rows, columns: columns) }
        }
    }

    public mutating func forward(_ x: Tensor) -> Tensor {
        output = Softmax.probabilities(x)
        return output
    }

    public func forwardInDouble(_ x: DoubleBatch, parameters: [[Double]], branches: inout [Int32]) -> DoubleBatch {
        DoubleKernels.softmax(x)
    }

    public mutating func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        let (rows, columns) = (output.shape[0], output.shape[1])
        return Tensor(shape: dy.shape) { dx in
            dy.withUnsafeBufferPointer { d in
                output.withUnsafeBufferPointer { Kernels.softmaxBackward(d.baseAddress!, output: $0.baseAddress!, dx.baseAddress!, rows: rows, columns: columns) }
            }
        }
    }
}

/// Softmax followed by cross-entropy, averaged over the batch, on logits z N×C:
/// `L = −(1/N) Σ_n Σ_j t[n,j] · log y[n,j]`, y = softmax(z), computed stably as
/// `log y_j = z_j − max z − log Σ_k e^(z_k − max z)`. Targets are class indices (shape N) or one-hot
/// (shape N×C). Gradient: `dL/dz = (y − t)/N`.
public enum SoftmaxCrossEntropy {
    /// The first row of N×C targets that is not one-hot (zeros and a single one), or nil: any other
    /// row (all zeros, say) would give a loss and gradients that mean nothing.
    public static func firstRowNotOneHot(_ t: Tensor) -> Int? {
        precondition(t.rank == 2, "targets must be N×C")
        let c = t.shape[1]
        return (0..<t.shape[0]).first { n in
            let row = t.scalars[n * c..<(n + 1) * c]
            return row.contains { $0 != 0 && $0 != 1 } || row.reduce(0, +) != 1
        }
    }

    public static func evaluate(logits z: Tensor, targets: Tensor) -> (loss: Float, probabilities: Tensor, gradient: Tensor) {
        precondition(z.rank == 2, "logits must be N×C")
        let t = oneHot(targets, like: z)
        let y = Softmax.probabilities(z)
        let loss = meanLoss(logits: z, oneHot: t)
        let gradient = Tensor(shape: y.shape) { g in
            y.withUnsafeBufferPointer { yp in
                t.withUnsafeBufferPointer { Kernels.crossEntropyGradient(probabilities: yp.baseAddress!, targets: $0.baseAddress!, rows: z.shape[0], count: g.count, into: g.baseAddress!) }
            }
        }
        return (Float(loss), y, gradient)
    }

    /// The mean loss alone, without the probabilities and gradient a training step needs: what
    /// validation measures.
    public static func loss(logits z: Tensor, targets: Tensor) -> Double {
        precondition(z.rank == 2, "logits must be N×C")
        return meanLoss(logits: z, oneHot: oneHot(targets, like: z))
    }

    private static func meanLoss(logits z: Tensor, oneHot t: Tensor) -> Double {
        z.withUnsafeBufferPointer { zp in
            t.withUnsafeBufferPointer { Kernels.crossEntropy(logits: zp.baseAddress!, targets: $0.baseAddress!, rows: z.shape[0], columns: z.shape[1]) }
        }
    }

    /// Targets as N×C one-hot rows, from N class indices or as given.
    private static func oneHot(_ targets: Tensor, like z: Tensor) -> Tensor {
        let (n, c) = (z.shape[0], z.shape[1])
        guard targets.shape == [n] else {
            precondition(targets.shape == [n, c], "targets must be N class indices or N×C one-hot")
            return targets
        }
        return Tensor(shape: [n, c]) { out in targets.withUnsafeBufferPointer { Kernels.oneHot($0.baseAddress!, rows: n, columns: c, into: out.baseAddress!) } }
    }
}
