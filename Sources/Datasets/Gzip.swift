import CZlib

public enum GzipError: Error, Equatable, CustomStringConvertible {
    case corrupt(String)
    public var description: String {
        switch self {
        case let .corrupt(detail): return "gzip data is corrupt: \(detail)"
        }
    }
}

/// Inflates gzip data through zlib; bytes without the gzip magic are returned unchanged.
public func gunzipIfNeeded(_ bytes: [UInt8]) throws(GzipError) -> [UInt8] {
    guard bytes.count >= 2, bytes[0] == 0x1f, bytes[1] == 0x8b else { return bytes }
    // The trailer's ISIZE (length mod 2³²) sizes the output; it grows if that is wrong.
    let n = bytes.count
    let hint = n >= 18 ? Int(bytes[n - 4]) | Int(bytes[n - 3]) << 8 | Int(bytes[n - 2]) << 16 | Int(bytes[n - 1]) << 24 : 0
    return try inflate(bytes, expectedSize: hint)
}

/// Inflates a zlib or gzip stream (zlib tells them apart by their headers), or with `raw` a bare
/// deflate stream as ZIP entries hold.
public func inflate(_ bytes: [UInt8], expectedSize hint: Int = 0, raw: Bool = false) throws(GzipError) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: min(max(hint, 1024), 1 << 28))  // a lying size hint only costs regrowth
    var stream = z_stream()
    guard (raw ? cnnsh_inflate_raw_init(&stream) : cnnsh_inflate_init(&stream)) == Z_OK else { throw .corrupt("zlib could not start") }
    defer { inflateEnd(&stream) }
    var produced = 0
    var status: Int32 = Z_OK
    var input = bytes
    try input.withUnsafeMutableBufferPointer { (inp: inout UnsafeMutableBufferPointer<UInt8>) throws(GzipError) in
        stream.next_in = inp.baseAddress
        stream.avail_in = UInt32(inp.count)
        while status != Z_STREAM_END {
            if produced == out.count { out.append(contentsOf: [UInt8](repeating: 0, count: out.count)) }
            status = out.withUnsafeMutableBufferPointer { o in
                stream.next_out = o.baseAddress! + produced
                stream.avail_out = UInt32(min(o.count - produced, Int(UInt32.max)))
                let before = stream.avail_out
                let s = inflate(&stream, Z_NO_FLUSH)
                produced += Int(before - stream.avail_out)
                return s
            }
            if status == Z_BUF_ERROR && stream.avail_in == 0 { throw .corrupt("the file ends in the middle of the stream") }
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                throw .corrupt(stream.msg.map { String(cString: $0) } ?? "zlib error \(status)")
            }
        }
    }
    out.removeSubrange(produced...)
    return out
}

/// Compresses `bytes` as one zlib stream (the format inside PNG's IDAT chunks).
public func deflate(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
    var stream = z_stream()
    guard cnnsh_deflate_init(&stream, level) == Z_OK else { return [] }
    defer { deflateEnd(&stream) }
    var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))))
    var input = bytes
    let produced = input.withUnsafeMutableBufferPointer { inp in
        out.withUnsafeMutableBufferPointer { o in
            stream.next_in = inp.baseAddress
            stream.avail_in = UInt32(inp.count)
            stream.next_out = o.baseAddress
            stream.avail_out = UInt32(o.count)
            _ = CZlib.deflate(&stream, Z_FINISH)
            return o.count - Int(stream.avail_out)
        }
    }
    out.removeSubrange(produced...)
    return out
}
