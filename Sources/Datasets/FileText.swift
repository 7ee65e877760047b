/// Text read from a file (a CSV field, an .npz key) as a message shows it on the terminal. A file
/// may hold any bytes: a CR, an ESC or a bidi override printed raw would move the cursor,
/// recolour the terminal or reorder the message, so they are written as Swift writes them.
public enum FileText {
    /// `text` with control and format characters escaped (`\r`, `\n`, `\t`, `\u{1b}`, `\u{202e}`)
    /// and cut after `most` characters with `…`.
    public static func shown(_ text: some StringProtocol, most: Int = 40) -> String {
        var out = ""
        for scalar in text.prefix(most).unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                switch scalar.properties.generalCategory {
                case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned:
                    out += "\\u{" + String(scalar.value, radix: 16) + "}"
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        return text.dropFirst(most).isEmpty ? out : out + "…"
    }

    /// Names as a message lists them: each `shown`, joined by commas, the first `most` of a long
    /// list followed by `… (N names)`, so that 60,000 keys do not fill the terminal.
    public static func listed(_ names: [String], most: Int = 8, noun: String = "names") -> String {
        let head = names.prefix(most).map { shown($0) }.joined(separator: ", ")
        return names.count > most ? head + ", … (\(ReadLimit.grouped(names.count)) \(noun))" : head
    }
}
