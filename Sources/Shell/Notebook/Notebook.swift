import Foundation

/// `save notebook FILE`: the extension chooses the form, a Jupyter notebook (.ipynb) or Markdown
/// (.md). Any other name is refused rather than written in a form its readers would not expect.
enum Notebook {
    static func contents(_ ws: Workspace, path: String, stamp: String) throws(ShellError) -> Data {
        let last = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        let dot = last.lastIndex(of: ".")
        let ext = dot.map { last[last.index(after: $0)...].lowercased() }
        switch ext {
        case "ipynb": return try JupyterNotebook.json(ws, stamp: stamp)
        case "md": return Data(markdown(ws, stamp: stamp).utf8)
        default:
            // No name at all (`save notebook ./`): the writer says what is wrong with the path.
            guard !last.isEmpty, last != ".", last != ".." else { return Data() }
            let stem = dot.map { String(path.dropLast(last[$0...].count)) } ?? path
            throw ShellError(tr("notebook.unknown-form", path), expected: tr("notebook.unknown-form.expected"),
                             hint: tr("notebook.unknown-form.hint", "save notebook \(stem).ipynb", "save notebook \(stem).md"), in: "save notebook")
        }
    }

    /// The Markdown form: each command in a code block followed by what it printed (pictures as
    /// ASCII), readable on any Git host.
    static func markdown(_ ws: Workspace, stamp: String) -> String {
        var text = tr("notebook.title") + "\n\n" + tr("notebook.markdown.saved", stamp, cnnshVersion) + "\n"
        for cell in ws.cells {
            let fence = cell.output.contains("```") ? "~~~" : "```"
            text += "\n\(fence)\ncnnsh> \(cell.command)\n\(fence)\n"
            if !cell.output.isEmpty { text += "\n\(fence)text\n\(cell.output)\(cell.output.hasSuffix("\n") ? "" : "\n")\(fence)\n" }
        }
        return text
    }
}
