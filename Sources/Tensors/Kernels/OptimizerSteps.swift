#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

extension Kernels {
    /// √v lane by lane. Swift lowers `SIMD8.squareRoot()` to eight scalar roots, each with a libm
    /// fallback kept for errno; AVX's vsqrtps gives the same correctly rounded roots in one go.
    @inlinable @inline(__always)
    public static func squareRoot(_ v: SIMD8<Float>) -> SIMD8<Float> {
        #if arch(x86_64)
        _mm256_sqrt_ps(v)
        #else
        v.squareRoot()
        #endif
    }

    /// SGD: w ← w − lr·g.
    public static func sgdStep(_ run: StepRun, learningRate lr: Float) {
        let (w, g, w2) = (run.weights, run.gradient, run.newWeights)
        for i in 0..<run.count { w2[i] = w[i] - lr * g[i] }
    }

    /// Momentum: v ← μ·v − lr·g; w ← w + v.
    public static func momentumStep(_ run: StepRun, learningRate lr: Float, momentum mu: Float) {
        let (w, g, v, w2, v2) = (run.weights, run.gradient, run.state[0], run.newWeights, run.newState[0])
        for i in 0..<run.count {
            let vi = mu * v[i] - lr * g[i]
            v2[i] = vi
            w2[i] = w[i] + vi
        }
    }

    /// AdaGrad: h ← h + g²; w ← w − lr·g/(√h + 1e-7).
    public static func adaGradStep(_ run: StepRun, learningRate lr: Float) {
        let (w, g, h, w2, h2) = (run.weights, run.gradient, run.state[0], run.newWeights, run.newState[0])
        for i in 0..<run.count {
            let hi = h[i] + g[i] * g[i]
            h2[i] = hi
            w2[i] = w[i] - lr * g[i] / (hi.squareRoot() + 1e-7)
        }
    }

    /// RMSProp: h ← ρ·h + (1 − ρ)·g²; w ← w − lr·g/(√h + 1e-7).
    public static func rmsPropStep(_ run: StepRun, learningRate lr: Float, decay rho: Float) {
        let (w, g, h, w2, h2) = (run.weights, run.gradient, run.state[0], run.newWeights, run.newState[0])
        for i in 0..<run.count {
            let hi = rho * h[i] + (1 - rho) * g[i] * g[i]
            h2[i] = hi
            w2[i] = w[i] - lr * g[i] / (hi.squareRoot() + 1e-7)
        }
    }

    /// Adam as the paper (Kingma & Ba, Algorithm 1) and PyTorch write it, for step t:
    /// m ← m + (1 − β1)(g − m); v ← v + (1 − β2)(g² − v); m̂ = m/(1 − β1^t); v̂ = v/(1 − β2^t);
    /// w ← w − lr·m̂/(√v̂ + ε). `unbias1` and `unbias2` are 1/(1 − β1^t) and 1/(1 − β2^t).
    /// ε is added to √v̂, the corrected root; folding the corrections into the rate instead (the
    /// course's lr_t) puts ε beside the uncorrected √v, which amounts to ε/√(1 − β2^t) beside √v̂.
    /// Eight lanes at a time, the same operations in the same order as the scalar tail.
    public static func adamStep(_ run: StepRun, learningRate lr: Float, beta1 b1: Float, beta2 b2: Float,
                                epsilon eps: Float, unbias1 u1: Float, unbias2 u2: Float) {
        let (w, g, m, v) = (run.weights, run.gradient, run.state[0], run.state[1])
        let (w2, m2, v2, count) = (run.newWeights, run.newState[0], run.newState[1], run.count)
        let (c1, c2, r, e) = (SIMD8<Float>(repeating: 1 - b1), SIMD8<Float>(repeating: 1 - b2),
                              SIMD8<Float>(repeating: lr), SIMD8<Float>(repeating: eps))
        let (k1, k2) = (SIMD8<Float>(repeating: u1), SIMD8<Float>(repeating: u2))
        var i = 0
        while i + 8 <= count {
            let gi = load8(g + i), mi = load8(m + i), vi = load8(v + i)
            let mn = mi + c1 * (gi - mi), vn = vi + c2 * (gi * gi - vi)
            store8(mn, m2 + i)
            store8(vn, v2 + i)
            store8(load8(w + i) - r * (mn * k1) / (squareRoot(vn * k2) + e), w2 + i)
            i += 8
        }
        while i < count {
            let mn = m[i] + (1 - b1) * (g[i] - m[i]), vn = v[i] + (1 - b2) * (g[i] * g[i] - v[i])
            (m2[i], v2[i]) = (mn, vn)
            w2[i] = w[i] - lr * (mn * u1) / ((vn * u2).squareRoot() + eps)
            i += 1
        }
    }
}

/// What one optimizer step reads and writes for a run of `count` values of a parameter: its
/// weights and gradient, the state the optimizer keeps per weight (none for SGD, a velocity or a
/// sum of squares, Adam's m and v), and where the new weights and state go. The new may be the old
/// memory (a step in place) or apart from it, which leaves the old values to a caller that may have
/// to go back to them. Each value's step reads and writes that value alone, so a parameter can be
/// cut into runs stepped separately, on several threads, with the same bits.
public struct StepRun: @unchecked Sendable {
    public let count: Int
    public let weights: UnsafePointer<Float>
    public let gradient: UnsafePointer<Float>
    public let state: [UnsafePointer<Float>]
    public let newWeights: UnsafeMutablePointer<Float>
    public let newState: [UnsafeMutablePointer<Float>]

    public init(count: Int, weights: UnsafePointer<Float>, gradient: UnsafePointer<Float>, state: [UnsafePointer<Float>],
                newWeights: UnsafeMutablePointer<Float>, newState: [UnsafeMutablePointer<Float>]) {
        precondition(state.count == newState.count, "as many new state arrays as old")
        (self.count, self.weights, self.gradient, self.state) = (count, weights, gradient, state)
        (self.newWeights, self.newState) = (newWeights, newState)
    }

    /// Values `range` of this run.
    public func slice(_ range: Range<Int>) -> StepRun {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "a slice within the run")
        let i = range.lowerBound
        return StepRun(count: range.count, weights: weights + i, gradient: gradient + i, state: state.map { $0 + i },
                       newWeights: newWeights + i, newState: newState.map { $0 + i })
    }
}
