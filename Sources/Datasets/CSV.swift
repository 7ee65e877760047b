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
/// quotes; lines may end in CR LF; blank lines and a leading byte order mark (Excel's) are
/// skipped. Each row must have the first line's number of fields; labels must be whole numbers
/// from 0 to `Samples.maxLabel`.
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
        let header = firstFields.contains { number(bytes, $0) == nil } ? firstFields.map { String(decoding: bytes[$0], as: UTF8.self) } : nil
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
                let name = header.map { " (\(shortened($0[c])))" } ?? ""
                guard let v = Self.number(bytes, field), v.isFinite else {
                    let separator = bytes[field].contains { $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: "\t") }
                    throw CSVError(line: number, column: c + 1, "'\(text(bytes, field))'\(name) is not a finite number"
                                   + (separator ? " (fields are separated by commas, not by semicolons or tabs)" : ""))
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
            let names = header.map { "the header names " + $0.prefix(8).map(shortened).joined(separator: ", ") + ($0.count > 8 ? "..." : "") } ?? "the file has no header"
            throw CSVError(line: line, "label=\(name) is no column: \(names); a column number is 1 to \(columns)")
        }
    }
}
