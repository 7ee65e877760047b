// swift-tools-version:6.0
import PackageDescription

// The numeric kernels are written with SIMD8<Float>; baseline x86-64 splits those into SSE halves
// and turns addProduct into calls to fmaf. Haswell (AVX2 + FMA) is the floor of the machines we run on.
#if arch(x86_64)
let simd: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"])]
#else
let simd: [SwiftSetting] = []
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
        .target(name: "Tensors", swiftSettings: simd),
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
