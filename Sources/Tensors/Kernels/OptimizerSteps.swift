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
    public static func sgdStep(_ w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>, count: Int, learningRate lr: Float) {
        for i in 0..<count { w[i] -= lr * g[i] }
    }

    /// Momentum: v ← μ·v − lr·g; w ← w + v.
    public static func momentumStep(_ w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>, velocity v: UnsafeMutablePointer<Float>,
                                    count: Int, learningRate lr: Float, momentum mu: Float) {
        for i in 0..<count {
            v[i] = mu * v[i] - lr * g[i]
            w[i] += v[i]
        }
    }

    /// AdaGrad: h ← h + g²; w ← w − lr·g/(√h + 1e-7).
    public static func adaGradStep(_ w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>, squares h: UnsafeMutablePointer<Float>,
                                   count: Int, learningRate lr: Float) {
        for i in 0..<count {
            h[i] += g[i] * g[i]
            w[i] -= lr * g[i] / (h[i].squareRoot() + 1e-7)
        }
    }

    /// RMSProp: h ← ρ·h + (1 − ρ)·g²; w ← w − lr·g/(√h + 1e-7).
    public static func rmsPropStep(_ w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>, squares h: UnsafeMutablePointer<Float>,
                                   count: Int, learningRate lr: Float, decay rho: Float) {
        for i in 0..<count {
            h[i] = rho * h[i] + (1 - rho) * g[i] * g[i]
            w[i] -= lr * g[i] / (h[i].squareRoot() + 1e-7)
        }
    }

    /// Adam as the paper (Kingma & Ba, Algorithm 1) and PyTorch write it, for step t:
    /// m ← m + (1 − β1)(g − m); v ← v + (1 − β2)(g² − v); m̂ = m/(1 − β1^t); v̂ = v/(1 − β2^t);
    /// w ← w − lr·m̂/(√v̂ + ε). `unbias1` and `unbias2` are 1/(1 − β1^t) and 1/(1 − β2^t).
    /// ε is added to √v̂, the corrected root; folding the corrections into the rate instead (the
    /// course's lr_t) puts ε beside the uncorrected √v, which amounts to ε/√(1 − β2^t) beside √v̂.
    /// Eight lanes at a time, the same operations in the same order as the scalar tail.
    public static func adamStep(_ w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>, first m: UnsafeMutablePointer<Float>,
                                second v: UnsafeMutablePointer<Float>, count: Int, learningRate lr: Float, beta1 b1: Float, beta2 b2: Float,
                                epsilon eps: Float, unbias1 u1: Float, unbias2 u2: Float) {
        let (c1, c2, r, e) = (SIMD8<Float>(repeating: 1 - b1), SIMD8<Float>(repeating: 1 - b2),
                              SIMD8<Float>(repeating: lr), SIMD8<Float>(repeating: eps))
        let (k1, k2) = (SIMD8<Float>(repeating: u1), SIMD8<Float>(repeating: u2))
        var i = 0
        while i + 8 <= count {
            let gi = load8(g + i), mi = load8(m + i), vi = load8(v + i)
            let m2 = mi + c1 * (gi - mi), v2 = vi + c2 * (gi * gi - vi)
            store8(m2, m + i)
            store8(v2, v + i)
            store8(load8(w + i) - r * (m2 * k1) / (squareRoot(v2 * k2) + e), w + i)
            i += 8
        }
        while i < count {
            m[i] += (1 - b1) * (g[i] - m[i])
            v[i] += (1 - b2) * (g[i] * g[i] - v[i])
            w[i] -= lr * (m[i] * u1) / ((v[i] * u2).squareRoot() + eps)
            i += 1
        }
    }
}
