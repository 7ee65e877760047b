/// Kernels of the layers that regularise or rescale: dropout's mask, leaky ReLU, and batch
/// normalisation over channels. A batch is `batch` samples of `channels` planes of `positions`
/// values (N×C×H×W: positions H·W; N×F: channels F, positions 1), so one loop serves both layouts.
extension Kernels {
    /// mask[i] = scale with probability `keep`, else 0, drawn in order from `rng` (one uniform per
    /// value): dropout's m/(1 − P), the same values for the same generator state.
    public static func dropoutMask(_ mask: UnsafeMutablePointer<Float>, count: Int, keep: Double, scale: Float, using rng: inout RandomGenerator) {
        for i in 0..<count { mask[i] = rng.uniform() < keep ? scale : 0 }
    }

    /// out = a·b value by value: dropout's x·m/(1 − P) and dy·m/(1 − P).
    public static func multiply(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count {
            store8(load8(a + i) * load8(b + i), out + i)
            i += 8
        }
        while i < count { out[i] = a[i] * b[i]; i += 1 }
    }

    /// y = x where x > 0, else slope·x.
    public static func leakyRelu(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int, slope: Float) {
        for i in 0..<count { y[i] = x[i] > 0 ? x[i] : slope * x[i] }
    }

    /// dx = dy where the forward input x > 0, else slope·dy.
    public static func leakyReluBackward(_ dy: UnsafePointer<Float>, input x: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, count: Int, slope: Float) {
        for i in 0..<count { dx[i] = x[i] > 0 ? dy[i] : slope * dy[i] }
    }

    /// Each channel's mean and biased variance (1/M)·Σ(x − μ)² over its M = batch·positions values:
    /// each plane's sum in eight SIMD lanes, the planes' sums added in Double sample by sample, so
    /// the bits do not depend on threads (two passes: the deviations are taken from μ).
    public static func channelStatistics(_ x: UnsafePointer<Float>, batch: Int, channels: Int, positions: Int,
                                         mean: UnsafeMutablePointer<Double>, variance: UnsafeMutablePointer<Double>) {
        let m = Double(batch * positions)
        for c in 0..<channels {
            var total = 0.0
            for n in 0..<batch { total += Double(sum(x + (n * channels + c) * positions, count: positions)) }
            let mu = total / m
            var squares = 0.0
            for n in 0..<batch { squares += Double(squaredDeviations(x + (n * channels + c) * positions, count: positions, from: Float(mu))) }
            (mean[c], variance[c]) = (mu, squares / m)
        }
    }

    /// Σ (p[i] − mean)², eight lanes at a time.
    static func squaredDeviations(_ p: UnsafePointer<Float>, count: Int, from mean: Float) -> Float {
        let mv = SIMD8<Float>(repeating: mean)
        var acc = SIMD8<Float>(), i = 0
        while i + 8 <= count {
            let d = load8(p + i) - mv
            acc += d * d
            i += 8
        }
        var total = acc.sum()
        while i < count { total += (p[i] - mean) * (p[i] - mean); i += 1 }
        return total
    }

    /// Σ a[i]·b[i], eight lanes at a time.
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var acc = SIMD8<Float>(), i = 0
        while i + 8 <= count {
            acc += load8(a + i) * load8(b + i)
            i += 8
        }
        var total = acc.sum()
        while i < count { total += a[i] * b[i]; i += 1 }
        return total
    }

    /// x̂ = (x − μ_c)·inverse_c and y = x̂·γ_c + β_c, channel by channel (`normalized` may be nil
    /// when only y is wanted). With μ the running mean and inverse 1/√(running var + ε) this is
    /// also the evaluation pass.
    public static func normalize(_ x: UnsafePointer<Float>, batch: Int, channels: Int, positions: Int,
                                 mean: UnsafePointer<Float>, inverse: UnsafePointer<Float>, gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>,
                                 normalized: UnsafeMutablePointer<Float>?, output y: UnsafeMutablePointer<Float>) {
        for n in 0..<batch {
            for c in 0..<channels {
                let offset = (n * channels + c) * positions
                let (mu, inv, g, b) = (mean[c], inverse[c], gamma[c], beta[c])
                let (mv, iv, gv, bv) = (SIMD8(repeating: mu), SIMD8(repeating: inv), SIMD8(repeating: g), SIMD8(repeating: b))
                var j = 0
                while j + 8 <= positions {
                    let h = (load8(x + offset + j) - mv) * iv
                    if let normalized { store8(h, normalized + offset + j) }
                    store8(h * gv + bv, y + offset + j)
                    j += 8
                }
                while j < positions {
                    let h = (x[offset + j] - mu) * inv
                    normalized?[offset + j] = h
                    y[offset + j] = h * g + b
                    j += 1
                }
            }
        }
    }

    /// Batch normalisation's backward over M = batch·positions values per channel:
    ///     dβ_c = Σ dy,  dγ_c = Σ dy·x̂,  dx = (γ_c·inverse_c/M)·(M·dy − dβ_c − x̂·dγ_c)
    /// (each plane's sums in SIMD lanes, added in Double sample by sample). `dx` may be nil when
    /// the input gradient is not wanted.
    public static func batchNormBackward(_ dy: UnsafePointer<Float>, normalized xhat: UnsafePointer<Float>, batch: Int, channels: Int, positions: Int,
                                         gamma: UnsafePointer<Float>, inverse: UnsafePointer<Float>,
                                         dGamma: UnsafeMutablePointer<Float>, dBeta: UnsafeMutablePointer<Float>, dx: UnsafeMutablePointer<Float>?) {
        let m = Float(batch * positions)
        for c in 0..<channels {
            var sumDy = 0.0, sumDyXhat = 0.0
            for n in 0..<batch {
                let offset = (n * channels + c) * positions
                sumDy += Double(sum(dy + offset, count: positions))
                sumDyXhat += Double(dot(dy + offset, xhat + offset, count: positions))
            }
            (dBeta[c], dGamma[c]) = (Float(sumDy), Float(sumDyXhat))
            guard let dx else { continue }
            let k = gamma[c] * inverse[c] / m, (sb, sg) = (Float(sumDy), Float(sumDyXhat))
            let (kv, mv, sbv, sgv) = (SIMD8(repeating: k), SIMD8(repeating: m), SIMD8(repeating: sb), SIMD8(repeating: sg))
            for n in 0..<batch {
                let offset = (n * channels + c) * positions
                var j = 0
                while j + 8 <= positions {
                    store8(kv * (mv * load8(dy + offset + j) - sbv - load8(xhat + offset + j) * sgv), dx + offset + j)
                    j += 8
                }
                while j < positions { dx[offset + j] = k * (m * dy[offset + j] - sb - xhat[offset + j] * sg); j += 1 }
            }
        }
    }
}
