// swift-tools-version:6.0
import Foundation
import PackageDescription

// Numeric code is compiled for the CPU that builds it (`-target-cpu native`: AVX-512 where the CPU
// has it, so SIMD16<Float> is one zmm register). `CNNSH_PORTABLE=1 swift build` targets Haswell
// (x86-64-v3: AVX2 + FMA) instead, for a binary that must run on other x86-64 machines. Results are
// the same bits either way: the kernels fix every reduction's order in the source. The defines tell
// the kernels which register tile fits (CNNSH_AVX512) and tell CMachine which instruction sets the
// binary may use (all the building CPU's, for a native build), so a CPU without one of them gets a
// message instead of an illegal instruction. swiftc's `native` takes the CPU's own feature list
// (cpuid, as /proc/cpuinfo shows it), not only its model.
let portable = ["1", "true", "yes"].contains(Context.environment["CNNSH_PORTABLE"]?.lowercased() ?? "")
#if arch(x86_64)
let hostFlags = Set(((try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? "")
    .split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ").map(String.init) ?? [])
/// Instruction sets (as /proc/cpuinfo names them) the compiler may use: Haswell's (x86-64-v3) for a
/// portable build; for a native one, every one of them the building CPU has.
let haswell = ["avx", "avx2", "fma", "f16c", "bmi1", "bmi2", "abm", "movbe", "popcnt", "sse4_1", "sse4_2", "ssse3"]
let instructionSets = haswell + [
    "sse4a", "adx", "aes", "pclmulqdq", "sha_ni", "vaes", "vpclmulqdq", "gfni", "avx_vnni", "rdrand", "rdseed",
    "clflushopt", "clwb", "clzero", "xsavec", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl", "avx512ifma",
    "avx512vbmi", "avx512_vbmi2", "avx512_vnni", "avx512_bitalg", "avx512_vpopcntdq", "avx512_bf16", "avx512_fp16",
]
let assumed = portable ? haswell : instructionSets.filter(hostFlags.contains)
let simd: [SwiftSetting] = [.unsafeFlags(["-target-cpu", portable ? "haswell" : "native"])]
    + (assumed.contains("avx512f") ? [.define("CNNSH_AVX512")] : [])
    + (assumed.contains("avx2") ? [.define("CNNSH_AVX2")] : []) + (portable ? [.define("CNNSH_PORTABLE")] : [])
let machine: [CSetting] = [
    .define("CNNSH_ASSUMED", to: "\"\(assumed.joined(separator: " "))\""),
    .define(portable ? "CNNSH_PORTABLE_BUILD" : "CNNSH_NATIVE_BUILD"),
]
#else
let simd: [SwiftSetting] = portable ? [.define("CNNSH_PORTABLE")] : []
let machine: [CSetting] = []
#endif

let package = Package(
    name: "cnnsh",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "cnnsh", targets: ["cnnsh"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(name: "CReadline", pkgConfig: "readline", providers: [.apt(["libreadline-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // The child that publishes a saved file, in C: Swift cannot call vfork or clone.
        .target(name: "CPublish"),
        // Checks, before any Swift code runs, that this CPU has the instructions the build assumed;
        // names the CPU for bench. Compiled for baseline x86-64 so the check itself always runs.
        .target(name: "CMachine", cSettings: machine),
        .target(name: "Tensors", dependencies: ["CMachine"], swiftSettings: simd),
        .target(name: "NN", dependencies: ["Tensors"], swiftSettings: simd),
        .target(
            name: "Datasets",
            dependencies: ["Tensors", "CZlib"],
            resources: [.copy("Resources/mnist")],
            swiftSettings: simd
        ),
        .target(name: "Shell", dependencies: ["Tensors", "NN", "Datasets", "CPublish"], swiftSettings: simd),
        // The readers' libFuzzer target; `.ci/run` builds it with -sanitize=fuzzer.
        .executableTarget(name: "ReadersFuzz", dependencies: ["Datasets"], swiftSettings: simd),
        // Training's and inference's results as exact bits; `.ci/run` compares a native and a
        // portable build of it.
        .executableTarget(name: "NumericsFingerprint", dependencies: ["NN", "Datasets"], swiftSettings: simd),
        .executableTarget(
            name: "cnnsh",
            dependencies: [
                "Shell", "CReadline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: simd
        ),
        .testTarget(name: "TensorsTests", dependencies: ["Tensors"], swiftSettings: simd),
        .testTarget(name: "NNTests", dependencies: ["NN", "Tensors", "Datasets"], swiftSettings: simd),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "Tensors"], swiftSettings: simd),
        // Fixtures: small files the tests read by path (numpy.savez's and savez_compressed's .npz).
        .testTarget(name: "ShellTests", dependencies: ["Shell", "Tensors", "Datasets"], exclude: ["Fixtures"], swiftSettings: simd),
    ]
)
