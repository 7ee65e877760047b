import NN

/// Tab completion, generated from the command table and the workspace.
extension Shell {
    /// Candidates for `word`, the word under the cursor, given the text of the line before it.
    public func completions(before: String, word: String) -> [String] {
        let segment = before.split(separator: ";", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let words = (try? Arguments.words(Substring(segment))) ?? []
        guard let first = words.first else { return CommandTable.names.filter { $0.hasPrefix(word) } }
        guard let command = CommandTable.command(named: first) else { return [] }
        // Where a file name goes, offer nothing: readline then completes file names.
        if Self.takesFile(command: command.name, words: words) && !word.contains("=") { return [] }
        var candidates: [String] = []
        if let eq = word.firstIndex(of: "=") {
            let key = String(word[..<eq])
            let values: [String]
            switch key {
            case "init": values = ["he", "xavier", "gauss:0.01"]
            case "fill": values = ["arange", "zeros", "ones", "randn", "rand"]
            case "schedule": values = LearningRateSchedule.allCases.map(\.rawValue)
            case "x", "y", "val": values = workspace.names + (key == "val" ? ["none"] : [])
            default: values = []
            }
            candidates = values.map { "\(key)=\($0)" }
        } else {
            if words.count == 1 {
                candidates += command.words
                if command.completesCommands { candidates += CommandTable.names }
            }
            candidates += command.options.map { "\($0)=" }
            if command.takesNames { candidates += workspace.names }
            if command.name == "gradcheck", let net = workspace.network { candidates += net.names }
        }
        var seen: Set<String> = []
        return candidates.filter { $0.hasPrefix(word) && seen.insert($0).inserted }
    }

    /// Whether the next word of `words` (the command line so far) is a file name.
    static func takesFile(command: String, words: [String]) -> Bool {
        let next = words.count  // index of the word being typed
        switch command {
        case "replay": return next == 1
        case "load": return next == 2 && ["npy", "weights"].contains(words[1])
        case "save":
            if next == 2 { return words[1] != "png" }
            return next == 3 && words[1] == "png"
        default: return false
        }
    }
}
