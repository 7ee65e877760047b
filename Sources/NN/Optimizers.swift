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
    /// The step size; a schedule may lower it between epochs.
    var learningRate: Float { get set }
}

extension Optimizer {
    public mutating func beginStep() {}
}

/// Plain gradient descent: W ← W − lr·∂L/∂W.
public struct SGD: Optimizer {
    public var learningRate: Float
    public init(learningRate: Float = 0.01) throws(HyperparameterError) {
        try require("lr", learningRate, "a number > 0", learningRate > 0)
        self.learningRate = learningRate
    }
    public var summary: String { "sgd lr=\(learningRate)" }
    public mutating func update(_ key: String, _ value: inout Tensor, _ gradient: Tensor) {
        let lr = learningRate
        value.withUnsafeMutableBufferPointer { w in
            gradient.withUnsafeBufferPointer { g in for i in 0..<w.count { w[i] -= lr * g[i] } }
        }
    }
}

/// Momentum: v ← α·v − lr·∂L/∂W; W ← W + v.
public struct Momentum: Optimizer {
    public var learningRate: Float
    public let momentum: Float
    private var velocity = OptimizerState()
    public init(learningRate: Float = 0.01, momentum: Float = 0.9) throws(HyperparameterError) {
        try require("lr", learningRate, "a number > 0", learningRate > 0)
        try require("momentum", momentum, "a number in [0, 1)", momentum >= 0 && momentum < 1)
        self.learningRate = learningRate
        self.momentum = momentum
    }
    public var summary: String { "momentum lr=\(learningRate) momentum=\(momentum)" }
    public mutating func update(_ key: String, _ value: inout Tensor, _ gradient: Tensor) {
        let (lr, mu) = (learningRate, momentum)
        velocity.update(key, value: &value, gradient: gradient) { w, g, v, i in
            v[i] = mu * v[i] - lr * g[i]
            w[i] += v[i]
        }
    }
}

/// AdaGrad: h ← h + (∂L/∂W)²; W ← W − lr·∂L/∂W / (√h + 1e-7).
public struct AdaGrad: Optimizer {
    public var learningRate: Float
    private var squares = OptimizerState()
    public init(learningRate: Float = 0.01) throws(HyperparameterError) {
        try require("lr", learningRate, "a number > 0", learningRate > 0)
        self.learningRate = learningRate
    }
    public var summary: String { "adagrad lr=\(learningRate)" }
    public mutating func update(_ key: String, _ value: inout Tensor, _ gradient: Tensor) {
        let lr = learningRate
        squares.update(key, value: &value, gradient: gradient) { w, g, h, i in
            h[i] += g[i] * g[i]
            w[i] -= lr * g[i] / (h[i].squareRoot() + 1e-7)
        }
    }
}

/// RMSProp: h ← ρ·h + (1 − ρ)·(∂L/∂W)²; W ← W − lr·∂L/∂W / (√h + 1e-7).
public struct RMSProp: Optimizer {
    public var learningRate: Float
    public let decay: Float
    private var squares = OptimizerState()
    public init(learningRate: Float = 0.01, decay: Float = 0.99) throws(HyperparameterError) {
        try require("lr", learningRate, "a number > 0", learningRate > 0)
        try require("decay", decay, "a number in [0, 1)", decay >= 0 && decay < 1)
        self.learningRate = learningRate
        self.decay = decay
    }
    public var summary: String { "rmsprop lr=\(learningRate) decay=\(decay)" }
    public mutating func update(_ key: String, _ value: inout Tensor, _ gradient: Tensor) {
        let (lr, rho) = (learningRate, decay)
        squares.update(key, value: &value, gradient: gradient) { w, g, h, i in
            h[i] = rho * h[i] + (1 - rho) * g[i] * g[i]
            w[i] -= lr * g[i] / (h[i].squareRoot() + 1e-7)
        }
    }
}

/// Adam, as the course writes it: lr_t = lr·√(1 − β2^t)/(1 − β1^t); m ← m + (1 − β1)(g − m);
/// v ← v + (1 − β2)(g² − v); W ← W − lr_t·m/(√v + ε).
public struct Adam: Optimizer {
    public var learningRate: Float
    public let beta1: Float, beta2: Float, epsilon: Float
    private var step = 0
    private var first = OptimizerState(), second = OptimizerState()
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
        let t = Float(max(step, 1))
        let rate = learningRate * (1 - Foundation.pow(beta2, t)).squareRoot() / (1 - Foundation.pow(beta1, t))
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        var m = first.take(key, count: value.count), v = second.take(key, count: value.count)
        value.withUnsafeMutableBufferPointer { w in
            gradient.withUnsafeBufferPointer { g in
                m.withUnsafeMutableBufferPointer { m in
                    v.withUnsafeMutableBufferPointer { v in
                        // Eight lanes at a time, the same operations in the same order as the scalar tail.
                        let (c1, c2, r, e) = (SIMD8<Float>(repeating: 1 - b1), SIMD8<Float>(repeating: 1 - b2),
                                              SIMD8<Float>(repeating: rate), SIMD8<Float>(repeating: eps))
                        func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> { UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self) }
                        func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self) }
                        let (wp, gp, mp, vp) = (w.baseAddress!, g.baseAddress!, m.baseAddress!, v.baseAddress!)
                        var i = 0
                        while i + 8 <= w.count {
                            let gi = load(gp + i), mi = load(mp + i), vi = load(vp + i)
                            let m2 = mi + c1 * (gi - mi), v2 = vi + c2 * (gi * gi - vi)
                            store(m2, mp + i)
                            store(v2, vp + i)
                            store(load(wp + i) - r * m2 / (Kernels.squareRoot(v2) + e), wp + i)
                            i += 8
                        }
                        while i < w.count {
                            m[i] += (1 - b1) * (g[i] - m[i])
                            v[i] += (1 - b2) * (g[i] * g[i] - v[i])
                            w[i] -= rate * m[i] / (v[i].squareRoot() + eps)
                            i += 1
                        }
                    }
                }
            }
        }
        first.put(key, m)
        second.put(key, v)
    }
}

/// Per-parameter state an optimizer keeps between steps (velocities, squared-gradient sums), by
/// parameter key such as `conv1.W`, zero at first.
struct OptimizerState: Sendable {
    private var buffers: [String: [Float]] = [:]

    /// Takes the buffer out, so that it is uniquely referenced and updated without a copy.
    mutating func take(_ key: String, count: Int) -> [Float] {
        buffers.removeValue(forKey: key) ?? [Float](repeating: 0, count: count)
    }

    mutating func put(_ key: String, _ buffer: [Float]) { buffers[key] = buffer }

    /// Runs `body(w, g, state, i)` for every index i of the parameter, on raw buffers.
    mutating func update(_ key: String, value: inout Tensor, gradient: Tensor,
                         _ body: (UnsafeMutableBufferPointer<Float>, UnsafeBufferPointer<Float>, UnsafeMutableBufferPointer<Float>, Int) -> Void) {
        var state = take(key, count: value.count)
        value.withUnsafeMutableBufferPointer { w in
            gradient.withUnsafeBufferPointer { g in
                state.withUnsafeMutableBufferPointer { st in
                    for i in 0..<w.count { body(w, g, st, i) }
                }
            }
        }
        put(key, state)
    }
}
