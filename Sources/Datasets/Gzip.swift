import CZlib

public enum GzipError: Error, Equatable, CustomStringConvertible {
    case corrupt(String)
    /// Inflating stopped as the output was about to pass `limit` bytes (a decompression bomb, or
    /// a file larger than the caller allows).
    case tooLarge(limit: Int)

    public var description: String {
        switch self {
        case let .corrupt(detail): return "gzip data is corrupt: \(detail)"
        case let .tooLarge(limit):
            return "compressed data inflates to more than \(ReadLimit.grouped(limit)) bytes, the most this read allows"
        }
    }
}

/// Inflates gzip data through zlib; bytes without the gzip magic are returned unchanged. Members
/// concatenated (`cat a.gz b.gz`) inflate to the concatenation, as gunzip does; zero bytes after
/// the last member are padding, anything else is refused. At most `maxBytes` are produced.
public func gunzipIfNeeded(_ bytes: [UInt8], maxBytes: Int = ReadLimit.defaultMaxBytes) throws(GzipError) -> [UInt8] {
    guard bytes.count >= 2, bytes[0] == 0x1f, bytes[1] == 0x8b else { return bytes }
    // The trailer's ISIZE is the last member's length mod 2³²: it only sizes the first buffer
    // (zlib checks it against each member's output); `maxBytes` is the bound.
    let n = bytes.count
    let hint = n >= 18 ? Int(bytes[n - 4]) | Int(bytes[n - 3]) << 8 | Int(bytes[n - 2]) << 16 | Int(bytes[n - 1]) << 24 : 0
    return try inflate(bytes, expectedSize: hint, maxBytes: maxBytes)
}

/// Inflates a zlib or gzip stream (zlib tells them apart by their headers), or with `raw` a bare
/// deflate stream as ZIP entries hold. Throws `.tooLarge` instead of producing more than
/// `maxBytes`, so the buffer never grows past it whatever the stream or `expectedSize` claim.
public func inflate(_ bytes: [UInt8], expectedSize hint: Int = 0, raw: Bool = false,
                    maxBytes: Int = ReadLimit.defaultMaxBytes) throws(GzipError) -> [UInt8] {
    let limit = max(0, maxBytes)
    let inflater = try Inflater(raw: raw)
    return try bytes.withUnsafeBufferPointer { input throws(GzipError) in
        try inflater.run(input, raw: raw, firstBuffer: min(max(hint, 1024), 1 << 28, limit), limit: limit)
    }
}

/// One zlib inflate stream and the loop that drives it: input fed in pieces zlib's 32-bit counts
/// can hold, output grown by doubling up to the limit, members after the first restarted.
/// The z_stream lives on the heap: zlib keeps a pointer to it and refuses a stream that moved.
private struct Inflater: ~Copyable {
    private let stream: UnsafeMutablePointer<z_stream>

    init(raw: Bool) throws(GzipError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard (raw ? cnnsh_inflate_raw_init(stream) : cnnsh_inflate_init(stream)) == Z_OK else {
            stream.deallocate()
            throw .corrupt("zlib could not start")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    func run(_ input: UnsafeBufferPointer<UInt8>, raw: Bool, firstBuffer: Int, limit: Int) throws(GzipError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: firstBuffer)
        var produced = 0
        var handedOver = 0  // input bytes given to zlib so far; it still holds avail_in of them
        var remaining: Int { input.count - handedOver + Int(stream.pointee.avail_in) }
        while true {
            if stream.pointee.avail_in == 0, handedOver < input.count, let base = input.baseAddress {
                let piece = min(input.count - handedOver, Int(UInt32.max))
                stream.pointee.next_in = UnsafeMutablePointer(mutating: base + handedOver)
                stream.pointee.avail_in = UInt32(piece)
                handedOver += piece
            }
            let (inputBefore, outputBefore) = (remaining, produced)
            let status: Int32
            if produced < out.count {
                status = out.withUnsafeMutableBufferPointer { o in
                    guard let base = o.baseAddress else { return Z_BUF_ERROR }
                    stream.pointee.next_out = base + produced
                    stream.pointee.avail_out = UInt32(min(o.count - produced, Int(UInt32.max)))
                    let room = stream.pointee.avail_out
                    let s = CZlib.inflate(stream, Z_NO_FLUSH)
                    produced += Int(room - stream.pointee.avail_out)
                    return s
                }
            } else {
                // The buffer is full: one byte more says whether the stream goes on. Only then does
                // the buffer grow, to exactly twice its size or the limit (no spare capacity past it).
                var probe: UInt8 = 0
                status = withUnsafeMutablePointer(to: &probe) { p in
                    stream.pointee.next_out = p
                    stream.pointee.avail_out = 1
                    return CZlib.inflate(stream, Z_NO_FLUSH)
                }
                if stream.pointee.avail_out == 0 {
                    guard out.count < limit else { throw .tooLarge(limit: limit) }
                    let grown = out.count + min(max(out.count, 1024), limit - out.count)
                    out.reserveCapacity(grown)
                    out.append(contentsOf: repeatElement(0, count: grown - out.count))
                    out[produced] = probe
                    produced += 1
                }
            }
            switch status {
            case Z_STREAM_END:
                let rest = remaining
                if rest == 0 { return finished(&out, produced) }
                let next = input.count - rest
                if !raw, rest >= 2, input[next] == 0x1f, input[next + 1] == 0x8b {
                    guard inflateReset(stream) == Z_OK else { throw .corrupt("zlib could not restart") }
                    continue
                }
                guard input[next...].allSatisfy({ $0 == 0 }) else {
                    throw .corrupt("\(rest) bytes after the end of the compressed data are not another gzip member")
                }
                return finished(&out, produced)
            case Z_OK:
                continue
            case Z_BUF_ERROR:
                if remaining == 0 { throw .corrupt("the file ends in the middle of the stream") }
                if remaining == inputBefore && produced == outputBefore { throw .corrupt("zlib made no progress") }
            default:
                throw .corrupt(stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)")
            }
        }
    }
}

/// The first `count` bytes of `out`, trimmed in place (a copy would double a large file's peak).
private func finished(_ out: inout [UInt8], _ count: Int) -> [UInt8] {
    out.removeSubrange(count...)
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
