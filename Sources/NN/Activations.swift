import Tensors

/// ReLU: y = max(0, x); dx = dy where x > 0, else 0. Any shape.
public struct ReLU: Layer {
    /// The forward output: y > 0 exactly where x > 0, and it shares storage with what forward returned.
    private var output = Tensor(shape: [0])
    public init() {}
    public var kind: String { "relu" }
    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] { input }
    public mutating func forward(_ x: Tensor) -> Tensor {
        output = x.elementwise(Kernels.relu)
        return output
    }
    public mutating func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        precondition(dy.count == output.count, "relu backward before forward")
        return dy.elementwise(output, Kernels.reluBackward)
    }
}

/// Tanh: y = tanh(x); dx = dy·(1 − y²). Any shape.
public struct Tanh: Layer {
    private var output = Tensor(shape: [0])
    public init() {}
    public var kind: String { "tanh" }
    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] { input }
    public mutating func forward(_ x: Tensor) -> Tensor {
        output = x.elementwise(Kernels.tanh)
        return output
    }
    public mutating func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        precondition(dy.count == output.count, "tanh backward before forward")
        return dy.elementwise(output, Kernels.tanhBackward)
    }
}

/// Sigmoid: y = 1/(1 + e^−x); dx = dy·y·(1 − y). Any shape.
public struct Sigmoid: Layer {
    private var output = Tensor(shape: [0])
    public init() {}
    public var kind: String { "sigmoid" }
    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] { input }
    public mutating func forward(_ x: Tensor) -> Tensor {
        output = x.elementwise(Kernels.sigmoid)
        return output
    }
    public mutating func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        precondition(dy.count == output.count, "sigmoid backward before forward")
        return dy.elementwise(output, Kernels.sigmoidBackward)
    }
}
