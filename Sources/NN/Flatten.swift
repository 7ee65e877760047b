import Tensors

/// Flattens each sample to a vector: x N×C×H×W → y N×(C·H·W). Backward reshapes dy back. No copy.
public struct Flatten: ParameterFree {
    private var inputShape: [Int] = []
    public init() {}
    public var kind: String { "flatten" }
    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] {
        guard !input.isEmpty else { throw ShapeError(layer: kind, input: input, expected: "at least one axis per sample") }
        return [input.reduce(1, *)]
    }
    public mutating func forward(_ x: Tensor) -> Tensor {
        inputShape = x.shape
        return try! x.reshaped([x.shape[0], -1])
    }
    public func forwardInDouble(_ x: DoubleBatch, parameters: [[Double]], branches: inout [Int32]) -> DoubleBatch {
        DoubleBatch(shape: [x.shape[0], x.scalars.count / x.shape[0]], scalars: x.scalars)
    }
    public mutating func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor { try! dy.reshaped(inputShape) }
}
