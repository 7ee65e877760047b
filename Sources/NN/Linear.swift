import Tensors

/// Fully connected layer (the course's Affine / FC): x N×I → y N×O, y = x·W + b.
/// W is I×O (the course's orientation), b is O. Parameters: I·O + O.
/// Backward: dW = xᵀ·dy, db = Σ_rows dy, dx = dy·Wᵀ.
public struct Linear: WeightedLayer {
    /// W (I×O), then b (O).
    public var parameters: [Parameter]
    public let inputs: Int
    public let outputs: Int
    private var input = Tensor(shape: [0])

    public init(weight: Tensor, bias: Tensor) {
        precondition(weight.rank == 2 && bias.shape == [weight.shape[1]], "W must be I×O and b O")
        parameters = [Parameter("W", weight), Parameter("b", bias)]
        (inputs, outputs) = (weight.shape[0], weight.shape[1])
    }

    /// W (I×O) and b (O) declared, drawn by `initializer` when allocated (fan-in I).
    public init(inputs: Int, outputs: Int, initializer: Initializer = .he) {
        precondition(inputs >= 1 && outputs >= 1, "fc needs inputs and outputs")
        (self.inputs, self.outputs) = (inputs, outputs)
        parameters = initializer.declare(weight: [inputs, outputs], fanIn: inputs, outputs: outputs)
    }

    /// Weights then biases drawn now from `rng`.
    public init(inputs: Int, outputs: Int, initializer: Initializer = .he, using rng: inout RandomGenerator) {
        self.init(inputs: inputs, outputs: outputs, initializer: initializer)
        allocate(using: &rng)
    }
    public var kind: String { "fc" }
    public var summary: String { "fc \(inputs)→\(outputs)" }

    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] {
        guard input == [inputs] else {
            throw ShapeError(layer: kind, input: input, expected: "a vector of \(inputs) values",
                             hint: input.count > 1 ? "add flatten first" : nil, reason: .vector(values: inputs, flat: input.count > 1))
        }
        return [outputs]
    }

    /// Every output mixes every input, so from here on each value sees the whole input.
    public func receptiveField(from input: ReceptiveField) -> ReceptiveField { .whole }

    /// I·O: each of the O outputs is a dot product of I terms.
    public func multiplyAddFactors(for input: [Int]) -> [Int] { [inputs, outputs] }

    // x is (N, I), y is (N, O)
    public mutating func forward(_ x: Tensor) -> Tensor {
        input = x
        var y = x.matmul(weight)
        y.withUnsafeMutableBufferPointer { p in
            bias.withUnsafeBufferPointer { Kernels.addRow($0.baseAddress!, toRows: p.baseAddress!, rows: x.shape[0], columns: outputs) }
        }
        return y
    }

    public func forwardInDouble(_ x: DoubleBatch, parameters p: [[Double]], branches: inout [Int32]) -> DoubleBatch {
        DoubleKernels.linear(x, weight: p[0], bias: p[1])
    }

    // dy is (N, O): dW = xᵀ·dy (I, O), db = Σ_rows dy (O), dx = dy·Wᵀ (N, I)
    public mutating func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        parameters[0].gradient = input.matmul(dy, transposeSelf: true)
        var db = Tensor(shape: [outputs])
        db.withUnsafeMutableBufferPointer { b in
            dy.withUnsafeBufferPointer { Kernels.addColumnSums($0.baseAddress!, rows: dy.shape[0], columns: outputs, to: b.baseAddress!) }
        }
        parameters[1].gradient = db
        return dy.matmul(weight, transposeOther: true)
    }
}
