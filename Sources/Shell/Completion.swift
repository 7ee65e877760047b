/// Tab completion, read off the command table (each command's positional kinds, forms and option
/// kinds) and the workspace; no command is named here.
extension Shell {
    /// Candidates for `word`, the word under the cursor, given the text of the line before it.
    public func completions(before: String, word: String) -> [String] {
        guard let words = Words.lastCommand(of: before) else { return [] }  // a comment
        guard let first = words.first else { return CommandTable.names.filter { $0.hasPrefix(word) } }
        guard let command = CommandTable.command(named: first) else { return [] }
        var candidates: [String] = []
        if let eq = word.firstIndex(of: "=") {
            let key = String(word[..<eq])
            candidates = command.options.kind(of: key).map { values(of: $0).map { "\(key)=\($0)" } } ?? []
        } else {
            let typed = words.dropFirst().filter { !Arguments.isOption($0) }
            let kind = command.kind(ofPositional: typed.count, after: typed)
            // Where a file name goes, offer nothing: readline then completes file names.
            if kind == .file { return [] }
            if typed.isEmpty { candidates += command.forms.map(\.word) }
            candidates += kind.map(values) ?? []
            candidates += command.options.keys.map { "\($0)=" }
        }
        var seen: Set<String> = []
        return candidates.filter { $0.hasPrefix(word) && seen.insert($0).inserted }
    }

    /// The words a `kind` of word may be now.
    private func values(of kind: WordKind) -> [String] {
        switch kind {
        case .workspaceName: workspace.names
        case .layerName: workspace.network?.names ?? []
        case .command: CommandTable.names
        case .choice(let words): words
        case .oneOf(let kinds): kinds.flatMap(values)
        case .file, .number, .text: []
        }
    }
}
