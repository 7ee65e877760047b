import CMachine

/// What the kernels run on: the CPU's name and the vector instructions the build compiled them for
/// (Package.swift: `-target-cpu native` by default, Haswell's AVX2 with `CNNSH_PORTABLE=1`).
public enum Machine {
    /// The CPU's model name ("AMD EPYC 9B45"), or "unknown" where it does not say.
    public static let cpuModel: String = {
        var buffer = [CChar](repeating: 0, count: 64)
        let name = String(cString: cnnsh_cpu_model(&buffer, buffer.count))
        return name.isEmpty ? "unknown" : name
    }()

    /// The widest vector instructions the kernels use: `avx512`, `avx2`, `neon` or `sse2`.
    public static let vectorISA: String = {
        #if CNNSH_AVX512
        "avx512"
        #elseif CNNSH_AVX2
        "avx2"
        #elseif arch(arm64)
        "neon"
        #else
        "sse2"
        #endif
    }()

    /// `native` (built for the CPU that compiled it) or `portable` (`CNNSH_PORTABLE=1`: any AVX2 CPU).
    public static let build: String = {
        #if CNNSH_PORTABLE
        "portable"
        #else
        "native"
        #endif
    }()
}
