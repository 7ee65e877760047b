import Foundation
import Tensors

/// y = f(x) value by value, any shape; dx = dy·f′(x), computed from the forward output y, which is
/// all backward keeps (ReLU: y > 0 exactly where x > 0). `F` names the function and its kernels.
public struct Activation<F: ActivationFunction>: ParameterFree {
    private var output = Tensor(shape: [0])
    public init() {}
    public var kind: String { F.kind }
    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] { input }
    public mutating func forward(_ x: Tensor) -> Tensor {
        output = x.elementwise(F.forward)
        return output
    }
    public func forwardInDouble(_ x: DoubleBatch, parameters: [[Double]], branches: inout [Int32]) -> DoubleBatch {
        F.forwardInDouble(x, branches: &branches)
    }
    public mutating func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        precondition(dy.count == output.count, "\(kind) backward before forward")
        return dy.elementwise(output, F.backward)
    }
}

/// A function for `Activation`: its command-line name and its forward and backward kernels.
public protocol ActivationFunction: Sendable {
    static var kind: String { get }
    static var forward: Kernels.Unary { get }
    static var backward: Kernels.Gradient { get }
    /// The function over a batch in double precision (`gradcheck`), recording the side of a kink if it
    /// has one; tanh and sigmoid map `value`.
    static func forwardInDouble(_ x: DoubleBatch, branches: inout [Int32]) -> DoubleBatch
    /// f(x) in Double, straight from the formula, for `explain` and `gradcheck` (beside the kernels).
    static func value(_ x: Double) -> Double
    /// f′(x) in Double, for `explain`.
    static func slope(_ x: Double) -> Double
}

/// ReLU: y = max(0, x); dx = dy where x > 0, else 0.
public typealias ReLU = Activation<ReLUFunction>
public enum ReLUFunction: ActivationFunction {
    public static let (kind, forward, backward): (String, Kernels.Unary, Kernels.Gradient) = ("relu", Kernels.relu, Kernels.reluBackward)
    public static func forwardInDouble(_ x: DoubleBatch, branches: inout [Int32]) -> DoubleBatch { DoubleKernels.relu(x, branches: &branches) }
    public static func value(_ x: Double) -> Double { max(0, x) }
    public static func slope(_ x: Double) -> Double { x > 0 ? 1 : 0 }
}

/// Tanh: y = tanh(x); dx = dy·(1 − y²).
public typealias Tanh = Activation<TanhFunction>
public enum TanhFunction: ActivationFunction {
    public static let (kind, forward, backward): (String, Kernels.Unary, Kernels.Gradient) = ("tanh", Kernels.tanh, Kernels.tanhBackward)
    public static func forwardInDouble(_ x: DoubleBatch, branches: inout [Int32]) -> DoubleBatch { DoubleKernels.map(x, value) }
    public static func value(_ x: Double) -> Double { Foundation.tanh(x) }
    public static func slope(_ x: Double) -> Double { 1 - value(x) * value(x) }
}

/// Sigmoid: y = 1/(1 + e^−x); dx = dy·y·(1 − y).
public typealias Sigmoid = Activation<SigmoidFunction>
public enum SigmoidFunction: ActivationFunction {
    public static let (kind, forward, backward): (String, Kernels.Unary, Kernels.Gradient) = ("sigmoid", Kernels.sigmoid, Kernels.sigmoidBackward)
    public static func forwardInDouble(_ x: DoubleBatch, branches: inout [Int32]) -> DoubleBatch { DoubleKernels.map(x, value) }
    public static func value(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }
    public static func slope(_ x: Double) -> Double { value(x) * (1 - value(x)) }
}
