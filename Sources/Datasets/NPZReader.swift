import CZlib
import Tensors

/// One array of an .npz: its key (the entry's name without `.npy`), its values as float32, and
/// its dtype as the file stored it (`|u1`, `<f8`: see `NumPy.typeName`).
public struct NumPyArray: Sendable {
    public let key: String
    public var tensor: Tensor
    public let dtype: String
}

extension NumPy {
    /// The entries of an .npz, in the archive's order, names without `.npy`. Checked as Python's
    /// zipfile checks them when numpy loads the file (each entry's CRC-32, the local header's name
    /// and sizes against the directory's), plus what numpy takes silently: a name twice (it keeps
    /// the last). No entry may inflate past `maxBytes`, nor all the float32 tensors together.
    public static func entries(npz bytes: [UInt8], maxBytes: Int = ReadLimit.defaultMaxBytes) throws(NumPyError) -> [(name: String, tensor: Tensor)] {
        try archive(npz: bytes, maxBytes: maxBytes).arrays
    }

    /// The arrays of an .npz as `entries(npz:)` reads them, and the entries named in `files` (a
    /// workspace file's `manifest.json`) as their bytes, checked the same way.
    public static func archive(npz bytes: [UInt8], maxBytes: Int = ReadLimit.defaultMaxBytes, files: Set<String> = [])
        throws(NumPyError) -> (arrays: [(name: String, tensor: Tensor)], files: [String: [UInt8]]) {
        let (arrays, raw) = try read(npz: bytes, maxBytes: maxBytes, files: files, keys: nil)
        return (arrays.map { ($0.key, $0.tensor) }, raw)
    }

    /// The arrays of an .npz whose keys are in `keys` (every one when nil), with their dtypes,
    /// read and bounded as `entries(npz:)` reads them; the others are neither inflated nor counted.
    public static func arrays(npz bytes: [UInt8], keys: Set<String>? = nil, maxBytes: Int = ReadLimit.defaultMaxBytes) throws(NumPyError) -> [NumPyArray] {
        try read(npz: bytes, maxBytes: maxBytes, files: [], keys: keys).arrays
    }

    /// The keys of an .npz's entries in the archive's order, from its directory alone: `NAME.npy`
    /// as NAME, any other entry (a workspace file's `manifest.json`) by its whole name.
    public static func keys(npz bytes: [UInt8]) throws(NumPyError) -> [String] {
        try directory(npz: bytes).map(\.key)
    }

    private static func read(npz bytes: [UInt8], maxBytes: Int, files: Set<String>, keys: Set<String>?)
        throws(NumPyError) -> (arrays: [NumPyArray], files: [String: [UInt8]]) {
        var arrays: [NumPyArray] = []
        var raw: [String: [UInt8]] = [:]
        var budget = maxBytes
        for entry in try directory(npz: bytes) where files.contains(entry.name) || keys?.contains(entry.key) ?? true {
            guard entry.size <= budget else {
                throw .overLimit("entry \(entry.shown) is \(ReadLimit.grouped(entry.size)) bytes, more than the \(ReadLimit.grouped(budget)) bytes left of the limit")
            }
            let data = try entry.contents(of: bytes)
            if files.contains(entry.name) {
                raw[entry.name] = data
                budget -= data.count
            } else {
                let (t, dtype) = try array(npy: data, maxBytes: budget)
                budget -= t.byteCount
                arrays.append(NumPyArray(key: entry.key, tensor: t, dtype: dtype))
            }
        }
        return (arrays, raw)
    }

