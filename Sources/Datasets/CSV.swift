import Tensors

/// What is wrong with a CSV file of samples, and where: `line` and `column` count from 1 as an
/// editor does (nil where the fault is the whole file's).
public struct CSVError: Error, Equatable, CustomStringConvertible {
    public let line: Int?
    public let column: Int?
    public let problem: String

    init(line: Int? = nil, column: Int? = nil, _ problem: String) { (self.line, self.column, self.problem) = (line, column, problem) }

    /// `3:2: 'abc' is not a number`, the place as a compiler gives it; the caller puts the file in front.
    public var description: String {
        [line.map(String.init), column.map(String.init)].compactMap { $0 }.map { $0 + ":" }.joined() + (line == nil ? "" : " ") + problem
    }
}

/// Which column of a CSV holds the labels.
public enum CSVLabelColumn: Equatable, Sendable {
    /// The header's column named `label` (in any case), else none.
    case automatic
    case none
    /// A header name, else a column number counted from 1.
    case named(String)
}

/// Samples read from a CSV file, one row each.
public struct CSVSamples: Sendable {
    /// N×F, or N×shape when a shape was given.
    public let features: Tensor
    /// N class indices; nil when the file has no label column.
    public let labels: Tensor?
    /// The header's names; nil when the first line is a row of numbers.
    public let header: [String]?
    /// The label column, counted from 1.
    public let labelColumn: Int?
}

/// Comma-separated samples: one row a sample, every field a number. The first line is a header
/// when any of its fields is not a number. Fields may be padded with blanks or wrapped in double
/// quotes; lines may end in CR LF; blank lines are skipped. Each row must have the first line's
/// number of fields; labels must be whole numbers from 0 to `Samples.maxLabel`.
public enum CSV {
    /// Reads `bytes`, refusing before allocating values past `maxBytes` (4 bytes each, as float32).
    /// `shape` reshapes each row's features (their count must be its product).
    public static func samples(csv bytes: [UInt8], label: CSVLabelColumn = .automatic, shape: [Int]? = nil,
                               maxBytes: Int = ReadLimit.defaultMaxBytes) throws(CSVError) -> CSVSamples {
        var first: (number: Int, range: Range<Int>)?, count = 0
        eachNonBlankLine(bytes) { number, range in
            if first == nil { first = (number, range) }
            count += 1
        }
        guard let first else { throw CSVError("the file holds no rows") }
        let firstFields = fields(bytes, first.range)
        let header = firstFields.contains { number(bytes, $0) == nil } ? firstFields.map { text(bytes, $0) } : nil
        let rows = count - (header == nil ? 0 : 1)
        let columns = firstFields.count
        let labelColumn = try column(label, header: header, columns: columns, line: first.number)
        let features = columns - (labelColumn == nil ? 0 : 1)
        guard features > 0 else { throw CSVError(line: first.number, "the only column is the label column; there are no features") }
        if let shape, Tensor.checkedProduct(shape) != features {
            throw CSVError(line: first.number, "\(features) feature columns do not fill shape \(Tensor.describe(shape)) (\(Tensor.checkedProduct(shape).map(String.init) ?? "too many") values)")
        }
        guard rows > 0 else { throw CSVError(line: first.number, "the file holds a header and no rows of samples") }
        let (values, overflow) = rows.multipliedReportingOverflow(by: features + 1)
        guard !overflow, values <= maxBytes / MemoryLayout<Float>.stride else {
            throw CSVError("\(ReadLimit.grouped(rows)) rows of \(features) values need more than the limit of \(ReadLimit.grouped(maxBytes)) bytes as float32")
        }
        var x = [Float](repeating: 0, count: rows * features), y = [Float](repeating: 0, count: rows)
        var r = header == nil ? 0 : -1
        try eachNonBlankLine(bytes) { (number, range) throws(CSVError) in
            defer { r += 1 }
            guard r >= 0 else { return }
            let f = fields(bytes, range)
            guard f.count == columns else {
                throw CSVError(line: number, column: min(f.count, columns) + 1,
                               "this row has \(f.count) field\(f.count == 1 ? "" : "s"), the \(header == nil ? "first row" : "header") has \(columns)")
            }
            var k = r * features
            for (c, field) in f.enumerated() {
                let name = header.map { " (\($0[c]))" } ?? ""
                guard let v = Self.number(bytes, field), v.isFinite else {
                    throw CSVError(line: number, column: c + 1, "'\(text(bytes, field))'\(name) is not a finite number")
                }
                guard c + 1 != labelColumn else {
                    guard Samples.isLabel(v) else {
                        throw CSVError(line: number, column: c + 1, "label \(text(bytes, field)) is not a class; expected a whole number from 0 to \(ReadLimit.grouped(Samples.maxLabel))")
                    }
                    y[r] = v
                    continue
                }
                x[k] = v
                k += 1
            }
        }
        return CSVSamples(features: Tensor(shape: [rows] + (shape ?? [features]), scalars: x),
                          labels: labelColumn == nil ? nil : Tensor(y), header: header, labelColumn: labelColumn)
    }

    /// The label column (from 1) that `label` names, if any.
    static func column(_ label: CSVLabelColumn, header: [String]?, columns: Int, line: Int) throws(CSVError) -> Int? {
        switch label {
        case .none: return nil
        case .automatic: return header?.firstIndex { $0.lowercased() == "label" }.map { $0 + 1 }
        case let .named(name):
            if let i = header?.firstIndex(of: name) { return i + 1 }
            if let n = Int(name), (1...columns).contains(n) { return n }
            let names = header.map { "the header names " + $0.prefix(8).joined(separator: ", ") + ($0.count > 8 ? "..." : "") } ?? "the file has no header"
            throw CSVError(line: line, "label=\(name) is no column: \(names); a column number is 1 to \(columns)")
        }
    }

    /// Calls `body` with each line that holds anything but blanks, numbered from 1, without its line end.
    static func eachNonBlankLine<E: Error>(_ bytes: [UInt8], _ body: (Int, Range<Int>) throws(E) -> Void) throws(E) {
        var start = 0, number = 1
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

    static func text(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        let s = String(decoding: bytes[range], as: UTF8.self)
        return s.count > 40 ? s.prefix(40) + "…" : s
    }

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
