#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Kernels {
    /// Σ p[0..<count], with eight SIMD8 partial sums added in a fixed order (the same bits every run).
    public static func sum(_ p: UnsafePointer<Float>, count: Int) -> Float {
        var acc = SIMD8<Float>()
        var i = 0
        while i + 8 <= count {
            acc += UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self)
            i += 8
        }
        var total = acc.sum()
        while i < count { total += p[i]; i += 1 }
        return total
    }

    /// p[0..<count] += value.
    static func add(_ value: Float, to p: UnsafeMutablePointer<Float>, count: Int) {
        let v = SIMD8<Float>(repeating: value)
        var i = 0
        while i + 8 <= count {
            let raw = UnsafeMutableRawPointer(p + i)
            raw.storeBytes(of: raw.loadUnaligned(as: SIMD8<Float>.self) + v, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { p[i] += value; i += 1 }
    }

    /// dst[0..<count] += src[0..<count], inline for short rows.
    @inline(__always)
    static func add(_ src: UnsafePointer<Float>, to dst: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count {
            let d = UnsafeMutableRawPointer(dst + i)
            d.storeBytes(of: d.loadUnaligned(as: SIMD8<Float>.self) + UnsafeRawPointer(src + i).loadUnaligned(as: SIMD8<Float>.self), as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { dst[i] += src[i]; i += 1 }
    }

    /// A short copy (a row of a window, tens of floats) inline: memmove's call costs more than the copy.
    @inline(__always)
    static func copy(_ src: UnsafePointer<Float>, to dst: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count {
            UnsafeMutableRawPointer(dst + i).storeBytes(of: UnsafeRawPointer(src + i).loadUnaligned(as: SIMD8<Float>.self), as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { dst[i] = src[i]; i += 1 }
    }

    /// Whether no value is NaN or infinite: v·0 is 0 for every finite v and NaN otherwise, so the
    /// sum of v·0 is 0 exactly when all are finite (no overflow, unlike summing the values).
    public static func allFinite(_ p: UnsafePointer<Float>, count: Int) -> Bool {
        var acc = SIMD8<Float>()
        var i = 0
        while i + 8 <= count {
            acc += UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self) * 0
            i += 8
        }
        var tail: Float = 0
        while i < count { tail += p[i] * 0; i += 1 }
        return acc.sum() == 0 && tail == 0
    }
}

/// Sums and bias terms of the layers: rows are samples (fc, N×O), channels are planes of P positions
/// (a convolution's output for one image, M×P).
extension Kernels {
    /// y[r, c] += b[c] for each of `rows` rows of `columns` values: fc's + b.
    public static func addRow(_ b: UnsafePointer<Float>, toRows y: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
        for r in 0..<rows { add(b, to: y + r * columns, count: columns) }
    }

    /// db[c] += Σ_r dy[r, c], rows added in order: fc's db.
    public static func addColumnSums(_ dy: UnsafePointer<Float>, rows: Int, columns: Int, to db: UnsafeMutablePointer<Float>) {
        for r in 0..<rows { add(dy + r * columns, to: db, count: columns) }
    }

    /// y[f, p] += b[f] over `channels` planes of `positions` values: a convolution's + b[m].
    public static func addChannel(_ b: UnsafePointer<Float>, to y: UnsafeMutablePointer<Float>, channels: Int, positions: Int) {
        for f in 0..<channels { add(b[f], to: y + f * positions, count: positions) }
    }

    /// db[f] += Σ_p dy[f, p]: a convolution's db, one image at a time.
    public static func addChannelSums(_ dy: UnsafePointer<Float>, channels: Int, positions: Int, to db: UnsafeMutablePointer<Float>) {
        for f in 0..<channels { db[f] += sum(dy + f * positions, count: positions) }
    }

    /// b (columns×rows) = aᵀ for a rows×columns.
    public static func transpose(_ a: UnsafePointer<Float>, rows: Int, columns: Int, into b: UnsafeMutablePointer<Float>) {
        for f in 0..<columns { for q in 0..<rows { b[f * rows + q] = a[q * columns + f] } }
    }

    /// out = Σ_k w_k·parts_k, added part after part into a zero start (the same bits whatever the
    /// thread count): data-parallel training's combined gradient.
    public static func weightedSum(_ parts: [UnsafePointer<Float>], weights: [Float], count: Int, into out: UnsafeMutablePointer<Float>) {
        precondition(parts.count == weights.count, "one weight per part")
        out.update(repeating: 0, count: count)
        for (g, w) in zip(parts, weights) {
            let wv = SIMD8<Float>(repeating: w)
            var i = 0
            while i + 8 <= count {
                store8(load8(out + i) + wv * load8(g + i), out + i)
                i += 8
            }
            while i < count { out[i] += w * g[i]; i += 1 }
        }
    }
}

/// Activations, value by value: y = f(x), and dx = dy·f′ computed from the forward output y.
extension Kernels {
    /// y = max(0, x), eight lanes at a time.
    public static func relu(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count {
            let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(y + i).storeBytes(of: v.replacing(with: 0, where: v .< 0), as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { y[i] = max(0, x[i]); i += 1 }
    }

    /// dx = dy where the forward output y > 0, else 0.
    public static func reluBackward(_ dy: UnsafePointer<Float>, output y: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count {
            let d = UnsafeRawPointer(dy + i).loadUnaligned(as: SIMD8<Float>.self)
            let v = UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(dx + i).storeBytes(of: d.replacing(with: 0, where: v .<= 0), as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { dx[i] = y[i] > 0 ? dy[i] : 0; i += 1 }
    }

    /// y = tanh(x).
    public static func tanh(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { y[i] = hyperbolicTangent(x[i]) }
    }

    /// dx = dy·(1 − y²) with y = tanh(x) from forward.
    public static func tanhBackward(_ dy: UnsafePointer<Float>, output y: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { dx[i] = dy[i] * (1 - y[i] * y[i]) }
    }

    /// y = 1/(1 + e^−x).
    public static func sigmoid(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { y[i] = 1 / (1 + exponential(-x[i])) }
    }

    /// dx = dy·y·(1 − y) with y = sigmoid(x) from forward.
    public static func sigmoidBackward(_ dy: UnsafePointer<Float>, output y: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { dx[i] = dy[i] * (y[i] * (1 - y[i])) }
    }
}

// The C library's functions under names that no kernel shadows (`Kernels.tanh` hides `tanh`
// inside the extension), for the kernels and their references.
@inline(__always) func hyperbolicTangent(_ x: Float) -> Float { tanh(x) }
@inline(__always) func hyperbolicTangent(_ x: Double) -> Double { tanh(x) }
@inline(__always) func exponential(_ x: Float) -> Float { exp(x) }
@inline(__always) func exponential(_ x: Double) -> Double { exp(x) }
@inline(__always) func logarithm(_ x: Double) -> Double { log(x) }
