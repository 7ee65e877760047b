/// Where a line may break inside a word. English breaks only at spaces; Japanese prose has none,
/// so a line may also break before or after any wide character, except where the rules of
/// Japanese line breaking (kinsoku) forbid it: no line starts with a closing mark (、。）」 and
/// their ASCII kin) and none ends with an opening one (（「), and a quote stays with what it quotes.
enum Breaks {
    /// `word` in pieces that may each start a line; a word of narrow characters is one piece.
    static func pieces(of word: Substring) -> [Substring] {
        guard !word.utf8.allSatisfy({ $0 < 0x80 }) else { return [word] }  // ASCII: at spaces only
        var pieces: [Substring] = [], start = word.startIndex
        var previous: Character?
        for i in word.indices {
            let c = word[i]
            if let p = previous, p.displayWidth == 2 || c.displayWidth == 2, !noStart.contains(c), !noEnd.contains(p) {
                pieces.append(word[start..<i])
                start = i
            }
            previous = c
        }
        return pieces + [word[start...]]
    }

    /// What may not begin a line: closing brackets and punctuation, the long vowel mark, small kana.
    static let noStart: Set<Character> = Set("、。，．）」』】〕〉》］｝！？：；・ー…ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々,.:;!?)]}%'\"")
    /// What may not end a line: opening brackets.
    static let noEnd: Set<Character> = Set("（「『【〔〈《［｛([{'\"")
}
