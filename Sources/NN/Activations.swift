import Foundation
import Tensors

/// ReLU: y = max(0, x); dx = dy where x > 0, else 0. Any shape.
public struct ReLU: Layer {
    /// The forward output: y > 0 exactly where x > 0, and it shares storage with what forward returned.
    private var output = Tensor(shape: [0])
    public init() {}
    public var kind: String { "relu" }
    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] { input }
    public mutating func forward(_ x: Tensor) -> Tensor {
        output = Tensor(shape: x.shape) { y in
            x.withUnsafeBufferPointer { Kernels.relu($0.baseAddress!, y.baseAddress!, count: y.count) }
        }
        return output
    }
    public mutating func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        precondition(dy.count == output.count, "relu backward before forward")
        return Tensor(shape: dy.shape) { dx in
            dy.withUnsafeBufferPointer { d in
                output.withUnsafeBufferPointer { Kernels.reluBackward(d.baseAddress!, output: $0.baseAddress!, dx.baseAddress!, count: dx.count) }
            }
        }
    }
}

/// Tanh: y = tanh(x); dx = dy·(1 − y²). Any shape.
public struct Tanh: Layer {
    private var output = Tensor(shape: [0])
    public init() {}
    public var kind: String { "tanh" }
    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] { input }
    public mutating func forward(_ x: Tensor) -> Tensor {
        output = x.map { Foundation.tanh($0) }
        return output
    }
    public mutating func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        var dx = dy
        dx.withUnsafeMutableBufferPointer { d in for i in d.indices { let y = output[flat: i]; d[i] *= 1 - y * y } }
        return dx
    }
}

/// Sigmoid: y = 1/(1 + e^−x); dx = dy·y·(1 − y). Any shape.
public struct Sigmoid: Layer {
    private var output = Tensor(shape: [0])
    public init() {}
    public var kind: String { "sigmoid" }
    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] { input }
    public mutating func forward(_ x: Tensor) -> Tensor {
        output = x.map { 1 / (1 + Foundation.exp(-$0)) }
        return output
    }
    public mutating func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        var dx = dy
        dx.withUnsafeMutableBufferPointer { d in for i in d.indices { let y = output[flat: i]; d[i] *= y * (1 - y) } }
        return dx
    }
}
