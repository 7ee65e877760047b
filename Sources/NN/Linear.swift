import Tensors

/// Fully connected layer (the course's Affine / FC): x N×I → y N×O, y = x·W + b.
/// W is I×O (the course's orientation), b is O. Parameters: I·O + O.
/// Backward: dW = xᵀ·dy, db = Σ_rows dy, dx = dy·Wᵀ.
public struct Linear: Layer {
    public var weight: Tensor
    public var bias: Tensor
    public private(set) var weightGradient: Tensor
    public private(set) var biasGradient: Tensor
    private var input = Tensor(shape: [0])

    public init(weight: Tensor, bias: Tensor) {
        precondition(weight.rank == 2 && bias.shape == [weight.shape[1]], "W must be I×O and b O")
        self.weight = weight
        self.bias = bias
        weightGradient = Tensor(shape: weight.shape)
        biasGradient = Tensor(shape: bias.shape)
    }

    public init(inputs: Int, outputs: Int, initializer: Initializer = .he, using rng: inout RandomGenerator) {
        self.init(weight: initializer.weights(shape: [inputs, outputs], fanIn: inputs, using: &rng), bias: Tensor(shape: [outputs]))
    }

    public var inputs: Int { weight.shape[0] }
    public var outputs: Int { weight.shape[1] }
    public var kind: String { "fc" }
    public var summary: String { "fc \(inputs)→\(outputs)" }

    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] {
        guard input == [inputs] else {
            throw ShapeError(layer: kind, input: input, expected: "a vector of \(inputs) values",
                             hint: input.count > 1 ? "add flatten first" : nil)
        }
        return [outputs]
    }

    public mutating func forward(_ x: Tensor) -> Tensor {
        input = x
        var y = x.matmul(weight)
        y.withUnsafeMutableBufferPointer { p in
            for r in 0..<x.shape[0] { for c in 0..<outputs { p[r * outputs + c] += bias[flat: c] } }
        }
        return y
    }

    public mutating func backward(_ dy: Tensor) -> Tensor {
        weightGradient = input.matmul(dy, transposeSelf: true)
        var db = [Float](repeating: 0, count: outputs)
        for r in 0..<dy.shape[0] { for c in 0..<outputs { db[c] += dy[flat: r * outputs + c] } }
        biasGradient = Tensor(db)
        return dy.matmul(weight, transposeOther: true)
    }

    public var parameters: [Parameter] {
        [Parameter(name: "W", value: weight, gradient: weightGradient), Parameter(name: "b", value: bias, gradient: biasGradient)]
    }

    public mutating func updateParameters(_ body: (String, inout Tensor, Tensor) throws -> Void) rethrows {
        try body("W", &weight, weightGradient)
        try body("b", &bias, biasGradient)
    }

    public mutating func updateGradients(_ body: (String, inout Tensor) -> Void) {
        body("W", &weightGradient)
        body("b", &biasGradient)
    }

    public var parameterArithmetic: String { "\(inputs)·\(outputs) + \(outputs)" }
}
