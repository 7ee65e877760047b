import Foundation
import Tensors

/// Why an IDX file could not be read.
public enum IDXError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case wrongMagic(found: [UInt8])
    case truncated(expected: Int, found: Int)
    case sizeMismatch(String)
    case gzip(GzipError)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "cannot read \(path): \(reason)"
        case let .wrongMagic(found):
            return "not an IDX file of unsigned bytes: magic \(found.map { String(format: "%02x", $0) }.joined(separator: " ")), expected 00 00 08 0N"
        case let .truncated(expected, found): return "IDX file is short: its header promises \(expected) bytes, it has \(found)"
        case let .sizeMismatch(what): return what
        case let .gzip(error): return error.description
        }
    }
}

/// An IDX array of unsigned bytes (the MNIST format): big-endian dimensions after a magic number
/// `00 00 08 D`, D being the number of dimensions.
public struct IDXArray: Equatable, Sendable {
    public var dimensions: [Int]
    public var bytes: [UInt8]

    /// Parses raw or gzipped IDX bytes, refusing (before allocating) an array or an inflated
    /// stream larger than `maxBytes`.
    public init(parsing raw: [UInt8], maxBytes: Int = ReadLimit.defaultMaxBytes) throws(IDXError) {
        var data: [UInt8]
        do { data = try gunzipIfNeeded(raw, maxBytes: maxBytes) } catch { throw .gzip(error) }
        guard data.count >= 4, data[0] == 0, data[1] == 0, data[2] == 8, data[3] >= 1 else {
            throw .wrongMagic(found: Array(data.prefix(4)))
        }
        let rank = Int(data[3])
        let header = 4 + 4 * rank
        guard data.count >= header else { throw .truncated(expected: header, found: data.count) }
        var dims: [Int] = []
        for d in 0..<rank {
            let o = 4 + 4 * d
            dims.append(Int(data[o]) << 24 | Int(data[o + 1]) << 16 | Int(data[o + 2]) << 8 | Int(data[o + 3]))
        }
        guard dims.allSatisfy({ $0 > 0 }) else {
            throw .sizeMismatch("IDX header declares an empty array (\(Tensor.describe(dims))): every dimension must be at least 1")
        }
        // Checked: four dimensions of up to 2³² − 1 overflow an Int.
        var count = 1
        for d in dims {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, product <= data.count else {
                throw .sizeMismatch("IDX header declares \(Tensor.describe(dims)) values, more than the \(data.count) bytes in the file")
            }
            count = product
        }
        guard count <= maxBytes else {
            throw .sizeMismatch("IDX header declares \(Tensor.describe(dims)) values, \(ReadLimit.grouped(count)) bytes, more than the limit of \(ReadLimit.grouped(maxBytes)) bytes")
        }
        let expected = header + count
        guard data.count >= expected else { throw .truncated(expected: expected, found: data.count) }
        guard data.count == expected else {
            throw .sizeMismatch("IDX file has \(data.count - expected) bytes past the \(Tensor.describe(dims)) values its header declares")
        }
        dimensions = dims
        data.removeFirst(header)  // in place when the bytes were inflated here: no second copy
        bytes = data
    }

    /// Reads an IDX file, refusing one larger than `maxBytes` before reading it.
    public init(contentsOf path: String, maxBytes: Int = ReadLimit.defaultMaxBytes) throws(IDXError) {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= maxBytes else {
            throw .unreadable(path: path, reason: "it is \(ReadLimit.grouped(size)) bytes, more than the limit of \(ReadLimit.grouped(maxBytes))")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: FileManager.default.fileExists(atPath: path) ? "permission denied or not a file" : "no such file")
        }
        try self.init(parsing: [UInt8](data), maxBytes: maxBytes)
    }
}
