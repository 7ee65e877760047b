/// How many terminal columns text takes: a Japanese character or an emoji takes two, a combining
/// mark none. Tables, wrapping, captions, legends and the progress bar measure with this, not with
/// `count`, so that Japanese lines up. A table of East Asian Width (Unicode's Wide and Fullwidth
/// ranges) rather than the C library's `wcwidth`, which would need a UTF-8 locale set for the whole
/// process (and with it, C's number formatting). Ambiguous characters (`…`, `×`, `·`, `█`, box
/// drawing) take one column, as terminals outside CJK locales draw them.
extension Unicode.Scalar {
    /// 0, 1 or 2 columns.
    var displayWidth: Int {
        let v = value
        if v < 0x7F { return v >= 0x20 ? 1 : 0 }  // ASCII at once; control characters draw nothing
        if v < 0xA0 { return 0 }
        if v < 0x300 { return v == 0xAD ? 0 : 1 }  // Latin-1 and Latin Extended (the soft hyphen is invisible)
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(v) { return 0 }  // Hangul vowels and finals join the initial before them
        if properties.isEmojiPresentation { return 2 }
        return Self.wide.contains { $0.contains(v) } ? 2 : 1
    }

    /// The Wide and Fullwidth ranges of East Asian Width (Unicode 15), in order, merged where near.
    private static let wide: [ClosedRange<UInt32>] = [
        0x1100...0x115F,    // Hangul initial consonants
        0x2E80...0x303E,    // CJK radicals, ideographic description, CJK symbols and punctuation (、。「」)
        0x3041...0x33FF,    // hiragana, katakana, bopomofo, Hangul compatibility jamo, kanbun, CJK compatibility
        0x3400...0x4DBF,    // CJK extension A
        0x4E00...0x9FFF,    // CJK unified ideographs
        0xA000...0xA4CF,    // Yi
        0xA960...0xA97F,    // Hangul jamo extended A
        0xAC00...0xD7A3,    // Hangul syllables
        0xF900...0xFAFF,    // CJK compatibility ideographs
        0xFE10...0xFE19,    // vertical forms
        0xFE30...0xFE6F,    // CJK compatibility forms, small form variants
        0xFF00...0xFF60,    // fullwidth forms (（）！Ａ１)
        0xFFE0...0xFFE6,    // fullwidth signs (￥)
        0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,  // Tangut, Khitan, kana supplement
        0x1F200...0x1F2FF,  // enclosed ideographic supplement
        0x20000...0x3FFFD,  // CJK extensions B to H
    ]
}

extension Character {
    /// The columns a character takes: a base with its combining marks takes the base's; an emoji
    /// sequence (a flag, a family joined by ZWJ, a text symbol made emoji by U+FE0F) takes two.
    public var displayWidth: Int {
        if let ascii = asciiValue { return ascii >= 0x20 && ascii < 0x7F ? 1 : 0 }
        let scalars = unicodeScalars
        if scalars.contains("\u{FE0F}"), scalars.first!.properties.isEmoji { return 2 }
        return scalars.lazy.map(\.displayWidth).max() ?? 0
    }
}

extension StringProtocol {
    /// The columns the text takes on a terminal (on one line: a newline counts as nothing).
    public var displayWidth: Int {
        // Plain ASCII, most of what cnnsh prints, is one column a byte.
        if utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return utf8.count }
        return reduce(0) { $0 + $1.displayWidth }
    }
}

extension String {
    /// The text and spaces after it, `width` columns in all (the text as it is if it is wider).
    public func padded(toWidth width: Int) -> String {
        self + String(repeating: " ", count: max(width - displayWidth, 0))
    }

    /// Spaces and then the text, `width` columns in all: a right-aligned cell.
    public func leftPadded(toWidth width: Int) -> String {
        String(repeating: " ", count: max(width - displayWidth, 0)) + self
    }

    /// The longest start of the text that takes at most `width` columns: a wide character that
    /// would straddle the edge is left out, never split.
    public func prefix(width: Int) -> String {
        var used = 0, end = startIndex
        for character in self {
            let w = character.displayWidth
            guard used + w <= width else { break }
            used += w
            end = index(after: end)
        }
        return String(self[..<end])
    }

    /// The text in at most `width` columns: as it is when it fits, else cut and ended with `…`
    /// (exactly `width` columns: a wide character left out at the edge leaves a space in its place).
    /// At least one column of text is kept before the `…`, as tables always did.
    public func cut(toWidth width: Int) -> String {
        guard displayWidth > width else { return self }
        let room = max(width - 1, 1)
        return prefix(width: room).padded(toWidth: room) + "…"
    }
}
