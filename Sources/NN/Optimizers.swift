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
        _ = OptimizerState.step(&value, gradient, state: []) { Kernels.sgdStep($0, learningRate: lr) }
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
        velocity.step(key, &value, gradient) { Kernels.momentumStep($0, learningRate: lr, momentum: mu) }
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
        squares.step(key, &value, gradient) { Kernels.adaGradStep($0, learningRate: lr) }
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
        squares.step(key, &value, gradient) { Kernels.rmsPropStep($0, learningRate: lr, decay: rho) }
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
        let state = [first.current(key, count: value.count), second.current(key, count: value.count)]
        let next = OptimizerState.step(&value, gradient, state: state) {
            Kernels.adamStep($0, learningRate: lr, beta1: b1, beta2: b2, epsilon: eps, unbias1: u1, unbias2: u2)
        }
        (first.buffers[key], second.buffers[key]) = (next[0], next[1])
    }
}

/// Per-parameter state an optimizer keeps between steps (velocities, squared-gradient sums), by
/// parameter key such as `conv1.W`, zero at first.
struct OptimizerState: Sendable {
    var buffers: [String: [Float]] = [:]

    mutating func put(_ key: String, _ buffer: [Float]) { buffers[key] = buffer }

    /// The state kept for `key`: zeros before the parameter's first step.
    func current(_ key: String, count: Int) -> [Float] { buffers[key] ?? Array(repeating: 0, count: count) }

    /// One step of a parameter whose optimizer keeps this one state array per weight.
    mutating func step(_ key: String, _ value: inout Tensor, _ gradient: Tensor, _ kernel: @escaping @Sendable (StepRun) -> Void) {
        buffers[key] = Self.step(&value, gradient, state: [current(key, count: value.count)], kernel)[0]
    }

    /// One step by `kernel` out of place: new weights and new state arrays are written from the old
    /// ones, which a snapshot (the network's before a batch, the optimizer's) may still share, so
    /// nothing is copied first. A large parameter is stepped in runs on the threads `Parallelism`
    /// allows; each weight's step reads only that weight, so the runs give the same bits as one.
    /// Returns the new state arrays.
    static func step(_ value: inout Tensor, _ gradient: Tensor, state: [[Float]], _ kernel: @escaping @Sendable (StepRun) -> Void) -> [[Float]] {
        let count = value.count
        precondition(gradient.count == count && state.allSatisfy { $0.count == count }, "a gradient and state for each weight")
        var newState: [[Float]] = []
        let old = value
        value = Tensor(shape: old.shape) { w2 in
            old.withUnsafeBufferPointer { w in
                gradient.withUnsafeBufferPointer { g in
                    withBaseAddresses(of: state) { s in
                        newState = newArrays(state.count, count: count) { s2 in
                            let run = StepRun(count: count, weights: w.baseAddress!, gradient: g.baseAddress!, state: s,
                                              newWeights: w2.baseAddress!, newState: s2)
                            Parallelism.forRuns(of: count) { kernel(run.slice($0)) }
                        }
                    }
                }
            }
        }
        return newState
    }
}

/// `n` arrays of `count` values that `initialize` writes, every value of each, through their base addresses.
private func newArrays(_ n: Int, count: Int, _ initialize: ([UnsafeMutablePointer<Float>]) -> Void) -> [[Float]] {
    guard n > 0 else {
        initialize([])
        return []
    }
    var rest: [[Float]] = []
    let first = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
        rest = newArrays(n - 1, count: count) { initialize([buffer.baseAddress!] + $0) }
        initialized = count
    }
    return [first] + rest
}
