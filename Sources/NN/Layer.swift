import Tensors

/// One step of a sequential network: a forward pass that remembers what its backward pass needs,
/// and a backward pass that turns the gradient of the loss with respect to the output into the
/// gradient with respect to the input, keeping the gradients of its own parameters.
///
/// Shapes below count the batch axis N first; `outputShape(for:)` speaks of one sample (no N).
/// Layers are values: copying a network copies its weights lazily (copy-on-write), which is how the
/// shell keeps a workspace unchanged when a command fails.
public protocol Layer: Sendable {
    /// The command-line name of the kind of layer: `conv2d`, `maxpool`, `fc`, `relu`...
    var kind: String { get }
    /// What `shapes` prints to describe it, e.g. `conv2d 6@5×5 stride 1 pad 0`.
    var summary: String { get }
    /// The per-sample output shape for a per-sample input shape, or a `ShapeError` saying why it cannot take it.
    func outputShape(for input: [Int]) throws(ShapeError) -> [Int]
    mutating func forward(_ x: Tensor) -> Tensor
    /// The forward pass without keeping anything for a backward pass (prediction): the same values.
    func inference(_ x: Tensor) -> Tensor
    /// Needs the forward pass of the same batch to have run first.
    mutating func backward(_ dy: Tensor) -> Tensor
    /// As `backward`, but a layer may skip computing dL/dx when nobody needs it (the network's
    /// first layer during training) and return an empty tensor.
    mutating func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor
    /// Named parameters with their gradients from the last backward; empty for layers without any.
    var parameters: [Parameter] { get }
    /// Lets an optimizer or a loader change each parameter in place.
    mutating func updateParameters(_ body: (_ name: String, _ value: inout Tensor, _ gradient: Tensor) throws -> Void) rethrows
    /// Lets data-parallel training replace the gradients with ones combined from several replicas.
    mutating func updateGradients(_ body: (_ name: String, _ gradient: inout Tensor) -> Void)
    /// The parameter count written as its arithmetic, e.g. `6·1·5·5 + 6`; empty without parameters.
    var parameterArithmetic: String { get }
}

/// A parameter of a layer with the gradient the last backward left for it.
public struct Parameter: Sendable {
    public var name: String
    public var value: Tensor
    public var gradient: Tensor
}

extension Layer {
    public mutating func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor { backward(dy) }
    public func inference(_ x: Tensor) -> Tensor {
        var scratch = self
        return scratch.forward(x)
    }
    public var parameters: [Parameter] { [] }
    public mutating func updateParameters(_ body: (String, inout Tensor, Tensor) throws -> Void) rethrows {}
    public mutating func updateGradients(_ body: (String, inout Tensor) -> Void) {}
    public var parameterArithmetic: String { "" }
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }
    public var summary: String { kind }
}

/// Why a layer cannot take the shape it is given.
public struct ShapeError: Error, Equatable, CustomStringConvertible {
    public var layer: String
    public var input: [Int]
    public var expected: String
    public var hint: String?

    public init(layer: String, input: [Int], expected: String, hint: String? = nil) {
        self.layer = layer
        self.input = input
        self.expected = expected
        self.hint = hint
    }

    public var description: String {
        var text = "\(layer) cannot take input of shape \(Tensor.describe(input)): expected \(expected)"
        if let hint { text += " (hint: \(hint))" }
        return text
    }
}
