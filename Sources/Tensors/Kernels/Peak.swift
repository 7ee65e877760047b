extension Kernels {
    /// Independent chains of fused multiply-adds kept in registers: enough to cover the FMA units'
    /// latency (4–5 cycles, 2 pipes) without spilling (12 zmm registers on AVX-512, 12 ymm halves
    /// of 6 SIMD16 on AVX2).
    #if CNNSH_AVX512
    static let peakChains = 12
    #else
    static let peakChains = 6
    #endif

    /// Floating-point operations one `fmaPeak` iteration performs: each chain's 16 lanes multiply and add.
    public static var peakOperationsPerIteration: Int { peakChains * 16 * 2 }

    /// Runs `iterations` rounds of fused multiply-adds on register-resident vectors and nothing
    /// else: what this core's FMA units can do, the ceiling for any kernel. Returns a value that
    /// depends on every operation, so none can be left out.
    public static func fmaPeak(iterations: Int) -> Float {
        let x = SIMD16<Float>(repeating: 0.999_999), y = SIMD16<Float>(repeating: 1e-7)
        var c0 = SIMD16<Float>(repeating: 1), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0
        #if CNNSH_AVX512
        var c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0
        #endif
        for _ in 0..<iterations {
            // c += x·y: each chain waits on itself only.
            c0.addProduct(x, y); c1.addProduct(x, y); c2.addProduct(x, y); c3.addProduct(x, y); c4.addProduct(x, y); c5.addProduct(x, y)
            #if CNNSH_AVX512
            c6.addProduct(x, y); c7.addProduct(x, y); c8.addProduct(x, y); c9.addProduct(x, y); c10.addProduct(x, y); c11.addProduct(x, y)
            #endif
        }
        var total = c0 + c1 + c2 + c3 + c4 + c5
        #if CNNSH_AVX512
        total += c6 + c7 + c8 + c9 + c10 + c11
        #endif
        return total.sum()
    }
}
