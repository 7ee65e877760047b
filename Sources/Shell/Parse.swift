import Tensors

/// Parsers for the small syntaxes commands share: integers, kernel sizes `5x5`, shapes `1x28x28`.
enum Parse {
    static func int(_ text: String, what: String, in range: ClosedRange<Int>) throws(ShellError) -> Int {
        let expected = tr("parse.whole-number-in", "\(range.lowerBound)...\(range.upperBound)")
        guard let v = Int(text) else { throw ShellError(tr("parse.not-whole", "\(what)\(text)"), expected: expected) }
        guard range.contains(v) else { throw ShellError(tr("args.out-of-range", "\(what)\(text)"), expected: expected) }
        return v
    }

    /// `5`, `5x5`, `5×3` → (height, width).
    static func kernel(_ text: String, what: String) throws(ShellError) -> (Int, Int) {
        let sides = try dimensions(text, what: what)
        switch sides.count {
        case 1: return (sides[0], sides[0])
        case 2: return (sides[0], sides[1])
        default: throw ShellError(tr("parse.sides", what, text, sides.count), expected: tr("parse.window"), hint: nil)
        }
    }

    /// `1x28x28` → [1, 28, 28]; every side at least 1 and the whole below 2³¹ values.
    static func dimensions(_ text: String, what: String) throws(ShellError) -> [Int] {
        let parts = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "x" || $0 == "×" || $0 == "X" || $0 == "*" })
        var sides: [Int] = []
        for part in parts {
            guard let v = Int(part), v >= 1, v <= 1 << 20 else {
                throw ShellError(tr("parse.not-a-size", what, text), expected: tr("parse.size"))
            }
            sides.append(v)
        }
        guard sides.count <= 8, let count = Tensor.checkedProduct(sides), count <= Limits.maxElements else {
            throw ShellError(tr("parse.too-large", what, text), expected: tr("parse.at-most-values", Limits.maxElements))
        }
        return sides
    }
}

/// "Did you mean" by edit distance.
enum Suggestion {
    /// The first of `candidates` nearest to `word` (ignoring case), if it is within a third of the
    /// word's length (at least 1). Candidates further than that are given up on early: a line of
    /// random bytes read as a command name is compared with every name in the table.
    static func closest(to word: String, among candidates: [String]) -> String? {
        let limit = max(1, word.count / 3 + 1)
        let typed = Array(word.lowercased())
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            // Only a candidate nearer than the best so far replaces it: the first of equals is kept.
            if let d = distance(typed, Array(candidate.lowercased()), within: best.map { $0.distance - 1 } ?? limit) { best = (candidate, d) }
        }
        return best?.candidate
    }

    /// `did you mean 'x'?` for the candidate closest to `word`, written as the user would type it
    /// (`typed`: `stride=` for an option key); nil when none is close.
    static func hint(for word: String, among candidates: [String], typed: (String) -> String = { $0 }) -> String? {
        closest(to: word, among: candidates).map { tr("args.did-you-mean", typed($0)) }
    }

    /// The Levenshtein distance of `a` and `b` when it is at most `limit`, else nil: the lengths
    /// alone may rule it out, and a row of the table whose every entry exceeds `limit` does.
    static func distance(_ a: [Character], _ b: [Character], within limit: Int) -> Int? {
        guard limit >= 0, abs(a.count - b.count) <= limit else { return nil }
        var row = Array(0...b.count)
        for i in a.indices {
            var previous = row[0]
            row[0] = i + 1
            var smallest = row[0]
            for j in b.indices {
                let current = row[j + 1]
                row[j + 1] = min(current + 1, row[j] + 1, previous + (a[i] == b[j] ? 0 : 1))
                previous = current
                smallest = min(smallest, row[j + 1])
            }
            if smallest > limit { return nil }
        }
        return row[b.count] <= limit ? row[b.count] : nil
    }
}
