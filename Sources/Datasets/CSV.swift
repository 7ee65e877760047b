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
    /// The header's column named `label` (as `named("label")` finds it), else none.
    case automatic
    case none
    /// A header name (the same to the letter, else in any case), else a column number counted from 1.
    case named(String)
}

/// Samples read from a CSV file, one row each.
public struct CSVSamples: Sendable {
    /// N×F, or N×shape when a shape was given.
    public let features: Tensor
    /// N class indices; nil when the file has no label column.
    public let labels: Tensor?
    /// The header's names, quotes undone, as the file holds them (show them with
    /// `FileText`); nil when the first line is a row.
    public let header: [String]?
    /// The label column, counted from 1.
    public let labelColumn: Int?
}

/// Comma-separated samples: one row a sample, every field a number. The first line is a header
/// when none of its fields is empty or number-like (see `isNumberLike`), else the first row.
/// Fields may be padded with blanks and quoted as RFC 4180 quotes them within a line (`"a,b"`,
/// `"say ""hi"""`); lines may end in CR LF; blank lines and a leading byte order mark (Excel's)
/// are skipped. Each row must have the first line's number of fields; labels must be whole
/// numbers from 0 to `Samples.maxLabel`.
public enum CSV {
    /// Reads `bytes`, refusing before allocating past `maxBytes`: the header's names (a String
    /// each) and the values (4 bytes each, as float32). `shape` reshapes each row's features
    /// (their count must be its product).
    public static func samples(csv bytes: [UInt8], label: CSVLabelColumn = .automatic, shape: [Int]? = nil,
                               maxBytes: Int = ReadLimit.defaultMaxBytes) throws(CSVError) -> CSVSamples {
        var first: (number: Int, range: Range<Int>)?, count = 0
        eachNonBlankLine(bytes) { number, range in
            if first == nil { first = (number, range) }
            count += 1
        }
        guard let first else { throw CSVError("the file holds no rows") }
        var isHeader = true
        let columns = try eachField(bytes, first.range, number: first.number) { _, field in
            if isNumberLike(bytes, field.range) { isHeader = false }
        }
        let header = isHeader ? try names(bytes, first, columns: columns, maxBytes: maxBytes) : nil
        let rows = count - (header == nil ? 0 : 1)
        let labelColumn = try column(label, header: header, columns: columns, line: first.number)
        let features = columns - (labelColumn == nil ? 0 : 1)
        guard features > 0 else { throw CSVError(line: first.number, "the only column is the label column; there are no features") }
        if let shape, Tensor.checkedProduct(shape) != features {
            throw CSVError(line: first.number, "\(features) feature columns do not fill shape \(Tensor.describe(shape)) (\(Tensor.checkedProduct(shape).map(String.init) ?? "too many") values)")
        }
        guard rows > 0 else { throw CSVError(line: first.number, "the file holds a header and no rows of samples") }
        let (values, overflow) = rows.multipliedReportingOverflow(by: features + 1)
        guard !overflow, values <= maxBytes / MemoryLayout<Float>.stride else {
            throw CSVError("\(ReadLimit.grouped(rows)) row\(rows == 1 ? "" : "s") of \(ReadLimit.grouped(features)) values need\(rows == 1 ? "s" : "") more than the limit of \(ReadLimit.grouped(maxBytes)) bytes as float32")
        }
        var x = [Float](repeating: 0, count: rows * features), y = [Float](repeating: 0, count: rows)
        var r = header == nil ? 0 : -1
        try eachNonBlankLine(bytes) { (number, range) throws(CSVError) in
            defer { r += 1 }
            guard r >= 0 else { return }
            // Counted first, so that a row of millions of fields is refused before any is read.
            let n = try eachField(bytes, range, number: number) { _, _ in }
            guard n == columns else {
                throw CSVError(line: number, column: min(n, columns) + 1,
                               "this row has \(ReadLimit.grouped(n)) field\(n == 1 ? "" : "s"), the \(header == nil ? "first row" : "header") has \(ReadLimit.grouped(columns))")
            }
            // Line 1 read as a row may have been meant as a header: say when a line is one.
            let headerRule = number == first.number ? "; line 1 is a header only when none of its fields is empty or starts like a number" : ""
            var k = r * features
            try eachField(bytes, range, number: number) { (c, field) throws(CSVError) in
                guard let v = Self.number(bytes, field.range), v.isFinite else {
                    let name = header.map { " (\(FileText.shown($0[c])))" } ?? ""
                    let separator = bytes[field.range].contains { $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: "\t") }
                    throw CSVError(line: number, column: c + 1, "'\(text(bytes, field))'\(name) is not a finite number"
                                   + (separator ? " (fields are separated by commas, not by semicolons or tabs)" : "") + headerRule)
                }
                guard c + 1 != labelColumn else {
                    guard Samples.isLabel(v) else {
                        throw CSVError(line: number, column: c + 1, "label \(text(bytes, field)) is not a class; expected a whole number from 0 to \(ReadLimit.grouped(Samples.maxLabel))")
                    }
                    y[r] = v
                    return
                }
                x[k] = v
                k += 1
            }
        }
        return CSVSamples(features: Tensor(shape: [rows] + (shape ?? [features]), scalars: x),
                          labels: labelColumn == nil ? nil : Tensor(y), header: header, labelColumn: labelColumn)
    }

    /// The first line's fields as the header's names, once their count is known to fit `maxBytes`
    /// (a String each, and the line's bytes at most for their text).
    static func names(_ bytes: [UInt8], _ line: (number: Int, range: Range<Int>), columns: Int, maxBytes: Int) throws(CSVError) -> [String] {
        let (strings, overflow) = columns.multipliedReportingOverflow(by: MemoryLayout<String>.stride)
        guard !overflow, strings <= maxBytes - line.range.count else {
            throw CSVError(line: line.number, "the header's \(ReadLimit.grouped(columns)) names need more than the limit of \(ReadLimit.grouped(maxBytes)) bytes")
        }
        var names: [String] = []
        names.reserveCapacity(columns)
        try eachField(bytes, line.range, number: line.number) { _, field in names.append(string(bytes, field)) }
        return names
    }

    /// The label column (from 1) that `label` names, if any.
    static func column(_ label: CSVLabelColumn, header: [String]?, columns: Int, line: Int) throws(CSVError) -> Int? {
        switch label {
        case .none: return nil
        case .automatic: return header.flatMap { index(of: "label", in: $0) }.map { $0 + 1 }
        case let .named(name):
            if let i = header.flatMap({ index(of: name, in: $0) }) { return i + 1 }
            if let n = Int(name), (1...columns).contains(n) { return n }
            let names = header.map { "the header names " + FileText.listed($0) } ?? "the file has no header"
            throw CSVError(line: line, "label=\(name) is no column: \(names); a column number is 1 to \(columns)")
        }
    }

    /// The first header name that is `name` to the letter, else the first that is `name` in any case.
    static func index(of name: String, in header: [String]) -> Int? {
        header.firstIndex(of: name) ?? header.firstIndex { $0.lowercased() == name.lowercased() }
    }
}
