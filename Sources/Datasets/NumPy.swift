import CZlib
import Foundation
import Tensors

/// What is wrong with a .npy or .npz file.
public enum NumPyError: Error, Equatable, CustomStringConvertible {
    case notNumPy(String)
    case unsupported(String)
    case truncated(String)
    case notZip(String)
    case tooLarge(String)
    /// The file declares more than the caller's `maxBytes` (or its entries, taken together, do).
    case overLimit(String)

    public var description: String {
        switch self {
        case let .notNumPy(detail): return "not a NumPy .npy file: \(detail)"
        case let .unsupported(detail): return "unsupported .npy contents: \(detail)"
        case let .truncated(detail): return "the file is truncated: \(detail)"
        case let .notZip(detail): return "not a NumPy .npz archive: \(detail)"
        case let .tooLarge(detail): return "too large for an .npz without ZIP64: \(detail)"
        case let .overLimit(detail): return "too large to read: \(detail)"
        }
    }
}

/// NumPy's .npy format (version 1.0 written; 1.x–3.x read) and .npz archives of them (ZIP,
/// written stored, read stored or deflated), so that `numpy.load` opens what cnnsh saves and
/// cnnsh loads what NumPy saves.
public enum NumPy {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// A float32 tensor as .npy bytes: `{'descr': '<f4', 'fortran_order': False, 'shape': (...), }`.
    public static func npy(_ t: Tensor) -> [UInt8] {
        let shape = t.shape.count == 1 ? "(\(t.shape[0]),)" : "(" + t.shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }"
        // Magic, version and length take 10 bytes; the whole header ends in \n at a multiple of 64.
        let total = (10 + header.utf8.count + 1 + 63) / 64 * 64
        header += String(repeating: " ", count: total - 10 - header.utf8.count - 1) + "\n"
        var out = magic + [1, 0, UInt8(header.utf8.count & 0xff), UInt8(header.utf8.count >> 8)] + Array(header.utf8)
        t.withUnsafeBufferPointer { p in
            out.reserveCapacity(out.count + p.count * 4)
            for v in p { withUnsafeBytes(of: v.bitPattern.littleEndian) { out += $0 } }
        }
        return out
    }

    /// Reads a .npy of little-endian float32/float64/int8–64/uint8–64/bool in C order, as float32.
    /// An axis of length 0 is refused (cnnsh has no empty tensors), and so is a shape whose float32
    /// values would pass `maxBytes`, before anything is allocated.
    public static func tensor(npy bytes: [UInt8], maxBytes: Int = ReadLimit.defaultMaxBytes) throws(NumPyError) -> Tensor {
        try array(npy: bytes, maxBytes: maxBytes).tensor
    }

    /// The tensor `tensor(npy:)` reads, with the file's dtype as its header spells it (`|u1`, `<f8`).
    static func array(npy bytes: [UInt8], maxBytes: Int) throws(NumPyError) -> (tensor: Tensor, dtype: String) {
        guard bytes.count >= 10 else { throw .notNumPy("only \(bytes.count) bytes") }
        guard Array(bytes[0..<6]) == magic else { throw .notNumPy("it does not start with \\x93NUMPY") }
        let major = bytes[6]
        let lengthBytes = major == 1 ? 2 : 4
        guard (1...3).contains(major) else { throw .unsupported("format version \(major).\(bytes[7])") }
        guard bytes.count >= 8 + lengthBytes else { throw .truncated("the header length is cut off") }
        let headerLength = (0..<lengthBytes).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
        let start = 8 + lengthBytes
        guard bytes.count >= start + headerLength else { throw .truncated("the header says \(headerLength) bytes") }
        let header = String(decoding: bytes[start..<start + headerLength], as: UTF8.self)
        guard let descr = field("descr", in: header).map({ $0.trimmingCharacters(in: CharacterSet(charactersIn: "'\"")) }) else {
            throw .notNumPy("the header has no 'descr'")
        }
        guard field("fortran_order", in: header) == "False" else {
            throw .unsupported("Fortran order (save numpy.ascontiguousarray(a) instead)")
        }
        guard let shapeText = field("shape", in: header) else { throw .notNumPy("the header has no 'shape'") }
        var shape: [Int] = []
        for part in shapeText.trimmingCharacters(in: CharacterSet(charactersIn: "()")).split(separator: ",") {
            let p = part.trimmingCharacters(in: .whitespaces)
            guard !p.isEmpty else { continue }
            guard let n = Int(p), n >= 0 else { throw .notNumPy("shape \(FileText.shown(shapeText))") }
            shape.append(n)
        }
        guard shape.count <= 64 else { throw .unsupported("\(shape.count) axes; numpy arrays have at most 64") }
        guard !shape.contains(0) else {
            throw .unsupported("shape \(FileText.shown(shapeText)) holds an empty array (\(Tensor.describe(shape))): every axis must be at least 1 long")
        }
        var count = 1
        for n in shape {
            let (next, overflow) = count.multipliedReportingOverflow(by: n)
            guard !overflow, next <= 1 << 31 else { throw .unsupported("shape \(FileText.shown(shapeText)) holds more than 2³¹ values") }
            count = next
        }
        let (size, read) = try decoder(descr)
        guard count * MemoryLayout<Float>.stride <= maxBytes else {
            throw .overLimit("shape \(FileText.shown(shapeText)) needs \(ReadLimit.grouped(count * MemoryLayout<Float>.stride)) bytes as float32, more than the limit of \(ReadLimit.grouped(maxBytes)) bytes")
        }
        let data = start + headerLength
        guard bytes.count - data >= count * size else {
            throw .truncated("shape \(FileText.shown(shapeText)) of \(FileText.shown(descr)) needs \(count * size) bytes of data, the file has \(bytes.count - data)")
        }
        let tensor = Tensor(shape: shape) { out in
            bytes.withUnsafeBytes { raw in
                for i in 0..<count { out[i] = read(UnsafeRawBufferPointer(rebasing: raw[(data + i * size)..<(data + (i + 1) * size)])) }
            }
        }
        return (tensor, descr)
    }

    /// A dtype as NumPy names it: `|u1` is uint8, `<f8` float64 (what `decoder` reads, else the code itself).
    public static func typeName(_ descr: String) -> String {
        let kinds: [Character: String] = ["f": "float", "i": "int", "u": "uint", "b": "bool"]
        guard descr.count == 3, let kind = kinds[Array(descr)[1]], let bytes = Int(String(Array(descr)[2])) else { return descr }
        return kind == "bool" ? kind : kind + String(bytes * 8)
    }

    /// The value of `'key': value` in a header dictionary (a tuple stays whole).
    static func field(_ key: String, in header: String) -> String? {
        guard let range = header.range(of: "'\(key)':") ?? header.range(of: "\"\(key)\":") else { return nil }
        let rest = header[range.upperBound...].drop { $0 == " " }
        if rest.first == "(" {
            guard let close = rest.firstIndex(of: ")") else { return nil }
            return String(rest[...close])
        }
        return String(rest.prefix { $0 != "," && $0 != "}" }).trimmingCharacters(in: .whitespaces)
    }

    static func decoder(_ descr: String) throws(NumPyError) -> (Int, @Sendable (UnsafeRawBufferPointer) -> Float) {
        switch descr {
        case "<f4": return (4, { Float(bitPattern: UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self))) })
        case "<f8": return (8, { Float(Double(bitPattern: UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)))) })
        case "|u1", "<u1": return (1, { Float($0[0]) })
        case "|i1", "<i1": return (1, { Float(Int8(bitPattern: $0[0])) })
        case "|b1": return (1, { $0[0] == 0 ? 0 : 1 })
        case "<i2": return (2, { Float(Int16(littleEndian: $0.loadUnaligned(as: Int16.self))) })
        case "<i4": return (4, { Float(Int32(littleEndian: $0.loadUnaligned(as: Int32.self))) })
        case "<i8": return (8, { Float(Int64(littleEndian: $0.loadUnaligned(as: Int64.self))) })
        case "<u2": return (2, { Float(UInt16(littleEndian: $0.loadUnaligned(as: UInt16.self))) })
        case "<u4": return (4, { Float(UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self))) })
        case "<u8": return (8, { Float(UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self))) })
        default:
            throw .unsupported("dtype \(FileText.shown(descr)); expected little-endian floats, integers or bools (<f4, <f8, <i8, |u1...)")
        }
    }

    // MARK: .npz

    /// An uncompressed ZIP of `NAME.npy` entries, as `numpy.savez` writes, then `files` as they are
    /// (a workspace file's `manifest.json`). Plain ZIP counts in 16 and 32 bits: more than 65,535
    /// entries, a name past 65,535 bytes or 4 GB of data is refused.
    public static func npz(_ entries: [(name: String, tensor: Tensor)], files: [(name: String, bytes: [UInt8])] = []) throws(NumPyError) -> [UInt8] {
        var out: [UInt8] = [], central: [UInt8] = []
        guard entries.count + files.count <= Int(UInt16.max) else { throw .tooLarge("\(entries.count + files.count) entries, at most 65,535") }
        func add(_ name: String, _ data: [UInt8]) throws(NumPyError) {
            let file = Array(name.utf8)
            guard file.count <= Int(UInt16.max) else { throw .tooLarge("the name \(name.prefix(20))… is \(file.count) bytes, at most 65,535") }
            guard out.count + data.count + file.count + 30 <= Int(UInt32.max) else { throw .tooLarge("more than 4 GB of values") }
            let crc = data.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
            let offset = UInt32(out.count)
            // version 20, no flags, stored, time 0, date 1980-01-01
            let common = le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21) + le32(crc) + le32(UInt32(data.count)) + le32(UInt32(data.count)) + le16(UInt16(file.count))
            out += le32(0x04034b50) + common + le16(0) + file + data
            central += le32(0x02014b50) + le16(20) + common + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) + file
        }
        for (name, tensor) in entries { try add(name + ".npy", npy(tensor)) }
        for (name, bytes) in files { try add(name, bytes) }
        guard out.count + central.count <= Int(UInt32.max) else { throw .tooLarge("more than 4 GB of values") }
        let start = UInt32(out.count)
        out += central
        out += le32(0x06054b50) + le16(0) + le16(0) + le16(UInt16(entries.count + files.count)) + le16(UInt16(entries.count + files.count))
            + le32(UInt32(central.count)) + le32(start) + le16(0)
        return out
    }

    static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xff), UInt8(v >> 8)] }
    static func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xff), UInt8(v >> 8 & 0xff), UInt8(v >> 16 & 0xff), UInt8(v >> 24)] }
}
