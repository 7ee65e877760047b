import Foundation
import Tensors

/// Why optimizer hyperparameters were refused.
public struct HyperparameterError: Error, Equatable, CustomStringConvertible {
    public var name: String
    public var value: Float
    public var expected: String
    public var description: String { "\(name)=\(value) is not allowed: expected \(expected)" }
}

func require(_ name: String, _ value: Float, _ expected: String, _ ok: Bool) throws(HyperparameterError) {
    guard value.isFinite, ok else { throw HyperparameterError(name: name, value: value, expected: expected) }
}

/// Updates every parameter of a network from the gradients its last backward left.
/// State (velocities, squared-gradient sums) is kept per parameter key such as `conv1.W`.
public protocol Optimizer: Sendable {
    var summary: String { get }
    /// One update of one parameter tensor, `key` naming it for the optimizer's state.
    mutating func update(_ key: String, _ value: inout Tensor, _ gradient: Tensor)
    /// Called once before each step's updates (Adam counts steps for its bias correction).
    mutating func beginStep()
}

extension Optimizer {
    public mutating func beginStep() {}
}

/// Plain gradient descent: W ← W − lr·∂L/∂W.
public struct SGD: Optimizer {
    public let learningRate: Float
    public init(learningRate: Float = 0.01) throws(HyperparameterError) {
        try require("lr", learningRate, "a number > 0", learningRate > 0)
        self.learningRate = learningRate
    }
    public var summary: String { "sgd lr=\(learningRate)" }
    public mutating func update(_ key: String, _ value: inout Tensor, _ gradient: Tensor) {
        value.withUnsafeMutableBufferPointer { w in for i in w.indices { w[i] -= learningRate * gradient[flat: i] } }
    }
}

/// Momentum: v ← α·v − lr·∂L/∂W; W ← W + v.
public struct Momentum: Optimizer {
    public let learningRate: Float, momentum: Float
    private var velocity: [String: [Float]] = [:]
    public init(learningRate: Float = 0.01, momentum: Float = 0.9) throws(HyperparameterError) {
        try require("lr", learningRate, "a number > 0", learningRate > 0)
        try require("momentum", momentum, "a number in [0, 1)", momentum >= 0 && momentum < 1)
        self.learningRate = learningRate
        self.momentum = momentum
    }
    public var summary: String { "momentum lr=\(learningRate) momentum=\(momentum)" }
    public mutating func update(_ key: String, _ value: inout Tensor, _ gradient: Tensor) {
        var v = velocity[key] ?? [Float](repeating: 0, count: value.count)
        value.withUnsafeMutableBufferPointer { w in
            for i in w.indices { v[i] = momentum * v[i] - learningRate * gradient[flat: i]; w[i] += v[i] }
        }
        velocity[key] = v
    }
}

/// AdaGrad: h ← h + (∂L/∂W)²; W ← W − lr·∂L/∂W / (√h + 1e-7).
public struct AdaGrad: Optimizer {
    public let learningRate: Float
    private var squares: [String: [Float]] = [:]
    public init(learningRate: Float = 0.01) throws(HyperparameterError) {
        try require("lr", learningRate, "a number > 0", learningRate > 0)
        self.learningRate = learningRate
    }
    public var summary: String { "adagrad lr=\(learningRate)" }
    public mutating func update(_ key: String, _ value: inout Tensor, _ gradient: Tensor) {
        var h = squares[key] ?? [Float](repeating: 0, count: value.count)
        value.withUnsafeMutableBufferPointer { w in
            for i in w.indices {
                let g = gradient[flat: i]
                h[i] += g * g
                w[i] -= learningRate * g / (h[i].squareRoot() + 1e-7)
            }
        }
        squares[key] = h
    }
}

/// RMSProp: h ← ρ·h + (1 − ρ)·(∂L/∂W)²; W ← W − lr·∂L/∂W / (√h + 1e-7).
public struct RMSProp: Optimizer {
    public let learningRate: Float, decay: Float
    private var squares: [String: [Float]] = [:]
    public init(learningRate: Float = 0.01, decay: Float = 0.99) throws(HyperparameterError) {
        try require("lr", learningRate, "a number > 0", learningRate > 0)
        try require("decay", decay, "a number in [0, 1)", decay >= 0 && decay < 1)
        self.learningRate = learningRate
        self.decay = decay
    }
    public var summary: String { "rmsprop lr=\(learningRate) decay=\(decay)" }
    public mutating func update(_ key: String, _ value: inout Tensor, _ gradient: Tensor) {
        var h = squares[key] ?? [Float](repeating: 0, count: value.count)
        value.withUnsafeMutableBufferPointer { w in
            for i in w.indices {
                let g = gradient[flat: i]
                h[i] = decay * h[i] + (1 - decay) * g * g
                w[i] -= learningRate * g / (h[i].squareRoot() + 1e-7)
            }
        }
        squares[key] = h
    }
}

/// Adam, as the course writes it: lr_t = lr·√(1 − β2^t)/(1 − β1^t); m ← m + (1 − β1)(g − m);
/// v ← v + (1 − β2)(g² − v); W ← W − lr_t·m/(√v + ε).
public struct Adam: Optimizer {
    public let learningRate: Float, beta1: Float, beta2: Float, epsilon: Float
    private var step = 0
    private var moments: [String: (m: [Float], v: [Float])] = [:]
    public init(learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8) throws(HyperparameterError) {
        try require("lr", learningRate, "a number > 0", learningRate > 0)
        try require("beta1", beta1, "a number in [0, 1)", beta1 >= 0 && beta1 < 1)
        try require("beta2", beta2, "a number in [0, 1)", beta2 >= 0 && beta2 < 1)
        try require("eps", epsilon, "a number > 0", epsilon > 0)
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }
    public var summary: String { "adam lr=\(learningRate) beta1=\(beta1) beta2=\(beta2) eps=\(epsilon)" }
    public mutating func beginStep() { step += 1 }
    public mutating func update(_ key: String, _ value: inout Tensor, _ gradient: Tensor) {
        var (m, v) = moments[key] ?? ([Float](repeating: 0, count: value.count), [Float](repeating: 0, count: value.count))
        let t = Float(max(step, 1))
        let rate = learningRate * (1 - Foundation.pow(beta2, t)).squareRoot() / (1 - Foundation.pow(beta1, t))
        value.withUnsafeMutableBufferPointer { w in
            for i in w.indices {
                let g = gradient[flat: i]
                m[i] += (1 - beta1) * (g - m[i])
                v[i] += (1 - beta2) * (g * g - v[i])
                w[i] -= rate * m[i] / (v[i].squareRoot() + epsilon)
            }
        }
        moments[key] = (m, v)
    }
}
