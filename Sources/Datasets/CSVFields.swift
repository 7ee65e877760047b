/// The lines, fields and numbers of CSV text, as byte ranges of the file: `CSV.samples` reads
/// a row's numbers straight from them, and only a header name or a field it reports is made a
/// String, so that a line of millions of fields costs no memory before it is refused.
extension CSV {
    /// One field of a line: its bytes without the blanks around it and, when quoted, without the
    /// quotes, in which `""` stands for one quote (`doubledQuotes` says whether there are any).
    struct Field {
        let range: Range<Int>
        var doubledQuotes = false
    }

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

    /// Calls `body` with each field of line `number` (`bytes[line]`) and its index from 0, and
    /// returns how many there are; `{ _, _ in }` just counts them. Fields are split at commas as
    /// RFC 4180 splits them within a line: a field in double quotes may hold commas, and `""` for
    /// a quote. A quote still open at the line's end, or text after a closing quote, is an error.
    @discardableResult
    static func eachField(_ bytes: [UInt8], _ line: Range<Int>, number: Int,
                          _ body: (Int, Field) throws(CSVError) -> Void) throws(CSVError) -> Int {
        let (quote, comma, end) = (UInt8(ascii: "\""), UInt8(ascii: ","), line.upperBound)
        var i = line.lowerBound, column = 0
        while true {
            while i < end, isBlank(bytes[i]) { i += 1 }
            var field: Field
            if i < end, bytes[i] == quote {
                let start = i + 1
                var doubled = false
                i = start
                while i < end {
                    if bytes[i] != quote { i += 1 } else if i + 1 < end, bytes[i + 1] == quote { (i, doubled) = (i + 2, true) } else { break }
                }
                guard i < end else { throw CSVError(line: number, column: column + 1, "the quote that opens this field is not closed on its line") }
                field = Field(range: start..<i, doubledQuotes: doubled)
                i += 1
                while i < end, isBlank(bytes[i]) { i += 1 }
                guard i == end || bytes[i] == comma else {
                    throw CSVError(line: number, column: column + 1, "text follows this field's closing quote; a quote inside quotes is written \"\"")
                }
            } else {
                let start = i
                while i < end, bytes[i] != comma { i += 1 }
                var last = i
                while last > start, isBlank(bytes[last - 1]) { last -= 1 }
                field = Field(range: start..<last)
            }
            try body(column, field)
            column += 1
            if i == end { return column }
            i += 1  // the comma
        }
    }

    static func isBlank(_ b: UInt8) -> Bool { b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") }

    /// A field's text, `""` made one quote: the whole of it for a header name, `shown` for a message.
    static func string(_ bytes: [UInt8], _ field: Field, prefix: Int = .max) -> String {
        let text = String(decoding: bytes[field.range.prefix(prefix)], as: UTF8.self)
        return field.doubledQuotes ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
    }

    /// A field as an error message quotes it (see `FileText.shown`), decoding only its first
    /// bytes: 161 hold the 40 characters shown and one more, which is shown as `…`.
    static func text(_ bytes: [UInt8], _ field: Field) -> String { FileText.shown(string(bytes, field, prefix: 161)) }

    /// A field's value: digits alone are read directly (pixel values, labels), anything else as Swift reads a Float.
    static func number(_ bytes: [UInt8], _ range: Range<Int>) -> Float? {
        guard !range.isEmpty else { return nil }
        if range.count <= 7, bytes[range].allSatisfy(isDigit) {
            return Float(bytes[range].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) })
        }
        guard range.count <= 64 else { return nil }
        return Float(String(decoding: bytes[range], as: UTF8.self))
    }

    /// Whether a field of the first line makes it a row rather than a header: it is empty, a
    /// number (`nan` and `inf` too), or starts as one does (`3x`, `-.5e`), which a name does not.
    static func isNumberLike(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        var i = range.lowerBound
        if i < range.upperBound, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
        if i < range.upperBound, bytes[i] == UInt8(ascii: ".") { i += 1 }
        guard i < range.upperBound else { return range.isEmpty }
        // Swift reads nan, inf and infinity as numbers: only a field starting so is parsed.
        return isDigit(bytes[i]) || "nNiI".utf8.contains(bytes[i]) && number(bytes, range) != nil
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
}
