import Tensors

/// Parsers for the small syntaxes commands share: integers, kernel sizes `5x5`, shapes `1x28x28`.
enum Parse {
    static func int(_ text: String, what: String, in range: ClosedRange<Int>) throws(ShellError) -> Int {
        guard let v = Int(text) else { throw ShellError("\(what)\(text) is not a whole number", expected: "a whole number in \(range.lowerBound)...\(range.upperBound)") }
        guard range.contains(v) else { throw ShellError("\(what)\(text) is out of range", expected: "a whole number in \(range.lowerBound)...\(range.upperBound)") }
        return v
    }

    /// `5`, `5x5`, `5×3` → (height, width).
    static func kernel(_ text: String, what: String) throws(ShellError) -> (Int, Int) {
        let sides = try dimensions(text, what: what)
        switch sides.count {
        case 1: return (sides[0], sides[0])
        case 2: return (sides[0], sides[1])
        default: throw ShellError("\(what) '\(text)' has \(sides.count) sides", expected: "a window like 5x5 or 5", hint: nil)
        }
    }

    /// `1x28x28` → [1, 28, 28]; every side at least 1 and the whole below 2³¹ values.
    static func dimensions(_ text: String, what: String) throws(ShellError) -> [Int] {
        let parts = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "x" || $0 == "×" || $0 == "X" || $0 == "*" })
        var sides: [Int] = []
        for part in parts {
            guard let v = Int(part), v >= 1, v <= 1 << 20 else {
                throw ShellError("\(what) '\(text)' is not a size", expected: "whole numbers from 1 to 1,048,576 joined by x, like 5x5 or 1x28x28")
            }
            sides.append(v)
        }
        guard sides.count <= 8, let count = Tensor.checkedProduct(sides), count <= Limits.maxElements else {
            throw ShellError("\(what) '\(text)' is too large", expected: "at most \(Limits.maxElements) values")
        }
        return sides
    }
}

/// "Did you mean" by edit distance.
enum Suggestion {
    static func closest(to word: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(1, word.count / 3 + 1) else { return nil }
        return best.0
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}
