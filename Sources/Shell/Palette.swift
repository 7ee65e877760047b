/// Colour by the conventions terminals and their users have agreed on: whether to colour at all
/// (`--color`, NO_COLOR, FORCE_COLOR, TERM=dumb, a terminal or not), and how many colours the
/// terminal has (24-bit only when COLORTERM says so, else xterm's 256-colour palette).
public enum ColorChoice: String, CaseIterable, Sendable {
    case auto, always, never

    /// The style for this choice in this environment. The command line wins over the environment;
    /// in `auto`, NO_COLOR (https://no-color.org) wins over FORCE_COLOR, which wins over TERM=dumb
    /// and over an output that is not a terminal.
    public func style(environment: [String: String], isTerminal: Bool) -> Output.Style {
        func set(_ key: String) -> Bool { !(environment[key] ?? "").isEmpty }
        let colour: Bool
        switch self {
        case .never: colour = false
        case .always: colour = true
        case .auto:
            let forced = set("FORCE_COLOR") && !["0", "false"].contains(environment["FORCE_COLOR"]!.lowercased())
            colour = !set("NO_COLOR") && (forced || (isTerminal && environment["TERM"] != "dumb"))
        }
        guard colour else { return .plain }
        let depth = (environment["COLORTERM"] ?? "").lowercased()
        return depth == "truecolor" || depth == "24bit" || environment["FORCE_COLOR"] == "3" ? .color : .palette256
    }
}

/// xterm's 256 colours: 16 system colours, a 6×6×6 cube and 24 greys.
enum Palette {
    /// `text` with every 24-bit colour escape (`ESC[38;2;R;G;Bm`, `ESC[48;2;R;G;Bm`) replaced by the
    /// nearest colour of the palette (`ESC[38;5;Nm`); everything else is left as it was.
    static func downgraded(_ text: String) -> String {
        guard text.contains("8;2;") else { return text }
        // On the UTF-8 bytes, with indices only: one pass however many escapes a picture holds.
        let bytes = Array(text.utf8)
        var out: [UInt8] = [], i = 0
        out.reserveCapacity(bytes.count)
        while i < bytes.count {
            if bytes[i] == 0x1B, i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "["),
               let m = bytes[(i + 2)...].prefix(20).firstIndex(of: UInt8(ascii: "m")) {
                let parts = String(decoding: bytes[(i + 2)..<m], as: UTF8.self).split(separator: ";").compactMap { Int($0) }
                if parts.count == 5, parts[0] == 38 || parts[0] == 48, parts[1] == 2 {
                    out += Array("\u{1b}[\(parts[0]);5;\(index(parts[2], parts[3], parts[4]))m".utf8)
                    i = m + 1
                    continue
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let levels = [0, 95, 135, 175, 215, 255]

    /// The palette entry nearest to (r, g, b): the nearest cube colour or the nearest grey.
    static func index(_ r: Int, _ g: Int, _ b: Int) -> Int {
        func level(_ v: Int) -> Int { levels.indices.min { abs(levels[$0] - v) < abs(levels[$1] - v) }! }
        let (lr, lg, lb) = (level(r), level(g), level(b))
        let grey = min(max((((r + g + b) / 3) - 8 + 5) / 10, 0), 23)
        func distance(_ c: (Int, Int, Int)) -> Int { (c.0 - r) * (c.0 - r) + (c.1 - g) * (c.1 - g) + (c.2 - b) * (c.2 - b) }
        let cube = (levels[lr], levels[lg], levels[lb]), g8 = 8 + 10 * grey
        return distance((g8, g8, g8)) < distance(cube) ? 232 + grey : 16 + 36 * lr + 6 * lg + lb
    }
}
