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

    /// Each channel's mean and biased variance (1/M)·Σ(x − μ)² over its M = batch·positions values,
    /// summed in Double in a fixed order (sample by sample), so the bits do not depend on threads.
    public static func channelStatistics(_ x: UnsafePointer<Float>, batch: Int, channels: Int, positions: Int,
                                         mean: UnsafeMutablePointer<Double>, variance: UnsafeMutablePointer<Double>) {
        let m = Double(batch * positions)
        for c in 0..<channels {
            var total = 0.0
            for n in 0..<batch {
                let p = x + (n * channels + c) * positions
                for j in 0..<positions { total += Double(p[j]) }
            }
            let mu = total / m
            var squares = 0.0
            for n in 0..<batch {
                let p = x + (n * channels + c) * positions
                for j in 0..<positions { let d = Double(p[j]) - mu; squares += d * d }
            }
            (mean[c], variance[c]) = (mu, squares / m)
        }
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
                for j in 0..<positions {
                    let h = (x[offset + j] - mu) * inv
                    normalized?[offset + j] = h
                    y[offset + j] = h * g + b
                }
            }
        }
    }

    /// Batch normalisation's backward over M = batch·positions values per channel:
    ///     dβ_c = Σ dy,  dγ_c = Σ dy·x̂,  dx = (γ_c·inverse_c/M)·(M·dy − dβ_c − x̂·dγ_c)
    /// (sums in Double, sample by sample). `dx` may be nil when the input gradient is not wanted.
    public static func batchNormBackward(_ dy: UnsafePointer<Float>, normalized xhat: UnsafePointer<Float>, batch: Int, channels: Int, positions: Int,
                                         gamma: UnsafePointer<Float>, inverse: UnsafePointer<Float>,
                                         dGamma: UnsafeMutablePointer<Float>, dBeta: UnsafeMutablePointer<Float>, dx: UnsafeMutablePointer<Float>?) {
        let m = Float(batch * positions)
        for c in 0..<channels {
            var sumDy = 0.0, sumDyXhat = 0.0
            for n in 0..<batch {
                let offset = (n * channels + c) * positions
                for j in 0..<positions {
                    sumDy += Double(dy[offset + j])
                    sumDyXhat += Double(dy[offset + j]) * Double(xhat[offset + j])
                }
            }
            (dBeta[c], dGamma[c]) = (Float(sumDy), Float(sumDyXhat))
            guard let dx else { continue }
            let k = gamma[c] * inverse[c] / m, (sb, sg) = (Float(sumDy), Float(sumDyXhat))
            for n in 0..<batch {
                let offset = (n * channels + c) * positions
                for j in 0..<positions { dx[offset + j] = k * (m * dy[offset + j] - sb - xhat[offset + j] * sg) }
            }
        }
    }
}
