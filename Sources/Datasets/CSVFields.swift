/// The lines, fields and numbers of CSV text, as byte ranges of the file: `CSV.samples` reads
/// a row's numbers straight from them, and only a field it reports is made a String.
extension CSV {
    /// Calls `body` with each line that holds anything but blanks, numbered from 1, without its line end.
    static func eachNonBlankLine<E: Error>(_ bytes: [UInt8], _ body: (Int, Range<Int>) throws(E) -> Void) throws(E) {
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0, number = 1  // after UTF-8's byte order mark
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let range = start..<(end > start && bytes[end - 1] == UInt8(ascii: "\r") ? end - 1 : end)
            if bytes[range].contains(where: { !isBlank($0) }) { try body(number, range) }
            (start, number) = (end + 1, number + 1)
        }
    }

    /// A line's fields, split at commas, without surrounding blanks and double quotes.
    static func fields(_ bytes: [UInt8], _ line: Range<Int>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = line.lowerBound
        for i in line where bytes[i] == UInt8(ascii: ",") {
            out.append(trimmed(bytes, start..<i))
            start = i + 1
        }
        out.append(trimmed(bytes, start..<line.upperBound))
        return out
    }

    static func trimmed(_ bytes: [UInt8], _ range: Range<Int>) -> Range<Int> {
        var (a, b) = (range.lowerBound, range.upperBound)
        while a < b, isBlank(bytes[a]) { a += 1 }
        while b > a, isBlank(bytes[b - 1]) { b -= 1 }
        if b - a >= 2, bytes[a] == UInt8(ascii: "\""), bytes[b - 1] == UInt8(ascii: "\"") { (a, b) = (a + 1, b - 1) }
        return a..<b
    }

    static func isBlank(_ b: UInt8) -> Bool { b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") }

    /// A field as an error message quotes it: at most 40 characters.
    static func text(_ bytes: [UInt8], _ range: Range<Int>) -> String { shortened(String(decoding: bytes[range], as: UTF8.self)) }

    static func shortened(_ s: String) -> String { s.count > 40 ? s.prefix(40) + "…" : s }

    /// A field's value: digits alone are read directly (pixel values, labels), anything else as Swift reads a Float.
    static func number(_ bytes: [UInt8], _ range: Range<Int>) -> Float? {
        guard !range.isEmpty else { return nil }
        if range.count <= 7, bytes[range].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            return Float(bytes[range].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) })
        }
        guard range.count <= 64 else { return nil }
        return Float(String(decoding: bytes[range], as: UTF8.self))
    }
}