    /// The archive's entries, each checked against its local header, no key twice.
    private static func directory(npz bytes: [UInt8]) throws(NumPyError) -> [ZipEntry] {
        let zip = ZipBytes(bytes)
        // The end record is in the last 22 bytes plus at most a 65,535-byte comment.
        guard bytes.count >= 22,
              let end = stride(from: bytes.count - 22, through: max(0, bytes.count - 22 - 65535), by: -1).first(where: { zip.u32($0) == 0x06054b50 })
        else { throw .notZip("no ZIP end-of-directory record") }
        let count = zip.u16(end + 10), directorySize = zip.u32(end + 12), directory = zip.u32(end + 16)
        guard count != 0xFFFF, directory != 0xFFFF_FFFF else { throw .unsupported("a ZIP64 archive (over 65,535 entries or 4 GB)") }
        guard directory + directorySize <= end else {
            throw .notZip("the directory (\(directorySize) bytes at \(directory)) lies outside the \(end) bytes before its end record")
        }
        var entries: [ZipEntry] = []
        var seen: Set<String> = []
        var at = directory
        for _ in 0..<count {
            let entry = try ZipEntry(zip, directoryEntryAt: at, directoryEnd: directory + directorySize)
            guard seen.insert(entry.key).inserted else { throw .notZip("the archive holds \(FileText.shown(entry.key)) twice") }
            entries.append(entry)
            at = entry.nextDirectoryEntry
        }
        return entries
    }
}

/// Little-endian reads that read 0 past the end, so that every offset a file gives can be read
/// first and checked against the file's length after (the checks are in `ZipEntry`).
struct ZipBytes {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func u16(_ i: Int) -> Int {
        guard i >= 0, i <= bytes.count - 2 else { return 0 }
        return Int(bytes[i]) | Int(bytes[i + 1]) << 8
    }
    func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
    func u64(_ i: Int) -> UInt64 { UInt64(u32(i)) | UInt64(u32(i + 4)) << 32 }
}

/// One file of a ZIP archive as its central directory entry and its local header describe it;
/// `init` refuses the two disagreeing, offsets outside the file, names that are not UTF-8,
/// encryption and ZIP64 sizes.
struct ZipEntry {
    let name: String
    let method: Int, crc: Int, packed: Int, size: Int
    let dataStart: Int
    let nextDirectoryEntry: Int
    /// The name without `.npy`, as numpy.load keys an .npz.
    var key: String { name.hasSuffix(".npy") ? String(name.dropLast(4)) : name }
    /// The name as a message shows it (see `FileText`).
    var shown: String { FileText.shown(name) }

