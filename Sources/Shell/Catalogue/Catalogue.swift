/// The languages cnnsh speaks. Commands, option names and workspace names are code and stay as
/// typed in every language, so a script runs the same in either; everything else it prints comes
/// from the catalogue of the language chosen.
public enum Language: String, Sendable, CaseIterable {
    case english = "en", japanese = "ja"

    /// The language a locale name or a language code asks for: `ja`, `ja_JP.UTF-8` and `japanese`
    /// are Japanese; `en`, `en_US.UTF-8`, `C` and `POSIX` are English; nil for anything else.
    public init?(code: String) {
        let lowered = code.lowercased()
        if lowered.hasPrefix("ja") { self = .japanese }
        else if lowered.hasPrefix("en") || lowered == "c" || lowered.hasPrefix("c.") || lowered == "posix" { self = .english }
        else { return nil }
    }

    /// The language of the messages locale, as POSIX picks it: the first of LC_ALL, LC_MESSAGES
    /// and LANG that is set and not empty decides; Japanese when it starts with `ja`, English
    /// otherwise (other languages have no catalogue yet).
    public init(environment: [String: String]) {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        self = locale.flatMap(Language.init(code:)) ?? .english
    }

    /// The language's own name for itself, which `lang` prints beside its code (`rawValue`).
    var name: String { self == .english ? "English" : "日本語" }
}

/// All the text cnnsh prints, by key, one catalogue per language: `tr("key", arguments...)` looks a
/// message up in the current language and puts its arguments in place of `{0}`, `{1}`... Every key
/// is in both catalogues (a test checks), so a message never falls back to another language.
/// The parts are kept in files by area (`EnglishShell.swift` beside `JapaneseShell.swift`).
public enum Catalogue {
    /// The language messages are written in now: the shell sets it from its own before each line
    /// (see `Shell.language`), so a message thrown anywhere below is written in it.
    nonisolated(unsafe) static var language = Language.english

    static let english = merged(EnglishText.parts)
    static let japanese = merged(JapaneseText.parts)

    public static func entries(_ language: Language) -> [String: String] {
        language == .english ? english : japanese
    }

    /// The parts joined; a key in two parts is kept from the first, and `duplicates` lists it for the test.
    static func merged(_ parts: [[String: String]]) -> [String: String] {
        parts.reduce(into: [:]) { all, part in all.merge(part) { first, _ in first } }
    }

    /// Keys that more than one part of `language`'s catalogue defines (a test wants none).
    public static func duplicates(_ language: Language) -> [String] {
        let parts = language == .english ? EnglishText.parts : JapaneseText.parts
        var seen: [String: Int] = [:]
        for part in parts { for key in part.keys { seen[key, default: 0] += 1 } }
        return seen.filter { $0.value > 1 }.map(\.key).sorted()
    }

    /// `template` with `{0}`, `{1}`... replaced by `arguments`, in one pass, so that an argument
    /// holding `{1}` is printed as it is.
    static func fill(_ template: String, _ arguments: [String]) -> String {
        guard !arguments.isEmpty else { return template }
        var text = "", rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            text += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}"), let i = Int(after[..<close]), arguments.indices.contains(i) {
                text += arguments[i]
                rest = after[after.index(after: close)...]
            } else {
                text += "{"
                rest = after
            }
        }
        return text + rest
    }
}

/// The current language's message `key`, with `{0}`, `{1}`... replaced by `arguments` written as
/// `"\(argument)"`. A key missing from the catalogue (a typo the tests would catch) prints as the
/// key itself rather than stopping the shell.
public func tr(_ key: String, _ arguments: Any...) -> String {
    let template = Catalogue.entries(Catalogue.language)[key] ?? Catalogue.english[key] ?? key
    return Catalogue.fill(template, arguments.map { "\($0)" })
}

/// `key.one` for a count of 1 where the language has such a form (English: `1 step`), else `key`
/// (Japanese has no plural): `tr(plural: "undo.kept", n, n)`.
func tr(plural key: String, _ count: Int, _ arguments: Any...) -> String {
    let entries = Catalogue.entries(Catalogue.language)
    let chosen = count == 1 && entries[key + ".one"] != nil ? key + ".one" : key
    return Catalogue.fill(entries[chosen] ?? Catalogue.english[chosen] ?? chosen, arguments.map { "\($0)" })
}
