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
    /// Called once before each step's updates: counts the step.
    mutating func beginStep()
    /// How many steps it has taken since it was made (Adam's t, for its bias correction).
    var steps: Int { get set }
    /// The step size; a schedule may lower it between epochs.
    var learningRate: Float { get set }
}

extension Optimizer {
    public mutating func beginStep() { steps += 1 }
}

/// Plain gradient descent: W ← W − lr·∂L/∂W.
public struct SGD: Optimizer {
    public var learningRate: Float
    public var steps = 0
    public init(learningRate: Float = 0.01) throws(HyperparameterError) {
        try require("lr", learningRate, "a number > 0", learningRate > 0)
        self.learningRate = learningRate
    }
    public var summary: String { "sgd lr=\(learningRate)" }
    public mutating func update(_ key: String, _ value: inout Tensor, _ gradient: Tensor) {
        let lr = learningRate
        value.withUnsafeMutableBufferPointer { w in
            gradient.withUnsafeBufferPointer { Kernels.sgdStep(w.baseAddress!, gradient: $0.baseAddress!, count: w.count, learningRate: lr) }
        }
    }
}

/// Momentum: v ← α·v − lr·∂L/∂W; W ← W + v.
public struct Momentum: Optimizer {
    public var learningRate: Float
    public var steps = 0
    public let momentum: Float
    var velocity = OptimizerState()
    public init(learningRate: Float = 0.01, momentum: Float = 0.9) throws(HyperparameterError) {
        try require("lr", learningRate, "a number > 0", learningRate > 0)
        try require("momentum", momentum, "a number in [0, 1)", momentum >= 0 && momentum < 1)
        self.learningRate = learningRate
        self.momentum = momentum
    }
    public var summary: String { "momentum lr=\(learningRate) momentum=\(momentum)" }
    public mutating func update(_ key: String, _ value: inout Tensor, _ gradient: Tensor) {
        let (lr, mu) = (learningRate, momentum)
        velocity.update(key, value: &value, gradient: gradient) { w, g, v, count in
            Kernels.momentumStep(w, gradient: g, velocity: v, count: count, learningRate: lr, momentum: mu)
        }
    }
}

/// AdaGrad: h ← h + (∂L/∂W)²; W ← W − lr·∂L/∂W / (√h + 1e-7).
public struct AdaGrad: Optimizer {
    public var learningRate: Float
    public var steps = 0
    var squares = OptimizerState()
    public init(learningRate: Float = 0.01) throws(HyperparameterError) {
        try require("lr", learningRate, "a number > 0", learningRate > 0)
        self.learningRate = learningRate
    }
    public var summary: String { "adagrad lr=\(learningRate)" }
    public mutating func update(_ key: String, _ value: inout Tensor, _ gradient: Tensor) {
        let lr = learningRate
        squares.update(key, value: &value, gradient: gradient) { w, g, h, count in
            Kernels.adaGradStep(w, gradient: g, squares: h, count: count, learningRate: lr)
        }
    }
}

/// RMSProp: h ← ρ·h + (1 − ρ)·(∂L/∂W)²; W ← W − lr·∂L/∂W / (√h + 1e-7).
public struct RMSProp: Optimizer {
    public var learningRate: Float
    public var steps = 0
    public let decay: Float
    var squares = OptimizerState()
    public init(learningRate: Float = 0.01, decay: Float = 0.99) throws(HyperparameterError) {
        try require("lr", learningRate, "a number > 0", learningRate > 0)
        try require("decay", decay, "a number in [0, 1)", decay >= 0 && decay < 1)
        self.learningRate = learningRate
        self.decay = decay
    }
    public var summary: String { "rmsprop lr=\(learningRate) decay=\(decay)" }
    public mutating func update(_ key: String, _ value: inout Tensor, _ gradient: Tensor) {
        let (lr, rho) = (learningRate, decay)
        squares.update(key, value: &value, gradient: gradient) { w, g, h, count in
            Kernels.rmsPropStep(w, gradient: g, squares: h, count: count, learningRate: lr, decay: rho)
        }
    }
}

/// Adam as the paper (Kingma & Ba 2015) and PyTorch write it: m ← m + (1 − β1)(∂L/∂W − m);
/// v ← v + (1 − β2)((∂L/∂W)² − v); m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t) (the moments' bias towards their
/// zero start removed); W ← W − lr·m̂/(√v̂ + ε). The course's common/optimizer.py folds the
/// corrections into lr_t = lr·√(1 − β2^t)/(1 − β1^t) and adds its ε (1e-7) to the uncorrected √v,
/// which amounts to ε/√(1 − β2^t) beside √v̂ (32·ε at the first step): the same while √v̂ ≫ ε, but
/// for a weight whose gradients are near ε the step differs several-fold.
public struct Adam: Optimizer {
    public var learningRate: Float
    public let beta1: Float, beta2: Float, epsilon: Float
    public var steps = 0
    var first = OptimizerState(), second = OptimizerState()
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
    public mutating func update(_ key: String, _ value: inout Tensor, _ gradient: Tensor) {
        let t = Double(max(steps, 1))
        let (u1, u2) = (Float(1 / (1 - Foundation.pow(Double(beta1), t))), Float(1 / (1 - Foundation.pow(Double(beta2), t))))
        let (lr, b1, b2, eps) = (learningRate, beta1, beta2, epsilon)
        var m = first.take(key, count: value.count), v = second.take(key, count: value.count)
        value.withUnsafeMutableBufferPointer { w in
            gradient.withUnsafeBufferPointer { g in
                m.withUnsafeMutableBufferPointer { m in
                    v.withUnsafeMutableBufferPointer { v in
                        Kernels.adamStep(w.baseAddress!, gradient: g.baseAddress!, first: m.baseAddress!, second: v.baseAddress!, count: w.count,
                                         learningRate: lr, beta1: b1, beta2: b2, epsilon: eps, unbias1: u1, unbias2: u2)
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
    var buffers: [String: [Float]] = [:]

    /// Takes the buffer out, so that it is uniquely referenced and updated without a copy.
    mutating func take(_ key: String, count: Int) -> [Float] {
        buffers.removeValue(forKey: key) ?? [Float](repeating: 0, count: count)
    }

    mutating func put(_ key: String, _ buffer: [Float]) { buffers[key] = buffer }

    /// Runs a step kernel `body(w, g, state, count)` on the parameter's raw buffers and its state.
    mutating func update(_ key: String, value: inout Tensor, gradient: Tensor,
                         _ body: (UnsafeMutablePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void) {
        var state = take(key, count: value.count)
        value.withUnsafeMutableBufferPointer { w in
            gradient.withUnsafeBufferPointer { g in
                state.withUnsafeMutableBufferPointer { body(w.baseAddress!, g.baseAddress!, $0.baseAddress!, w.count) }
            }
        }
        put(key, state)
    }
}