    init(_ zip: ZipBytes, directoryEntryAt at: Int, directoryEnd: Int) throws(NumPyError) {
        guard at + 46 <= directoryEnd, zip.u32(at) == 0x02014b50 else { throw .notZip("a directory entry is damaged") }
        let flags = zip.u16(at + 8), nameLength = zip.u16(at + 28)
        (method, crc, packed, size) = (zip.u16(at + 10), zip.u32(at + 16), zip.u32(at + 20), zip.u32(at + 24))
        let local = zip.u32(at + 42)
        nextDirectoryEntry = at + 46 + nameLength + zip.u16(at + 30) + zip.u16(at + 32)
        guard nextDirectoryEntry <= directoryEnd else { throw .truncated("in the ZIP directory") }
        let nameBytes = zip.bytes[(at + 46)..<(at + 46 + nameLength)]
        guard let name = String(validating: nameBytes, as: UTF8.self) else {
            throw .notZip("an entry's name is not UTF-8 (\(nameBytes.prefix(20).map { String($0, radix: 16) }.joined(separator: " ")))")
        }
        self.name = name
        guard flags & 1 == 0 else { throw .unsupported("entry \(FileText.shown(name)) is encrypted") }
        guard packed != 0xFFFF_FFFF, size != 0xFFFF_FFFF, local != 0xFFFF_FFFF else {
            throw .unsupported("entry \(FileText.shown(name)) has ZIP64 sizes (over 4 GB)")
        }

        guard local + 30 <= zip.bytes.count, zip.u32(local) == 0x04034b50 else { throw .notZip("entry \(FileText.shown(name)) points nowhere") }
        let localFlags = zip.u16(local + 6), localNameLength = zip.u16(local + 26), localExtra = zip.u16(local + 28)
        dataStart = local + 30 + localNameLength + localExtra
        guard dataStart <= zip.bytes.count else { throw .truncated("in the local header of entry \(FileText.shown(name))") }
        guard zip.bytes[(local + 30)..<(local + 30 + localNameLength)] == nameBytes else {
            throw .notZip("entry \(FileText.shown(name)) has another name in its local header")
        }
        guard zip.u16(local + 8) == method else { throw .notZip("entry \(FileText.shown(name)) has another compression method in its local header") }
        // Bit 3: the CRC and sizes follow the data, the local header may hold zeros.
        if localFlags & 8 == 0 {
            var (localPacked, localSize) = (zip.u32(local + 18), zip.u32(local + 22))
            // Python's zipfile (numpy.savez) writes 0xFFFFFFFF here and the sizes in a ZIP64 extra field.
            if localPacked == 0xFFFF_FFFF || localSize == 0xFFFF_FFFF {
                var field = local + 30 + localNameLength
                while field + 4 <= dataStart, zip.u16(field) != 1 { field += 4 + zip.u16(field + 2) }
                guard field + 4 <= dataStart else { throw .notZip("entry \(FileText.shown(name)) has no ZIP64 sizes in its local header") }
                let fieldEnd = field + 4 + zip.u16(field + 2)
                var value = field + 4
                for wide in [localSize == 0xFFFF_FFFF, localPacked == 0xFFFF_FFFF] where wide {
                    guard value + 8 <= fieldEnd, fieldEnd <= dataStart else { throw .notZip("entry \(FileText.shown(name)) has a short ZIP64 field") }
                    value += 8
                }
                // In the order the format fixes: the size first, then the packed size.
                value = field + 4
                if localSize == 0xFFFF_FFFF { localSize = Int(clamping: zip.u64(value)); value += 8 }
                if localPacked == 0xFFFF_FFFF { localPacked = Int(clamping: zip.u64(value)) }
            }
            guard zip.u32(local + 14) == crc, localPacked == packed, localSize == size else {
                throw .notZip("entry \(FileText.shown(name)): the ZIP directory says CRC \(hex(crc)), \(packed) bytes packed, \(size) bytes; its local header CRC \(hex(zip.u32(local + 14))), \(localPacked) and \(localSize)")
            }
        }
        guard dataStart + packed <= zip.bytes.count else { throw .truncated("entry \(FileText.shown(name)) needs \(packed) bytes") }
    }

    /// The entry's bytes, inflated if need be, their size and CRC-32 checked against the directory.
    func contents(of bytes: [UInt8]) throws(NumPyError) -> [UInt8] {
        let stored = Array(bytes[dataStart..<(dataStart + packed)])
        let data: [UInt8]
        switch method {
        case 0: data = stored
        case 8:
            do { data = try inflate(stored, expectedSize: size, raw: true, maxBytes: size) } catch {
                if case .tooLarge = error { throw .notZip("entry \(shown) inflates to more than the \(size) bytes the ZIP directory declares") }
                throw .notZip("entry \(shown): \(error)")
            }
        default: throw .unsupported("ZIP compression method \(method) in entry \(shown)")
        }
        guard data.count == size else { throw .notZip("entry \(shown) holds \(data.count) bytes, the ZIP directory declares \(size)") }
        // zlib's crc32 counts in 32 bits; an entry is at most 4 GB − 1 (no ZIP64), which it holds.
        let actual = data.withUnsafeBufferPointer { Int(crc32(0, $0.baseAddress, UInt32($0.count))) }
        guard actual == crc else {
            throw .notZip("entry \(shown) fails its CRC-32 check (\(hex(actual)), the archive says \(hex(crc))): the file is damaged")
        }
        return data
    }
}

private func hex(_ v: Int) -> String { String(v, radix: 16) }
