import Foundation
import Tensors

/// ReLU: y = max(0, x); dx = dy where x > 0, else 0. Any shape.
public struct ReLU: Layer {
    private var mask: [Bool] = []
    public init() {}
    public var kind: String { "relu" }
    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] { input }
    public mutating func forward(_ x: Tensor) -> Tensor {
        mask = x.scalars.map { $0 > 0 }
        return x.map { max(0, $0) }
    }
    public mutating func backward(_ dy: Tensor) -> Tensor {
        var dx = dy
        dx.withUnsafeMutableBufferPointer { d in for i in d.indices where !mask[i] { d[i] = 0 } }
        return dx
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
    public mutating func backward(_ dy: Tensor) -> Tensor {
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
    public mutating func backward(_ dy: Tensor) -> Tensor {
        var dx = dy
        dx.withUnsafeMutableBufferPointer { d in for i in d.indices { let y = output[flat: i]; d[i] *= y * (1 - y) } }
        return dx
    }
}
