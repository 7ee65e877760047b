import CZlib

/// A greyscale PNG (8 bits, one channel): signature, IHDR, one zlib-compressed IDAT of the rows
/// (each behind filter byte 0), IEND; every chunk closed by its CRC-32.
public enum PNG {
    public static func greyscale(width: Int, height: Int, pixels: [UInt8]) -> [UInt8] {
        precondition(pixels.count == width * height && width > 0 && height > 0, "one byte per pixel")
        var rows = [UInt8]()
        rows.reserveCapacity((width + 1) * height)
        for r in 0..<height {
            rows.append(0)
            rows += pixels[(r * width)..<((r + 1) * width)]
        }
        var header = bigEndian(UInt32(width)) + bigEndian(UInt32(height))
        header += [8, 0, 0, 0, 0]  // bit depth 8, greyscale, deflate, adaptive filtering, no interlace
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", header) + chunk("IDAT", deflate(rows)) + chunk("IEND", [])
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        let crc = body.withUnsafeBufferPointer { crc32(0, $0.baseAddress, UInt32($0.count)) }
        return bigEndian(UInt32(data.count)) + body + bigEndian(UInt32(crc))
    }

    static func bigEndian(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xff), UInt8(v >> 8 & 0xff), UInt8(v & 0xff)] }
}
