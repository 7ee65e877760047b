import Tensors

/// One step of a sequential network: a forward pass that remembers what its backward pass needs,
/// and a backward pass that turns the gradient of the loss with respect to the output into the
/// gradient with respect to the input, keeping the gradients of its own parameters.
///
/// Shapes below count the batch axis N first; `outputShape(for:)` speaks of one sample (no N).
/// Layers are values: copying a network copies its weights lazily (copy-on-write), which is how the
/// shell keeps a workspace unchanged when a command fails.
///
/// A layer with parameters keeps them, once, in `parameters`: counting, optimizer steps, loading,
/// saving and data-parallel gradients all go through that list. A layer without any conforms to
/// `ParameterFree` and writes only `kind`, `outputShape`, `forward` and `backward`.
public protocol Layer: Sendable {
    /// The command-line name of the kind of layer: `conv2d`, `maxpool`, `fc`, `relu`...
    var kind: String { get }
    /// What `shapes` prints to describe it, e.g. `conv2d 6@5×5`, `maxpool 2×2 stride 2`.
    var summary: String { get }
    /// The per-sample output shape for a per-sample input shape, or a `ShapeError` saying why it cannot take it.
    func outputShape(for input: [Int]) throws(ShapeError) -> [Int]
    mutating func forward(_ x: Tensor) -> Tensor
    /// The forward pass without keeping anything for a backward pass (prediction): the same values.
    func inference(_ x: Tensor) -> Tensor
    /// dL/dx from dL/dy, keeping each parameter's gradient; needs the forward pass of the same batch
    /// to have run first. A layer may skip dL/dx when `needsInputGradient` is false (the network's
    /// first layer during training) and return an empty tensor.
    mutating func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor
    /// The layer's parameters in a fixed order, each with the gradient the last backward left. They
    /// are declared (name, shape, how to draw them) when the layer is made and hold values only once
    /// `allocate(seed:)` has run: a network is a blueprint until something needs its weights.
    var parameters: [Parameter] { get set }
    /// Values a layer keeps that training changes but no gradient moves (batchnorm's running mean and
    /// variance): saved and loaded with the parameters, never stepped by an optimizer. Their
    /// `gradient` is unused.
    var buffers: [Parameter] { get set }
    /// Draws the declared parameters (and fills the buffers) from a generator seeded with `seed`, in
    /// their order; a layer with its own random state (dropout's masks) seeds that too. The network
    /// gives each layer its seed when the layer is added, so the values do not depend on when this runs.
    mutating func allocate(seed: UInt64)
    /// Whether `allocate(seed:)` has run (or the layer was made with its values).
    var isAllocated: Bool { get }
    /// The forward pass in double precision with `parameters` (one array per entry of `parameters`,
    /// same order) in place of the layer's own, for `gradcheck`'s re-evaluation of the loss; appends to
    /// `branches` which side of each kink it took (see `DoubleKernels`). Keeps nothing.
    func forwardInDouble(_ x: DoubleBatch, parameters: [[Double]], branches: inout [Int32]) -> DoubleBatch
    /// How far one output value looks into the network's input, given how far one input value does:
    /// a sliding window grows it (r_out = r_in + (K − 1)·j_in, j_out = j_in·S), fc and softmax make
    /// it the whole input, and a layer acting value by value keeps it (the default).
    func receptiveField(from input: ReceptiveField) -> ReceptiveField
    /// The multiply-adds one sample of per-sample shape `input` costs, as the factors whose product
    /// is the count: conv OH·OW·M·C·KH·KW (each output value is a C·KH·KW dot product), fc I·O.
    /// Empty, meaning 0, for layers that multiply by no weights (pools, activations, flatten, softmax).
    func multiplyAddFactors(for input: [Int]) -> [Int]
}

/// A parameter of a layer (`W`, `b`) with the gradient the last backward left for it.
///
/// Declared before it is allocated: `shape` and `fill` say what `allocate(using:)` will make, and
/// until then `value` and `gradient` are empty, so a blueprint of VGG16 costs a few bytes per layer.
public struct Parameter: Sendable {
    public var name: String
    /// The shape `value` has once allocated.
    public let shape: [Int]
    /// How `allocate(using:)` draws the values.
    public let fill: Fill
    public var value: Tensor
    public var gradient: Tensor

    /// How a parameter's values are made: drawn from N(0, σ²), or all one value (zero biases, batchnorm's γ = 1).
    public enum Fill: Sendable, Equatable {
        case normal(sigma: Float)
        case constant(Float)
    }

    /// An allocated parameter whose gradient starts at zero.
    public init(_ name: String, _ value: Tensor) {
        self.name = name
        self.shape = value.shape
        self.fill = .constant(0)
        self.value = value
        self.gradient = Tensor(shape: value.shape)
    }

    /// A declared parameter, not yet allocated.
    public init(_ name: String, shape: [Int], fill: Fill) {
        (self.name, self.shape, self.fill) = (name, shape, fill)
        (value, gradient) = (Tensor(shape: [0]), Tensor(shape: [0]))
    }

