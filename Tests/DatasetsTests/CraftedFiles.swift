import Datasets

/// Builders of the files the reader tests craft: gzip members, IDX arrays and ZIP archives
/// written field by field, so that a test can get every field wrong on purpose.
enum CraftedFiles {
    /// SplitMix64: the fuzz tests' fixed-seed generator, independent of the code under test.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
        mutating func bytes(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8(truncatingIfNeeded: next()) } }
    }

    /// CRC-32 (IEEE, as gzip and ZIP use it), computed bit by bit: slow, short and not zlib's.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xff), UInt8(v >> 8 & 0xff)] }
    static func le32(_ v: Int) -> [UInt8] { le16(v & 0xffff) + le16(v >> 16 & 0xffff) }
    static func le64(_ v: Int) -> [UInt8] { le32(v & 0xffff_ffff) + le32(v >> 32) }

    /// A bare deflate stream: zlib's stream without its 2-byte header and Adler-32 trailer.
    static func rawDeflate(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        let z = deflate(bytes, level: level)
        return Array(z[2..<(z.count - 4)])
    }

    /// One gzip member; `size` overrides the ISIZE trailer, `crc` the CRC-32.
    static func gzip(_ bytes: [UInt8], size: Int? = nil, crc: UInt32? = nil) -> [UInt8] {
        [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3] + rawDeflate(bytes)
            + le32(Int(crc ?? crc32(bytes))) + le32((size ?? bytes.count) & 0xffff_ffff)
    }

    /// An IDX array of unsigned bytes with `dims` as declared (whatever `values` holds).
    static func idx(_ dims: [Int], _ values: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0, 0, 8, UInt8(dims.count)]
        for d in dims { out += [UInt8(d >> 24 & 0xff), UInt8(d >> 16 & 0xff), UInt8(d >> 8 & 0xff), UInt8(d & 0xff)] }
        return out + values
    }

    /// A version 1.0 .npy whose header declares `shape` (written as given) and `descr`, followed
    /// by `data` whatever they declare.
    static func npy(shape: String, descr: String = "<f4", data: [UInt8]) -> [UInt8] {
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
        header += String(repeating: " ", count: 63 - (10 + header.utf8.count) % 64) + "\n"
        return [0x93] + Array("NUMPY".utf8) + [1, 0] + le16(header.utf8.count) + Array(header.utf8) + data
    }

    /// One file of a crafted ZIP, and the ways it may lie.
    struct ZipItem {
        var name: [UInt8]
        var data: [UInt8]
        var deflated = false
        /// As Python's zipfile writes for numpy.savez: 0xFFFFFFFF sizes, the real ones in a ZIP64 extra field.
        var zip64Local = false
        /// Flag bit 3: zeros in the local header, the CRC and sizes in a descriptor after the data.
        var descriptor = false
        var crc: UInt32?
        var declaredSize: Int?
        var localName: [UInt8]?

        init(_ name: String, _ data: [UInt8]) { (self.name, self.data) = (Array(name.utf8), data) }
    }

    static func zip(_ items: [ZipItem]) -> [UInt8] {
        var out: [UInt8] = [], central: [UInt8] = []
        for item in items {
            let packedData = item.deflated ? rawDeflate(item.data) : item.data
            let crc = Int(item.crc ?? crc32(item.data)), size = item.declaredSize ?? item.data.count, packed = packedData.count
            let method = item.deflated ? 8 : 0, flags = item.descriptor ? 8 : 0
            let localName = item.localName ?? item.name
            var local = le32(0x04034b50) + le16(item.zip64Local ? 45 : 20) + le16(flags) + le16(method) + le16(0) + le16(0x21)
            let extra = item.zip64Local ? le16(1) + le16(16) + le64(size) + le64(packed) : []
            if item.descriptor {
                local += le32(0) + le32(0) + le32(0)
            } else if item.zip64Local {
                local += le32(crc) + le32(0xffff_ffff) + le32(0xffff_ffff)
            } else {
                local += le32(crc) + le32(packed) + le32(size)
            }
            local += le16(localName.count) + le16(extra.count) + localName + extra
            let offset = out.count
            out += local + packedData
            if item.descriptor { out += le32(0x08074b50) + le32(crc) + le32(packed) + le32(size) }
            central += le32(0x02014b50) + le16(20) + le16(20) + le16(flags) + le16(method) + le16(0) + le16(0x21)
                + le32(crc) + le32(packed) + le32(size) + le16(item.name.count) + le16(0) + le16(0)
                + le16(0) + le16(0) + le32(0) + le32(offset) + item.name
        }
        let start = out.count
        return out + central + le32(0x06054b50) + le16(0) + le16(0) + le16(items.count) + le16(items.count)
            + le32(central.count) + le32(start) + le16(0)
    }
}
