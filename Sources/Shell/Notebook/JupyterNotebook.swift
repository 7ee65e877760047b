import Foundation

/// `save notebook FILE.ipynb`: the session as nbformat 4.5 JSON, which Jupyter, VS Code and GitHub
/// open. The script's comments become markdown cells, each command a code cell numbered in order,
/// with what it printed as a stdout stream and its pictures and charts as PNG images.
enum JupyterNotebook {
    static func json(_ ws: Workspace, stamp: String) throws(ShellError) -> Data {
        var cells = [Cell(markdown: tr("notebook.title") + "\n\n" + tr("notebook.jupyter.saved", stamp, cnnshVersion), id: 0)]
        for (n, cell) in ws.cells.enumerated() {
            if !cell.narration.isEmpty { cells.append(Cell(markdown: cell.narration.joined(separator: "\n"), id: cells.count)) }
            var outputs = cell.output.isEmpty ? [] : [CellOutput(stream: cell.output)]
            outputs += cell.pictures.compactMap { picture in picture.png().map { CellOutput(png: $0, text: picture.description) } }
            cells.append(Cell(code: cell.command, count: n + 1, outputs: outputs, id: cells.count))
        }
        // Comments after the last command (a script's closing remarks) close the notebook.
        let closing = ws.narration.joined(separator: "\n").trimmingCharacters(in: .newlines)
        if !closing.isEmpty { cells.append(Cell(markdown: closing, id: cells.count)) }
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]  // the same session, the same bytes
        do { return try encoder.encode(File(cells: cells)) } catch {
            throw ShellError(tr("notebook.json.failed", error))
        }
    }

    struct File: Encodable {
        var cells: [Cell]
        var metadata = Metadata()
        var nbformat = 4
        var nbformatMinor = 5
    }

    /// There is no cnnsh kernel: these name the language for viewers and highlighters.
    struct Metadata: Encodable {
        var kernelspec = ["display_name": "cnnsh", "language": "cnnsh", "name": "cnnsh"]
        var languageInfo = ["name": "cnnsh", "version": cnnshVersion, "file_extension": ".cnn"]
    }

    /// A markdown cell has no outputs and no execution count; a code cell has both.
    struct Cell: Encodable {
        var cellType: String
        var id: String
        var metadata: [String: String] = [:]
        var source: [String]
        var executionCount: Int?
        var outputs: [CellOutput]?

        init(markdown: String, id: Int) {
            (cellType, self.id, source) = ("markdown", "cell-\(id)", lines(markdown))
        }

        init(code: String, count: Int, outputs: [CellOutput], id: Int) {
            (cellType, self.id, source, executionCount, self.outputs) = ("code", "cell-\(id)", lines(code), count, outputs)
        }
    }

    /// A stream (name and text) or display data (data and metadata), never a mix: nbformat's
    /// schema allows no other keys.
    struct CellOutput: Encodable {
        var outputType: String
        var name: String?
        var text: [String]?
        var data: [String: String]?
        var metadata: [String: String]?

        init(stream: String) { (outputType, name, text) = ("stream", "stdout", lines(stream)) }

        init(png: [UInt8], text: String) {
            (outputType, data, metadata) = ("display_data", ["image/png": Data(png).base64EncodedString(), "text/plain": text], [:])
        }
    }

    /// Text as Jupyter stores it, a list of lines each ending in a newline but the last.
    static func lines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) + "\n" }
        if let last = lines.popLast(), last != "\n" { lines.append(String(last.dropLast())) }
        return lines
    }
}
