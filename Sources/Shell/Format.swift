import Foundation
import Tensors

/// Number and table formatting. Every float is printed with a fixed number of digits so that a
/// replayed session prints exactly what it printed the first time.
enum Format {
    static func fixed(_ x: Double, _ digits: Int) -> String { printf("%.\(digits)f", x) }
    static func fixed(_ x: Float, _ digits: Int) -> String { fixed(Double(x), digits) }
    static func scientific(_ x: Double) -> String { printf("%.1e", x) }
    /// `0.4711`, `-1.234e-05`: `digits` significant digits, for explain's terms; zero is `0`.
    static func significant(_ x: Double, _ digits: Int = 4) -> String { x == 0 ? "0" : printf("%.\(digits)g", x) }
    /// `0.4711`, or `(-0.4711)` for a negative that follows `·` or `−` in an expression.
    static func operand(_ x: Double, _ digits: Int = 4) -> String { x < 0 ? "(\(significant(x, digits)))" : significant(x, digits) }
    static func percent(_ fraction: Double) -> String { printf("%.2f%%", fraction * 100) }

    /// `a or b or c` (Japanese `a または b または c`): choices of which one is typed.
    static func alternatives(_ items: [String]) -> String { items.joined(separator: tr("format.or.separator")) }

    /// `a, b or c` (Japanese `a、b または c`): a list of choices as a sentence names them.
    static func choiceList(_ items: [String]) -> String {
        guard let last = items.last, items.count > 1 else { return items.first ?? "" }
        return tr("format.or.last", items.dropLast().joined(separator: tr("format.list.separator")), last)
    }

    /// `x` written by `format`, a printf format with one conversion of a Double: what
    /// `String(format:)` writes (the same C formatting, to the character), through vsnprintf, in
    /// half the time; printing a tensor's values went mostly to Foundation's formatter.
    static func printf(_ format: String, _ x: Double) -> String {
        var capacity = 32
        while true {
            let text: String? = withVaList([x]) { arguments in
                withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer in
                    let length = Int(vsnprintf(buffer.baseAddress, capacity, format, arguments))
                    guard length >= 0 else { return String(format: format, x) }
                    guard length < capacity else { capacity = length + 1; return nil }  // 300 digits of a huge number: again, with room
                    return String(cString: buffer.baseAddress!)
                }
            }
            if let text { return text }
        }
    }

    /// `44,426`
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// `183.8 MB`, `3.1 kB`, `624 B`
    static func bytes(_ n: Int) -> String {
        n < 1_000 ? "\(n) B" : abbreviated(n) + "B"
    }

    /// A large count in SI units with one decimal, as a reader says it: `138.4 M`, `15.5 G`, `950`.
    static func abbreviated(_ n: Int) -> String {
        let units: [(Double, String)] = [(1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]
        guard let (size, unit) = units.first(where: { Double(n) >= $0.0 }) else { return "\(n)" }
        return fixed(Double(n) / size, 1) + " " + unit
    }

    /// `text` broken into lines of at most `width` display columns, the first keeping the text's
    /// own leading spaces, the others starting with `indent`; ends with a newline. Lines break at
    /// spaces, and in Japanese, which has none, also between wide characters (see `Breaks`); a word
    /// longer than a line stays whole.
    static func wrap(_ text: String, width: Int = 80, indent: String = "  ") -> String {
        var lines: [String] = [], line = "", used = 0, started = false
        for word in text.split(separator: " ") {
            for (k, piece) in Breaks.pieces(of: word).enumerated() {
                let gap = k == 0 ? " " : "", w = piece.displayWidth
                if !started {
                    line = String(text.prefix { $0 == " " }) + piece
                    (used, started) = (line.displayWidth, true)
                } else if used + gap.count + w <= width {
                    line += gap + piece
                    used += gap.count + w
                } else {
                    lines.append(line)
                    line = indent + piece
                    used = indent.displayWidth + w
                }
            }
        }
        return (lines + [line]).joined(separator: "\n") + "\n"
    }

    /// `s` without the spaces at its end, which a padded grid leaves and a terminal does not need.
    static func trailingSpacesRemoved(_ s: String) -> String {
        var s = s
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }

    /// A small tensor's values: a scalar or vector on one line, a matrix as rows, higher ranks as
    /// matrices labelled with their leading indices (`[0, 1]`). Whole numbers print without decimals.
    static func values(_ t: Tensor, digits: Int = 4) -> String {
        let integral = t.scalars.allSatisfy { $0 == $0.rounded() && abs($0) < 1e6 }
        let cells = t.scalars.map { integral ? String(Int($0)) : fixed($0, digits) }
        let width = cells.map(\.count).max() ?? 0
        let padded = cells.map { String(repeating: " ", count: width - $0.count) + $0 }
        guard t.rank >= 2 else { return "[" + padded.joined(separator: " ") + "]\n" }
        let rows = t.shape[t.rank - 2], cols = t.shape[t.rank - 1]
        let matrices = t.count / max(rows * cols, 1)
        let lead = Array(t.shape.dropLast(2))
        var out = ""
        for m in 0..<matrices {
            if t.rank > 2 {
                var index: [Int] = [], rest = m
                for size in lead.reversed() { index.insert(rest % size, at: 0); rest /= size }
                out += "[\(index.map(String.init).joined(separator: ", "))]\n"
            }
            for r in 0..<rows {
                let start = (m * rows + r) * cols
                out += "  " + padded[start..<start + cols].joined(separator: " ") + "\n"
            }
        }
        return out
    }
}
