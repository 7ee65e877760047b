/// One recorded command as `save notebook` writes it: the script's comments that came before it
/// (narration), the command, what it printed (plain) and the pictures and charts it drew.
struct NotebookCell {
    var narration: [String] = []
    var command: String
    var output: String
    var pictures: [NotebookPicture] = []
}

extension Workspace {
    /// Keeps a script's comment line (`# text`, kept as `text`) as narration for the next recorded
    /// command; a blank line ends a paragraph. Comments are not commands: the log and `history`
    /// never see them, only the notebook does.
    mutating func narrate(_ line: String) {
        guard line.hasPrefix("#") else {
            if line.isEmpty, let last = narration.last, !last.isEmpty { narration.append("") }
            return
        }
        guard !line.hasPrefix("#!") else { return }  // a script's `#!/usr/bin/env cnnsh` line says nothing
        let text = line.dropFirst()
        narration.append(String(text.hasPrefix(" ") ? text.dropFirst() : text))
    }

    /// Appends `cell` to the notebook's cells with the narration read since the last one.
    mutating func record(_ cell: NotebookCell) {
        var cell = cell
        cell.narration = narration
        while cell.narration.last?.isEmpty == true { cell.narration.removeLast() }
        narration = []
        cells.append(cell)
    }
}