    /// Values in `shape` (nil when the product does not fit in an Int).
    public var count: Int? { Tensor.checkedProduct(shape) }
    public var isAllocated: Bool { value.shape == shape }

    /// Makes the values (drawing from `rng` when the fill is random) and a zero gradient.
    public mutating func allocate(using rng: inout RandomGenerator) {
        switch fill {
        case let .normal(sigma): value = Tensor.randomNormal(shape: shape, sigma: sigma, using: &rng)
        case let .constant(c): value = Tensor(shape: shape, repeating: c)
        }
        gradient = Tensor(shape: shape)
    }
}

extension Layer {
    public var summary: String { kind }
    public var buffers: [Parameter] {
        get { [] }
        set { precondition(newValue.isEmpty, "\(kind) keeps no buffers") }
    }
    public var isAllocated: Bool { parameters.allSatisfy(\.isAllocated) && buffers.allSatisfy(\.isAllocated) }
    public mutating func allocate(seed: UInt64) {
        var rng = RandomGenerator(seed: seed)
        allocate(using: &rng)
    }
    /// Allocates whatever is not yet, drawing in the declared order from `rng`.
    public mutating func allocate(using rng: inout RandomGenerator) {
        for j in parameters.indices where !parameters[j].isAllocated { parameters[j].allocate(using: &rng) }
        for j in buffers.indices where !buffers[j].isAllocated { buffers[j].allocate(using: &rng) }
    }
    public func receptiveField(from input: ReceptiveField) -> ReceptiveField { input }
    public func multiplyAddFactors(for input: [Int]) -> [Int] { [] }
    public func inference(_ x: Tensor) -> Tensor {
        var scratch = self
        return scratch.forward(x)
    }
    public mutating func backward(_ dy: Tensor) -> Tensor { backward(dy, needsInputGradient: true) }
    /// The declared parameters' values, allocated or not (saturating: a count past Int.max is Int.max).
    public var parameterCount: Int { Parameter.total(parameters) }
    /// Values the buffers hold (batchnorm's running statistics), allocated or not.
    public var bufferCount: Int { Parameter.total(buffers) }
    /// The parameter count written as its arithmetic, each parameter's shape multiplied out:
    /// `6·1·5·5 + 6` for a convolution, `256·120 + 120` for fc; empty without parameters.
    public var parameterArithmetic: String {
        parameters.map { $0.shape.map(String.init).joined(separator: "·") }.joined(separator: " + ")
    }
}

extension Parameter {
    /// The values of `list` together, saturating at Int.max.
    public static func total(_ list: [Parameter]) -> Int { Network.saturatingSum(list.map { $0.count ?? .max }) }
}

/// A layer without parameters (activations, pools, flatten, softmax). Its empty `parameters` come
/// from here, and only to layers that say so: a layer that keeps weights and forgot to declare
/// `parameters` as a stored `var` does not compile, instead of silently training nothing.
public protocol ParameterFree: Layer {}

extension ParameterFree {
    public var parameters: [Parameter] {
        get { [] }
        set { precondition(newValue.isEmpty, "\(kind) has no parameters") }
    }
}

/// A layer whose parameters are a weight W, then a bias b (conv2d, fc).
public protocol WeightedLayer: Layer {}

extension WeightedLayer {
    public var weight: Tensor {
        get { parameters[0].value }
        set { parameters[0].value = newValue }
    }
    public var bias: Tensor {
        get { parameters[1].value }
        set { parameters[1].value = newValue }
    }
}

/// Why a layer cannot take the shape it is given. `expected` and `hint` are in English; `reason`
/// says the same as data, for a front end that words it in another language.
public struct ShapeError: Error, Equatable, CustomStringConvertible {
    public var layer: String
    public var input: [Int]
    public var expected: String
    public var hint: String?
    public var reason: Reason?

    /// What the layer wanted, as `expected` and `hint` say it.
    public enum Reason: Equatable, Sendable {
        /// fc: a vector of `values`; `flat` when the input has more than one axis (add flatten).
        case vector(values: Int, flat: Bool)
        /// conv2d and the pools: an image C×H×W, given an input of `rank` axes.
        case image(kind: String, rank: Int)
        /// conv1d and maxpool1d: a sequence C×L, given an input of `rank` axes.
        case sequence(kind: String, rank: Int)
        /// A window (`5×5`, `5`) larger than the padded input, and why.
        case window(String, why: WindowError)
        /// conv2d and conv1d: `filters` channels, given `given`.
        case channels(filters: Int, given: Int)
        /// softmax: a vector of class scores.
        case classScores
    }

    public init(layer: String, input: [Int], expected: String, hint: String? = nil, reason: Reason? = nil) {
        self.layer = layer
        self.input = input
        self.expected = expected
        self.hint = hint
        self.reason = reason
    }

    public var description: String {
        var text = "\(layer) cannot take input of shape \(Tensor.describe(input)): expected \(expected)"
        if let hint { text += " (hint: \(hint))" }
        return text
    }
}
