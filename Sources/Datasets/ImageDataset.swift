import Foundation
import Tensors

/// A labelled image set in MNIST's layout: images N×1×H×W scaled to [0, 1], labels N class indices.
public struct ImageDataset: Sendable {
    public var trainImages: Tensor
    public var trainLabels: Tensor
    public var testImages: Tensor
    public var testLabels: Tensor

    static let files = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]

    /// The MNIST files bundled with cnnsh, found as `BundledData` says.
    public static var bundledMNIST: Result<String, BundledData.Missing> { BundledData.find("mnist") }

    /// The MNIST files bundled with cnnsh, if they are found.
    public static var bundledMNISTDirectory: String? { try? bundledMNIST.get() }

    /// Loads the four IDX files (gzipped or raw) from `directory`. Every byte becomes a Float32,
    /// so each file may inflate to a quarter of `maxBytes`, and the four arrays together are
    /// refused before their conversion if their 4 bytes per value pass it.
    public init(directory: String, maxBytes: Int = ReadLimit.defaultMaxBytes) throws(IDXError) {
        let perFile = maxBytes / MemoryLayout<Float>.stride
        @Sendable func find(_ name: String) throws(IDXError) -> IDXArray {
            for candidate in [name + ".gz", name] {
                let path = (directory as NSString).appendingPathComponent(candidate)
                if FileManager.default.fileExists(atPath: path) { return try IDXArray(contentsOf: path, maxBytes: perFile) }
            }
            throw .unreadable(path: (directory as NSString).appendingPathComponent(name + ".gz"), reason: "no such file")
        }
        // The training images are five sixths of the work: they inflate on one thread while the
        // other three files load on the other.
        var results = [Result<IDXArray, IDXError>?](repeating: nil, count: 4)
        results.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            DispatchQueue.concurrentPerform(iterations: 2) { part in
                for i in part == 0 ? [0] : [1, 2, 3] {
                    do throws(IDXError) { out[i] = .success(try find(Self.files[i])) } catch { out[i] = .failure(error) }
                }
            }
        }
        var arrays: [IDXArray] = []
        for result in results {
            guard let result else { throw .sizeMismatch("an IDX file was not read") }
            arrays.append(try result.get())
        }
        let floats = arrays.reduce(0) { $0 + $1.bytes.count } * MemoryLayout<Float>.stride
        guard floats <= maxBytes else {
            throw .sizeMismatch("the four IDX files hold \(ReadLimit.grouped(floats)) bytes as Float32, more than the limit of \(ReadLimit.grouped(maxBytes)) bytes")
        }
        (trainImages, trainLabels) = try Self.pair(images: arrays[0], labels: arrays[1])
        (testImages, testLabels) = try Self.pair(images: arrays[2], labels: arrays[3])
    }

    static func pair(images: IDXArray, labels: IDXArray) throws(IDXError) -> (Tensor, Tensor) {
        guard images.dimensions.count == 3 else { throw .sizeMismatch("images must be N×H×W, got \(Tensor.describe(images.dimensions))") }
        guard labels.dimensions.count == 1, labels.dimensions[0] == images.dimensions[0] else {
            throw .sizeMismatch("\(images.dimensions[0]) images but labels of shape \(Tensor.describe(labels.dimensions))")
        }
        let d = images.dimensions
        // Pixel / 255 in two halves on two threads: the division is the same either way.
        let images = Tensor(shape: [d[0], 1, d[1], d[2]]) { out in
            images.bytes.withUnsafeBufferPointer { bytes in
                nonisolated(unsafe) let (out, bytes) = (out, bytes)
                DispatchQueue.concurrentPerform(iterations: 2) { half in
                    for i in (half * bytes.count / 2)..<((half + 1) * bytes.count / 2) { out[i] = Float(bytes[i]) / 255 }
                }
            }
        }
        return (images,
                Tensor(shape: [d[0]], scalars: labels.bytes.map { Float($0) }))
    }
}
