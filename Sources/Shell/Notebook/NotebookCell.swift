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

    /// Values the notebook's pictures keep in all (128 MB of floats): past it, a cell keeps only
    /// the ASCII form of its pictures, so a long session of large pictures cannot fill the memory.
    static let notebookPictureLimit = 32_000_000

    /// Appends `cell` to the notebook's cells with the narration read since the last one.
    mutating func record(_ cell: NotebookCell) {
        var cell = cell
        let kept = cells.reduce(0) { $0 + $1.pictures.reduce(0) { $0 + $1.cost } }
        if kept + cell.pictures.reduce(0, { $0 + $1.cost }) > Self.notebookPictureLimit { cell.pictures = [] }
        cell.narration = narration
        while cell.narration.last?.isEmpty == true { cell.narration.removeLast() }
        narration = []
        cells.append(cell)
    }
}
