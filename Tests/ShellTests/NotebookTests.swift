import Foundation
import Shell
import XCTest

/// `save notebook FILE.ipynb`: a Jupyter notebook that parses and validates, with a replayed
/// script's comments as text cells, each command's output, and its pictures and charts as PNGs.
final class NotebookTests: ScratchDirectoryTestCase {
    static let picturesScript = TranscriptTests.sessions.appendingPathComponent("11-pictures.cnn").path

    /// Replays `script` and saves its notebook; returns the file's path and its parsed JSON.
    func notebook(replaying script: String, as name: String = "nb.ipynb") throws -> (path: String, json: [String: Any]) {
        var h = Harness()
        h.run("replay \(script)")
        let path = directory.appendingPathComponent(name).path
        XCTAssertTrue(h.run("save notebook \(path)").hasPrefix("saved "))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        return (path, try XCTUnwrap(json as? [String: Any]))
    }

    /// A source or text field: a string or a list of lines.
    func text(_ field: Any?) -> String { (field as? String) ?? (field as? [String])?.joined() ?? "" }

    func testThePicturesSessionAsAJupyterNotebook() throws {
        let (_, json) = try notebook(replaying: Self.picturesScript)
        XCTAssertEqual(json["nbformat"] as? Int, 4)
        XCTAssertEqual(json["nbformat_minor"] as? Int, 5)
        let metadata = try XCTUnwrap(json["metadata"] as? [String: Any])
        XCTAssertEqual((metadata["language_info"] as? [String: Any])?["name"] as? String, "cnnsh")
        XCTAssertEqual((metadata["kernelspec"] as? [String: Any])?["name"] as? String, "cnnsh")
        let cells = try XCTUnwrap(json["cells"] as? [[String: Any]])
        XCTAssertEqual(Set(cells.compactMap { $0["id"] as? String }).count, cells.count, "every cell has its own id")
        XCTAssertEqual(cells.first?["cell_type"] as? String, "markdown")
        XCTAssertTrue(text(cells.first?["source"]).contains("cnnsh \(cnnshVersion)"), text(cells.first?["source"]))

        // The script, line by line: each command a code cell in order, its comments the markdown cell just before.
        let script = try String(contentsOfFile: Self.picturesScript, encoding: .utf8).split(separator: "\n").map(String.init)
        var expected: [(comments: [String], command: String)] = [], comments: [String] = []
        for line in script {
            if line.hasPrefix("# ") { comments.append(String(line.dropFirst(2))) } else { expected.append((comments, line)); comments = [] }
        }
        let body = cells.dropFirst()
        let code = body.filter { $0["cell_type"] as? String == "code" }
        XCTAssertEqual(code.map { text($0["source"]) }, expected.map(\.command))
        XCTAssertEqual(code.map { $0["execution_count"] as? Int }, Array(1...expected.count))
        XCTAssertEqual(body.filter { $0["cell_type"] as? String == "markdown" }.count, expected.filter { !$0.comments.isEmpty }.count)
        var i = body.startIndex
        for (comments, command) in expected {
            guard i + (comments.isEmpty ? 0 : 1) < body.endIndex else { return XCTFail("no cell for \(command)") }
            if !comments.isEmpty {
                XCTAssertEqual(body[i]["cell_type"] as? String, "markdown", "the comments before \(command)")
                XCTAssertEqual(text(body[i]["source"]), comments.joined(separator: "\n"))
                i += 1
            }
            XCTAssertEqual(text(body[i]["source"]), command)
            i += 1
        }

        // Text as a stdout stream; pictures and charts as PNG images with a text alternative.
        var drawn: [String] = []
        for cell in code {
            let outputs = try XCTUnwrap(cell["outputs"] as? [[String: Any]])
            for output in outputs where output["output_type"] as? String == "stream" {
                XCTAssertEqual(output["name"] as? String, "stdout")
                XCTAssertFalse(text(output["text"]).isEmpty)
            }
            for output in outputs where output["output_type"] as? String == "display_data" {
                drawn.append(text(cell["source"]))
                let data = try XCTUnwrap(output["data"] as? [String: Any])
                XCTAssertTrue(text(data["text/plain"]).hasPrefix("["), text(data["text/plain"]))
                let png = try XCTUnwrap(Data(base64Encoded: text(data["image/png"])), "image/png is base64")
                XCTAssertEqual(Array(png.prefix(16)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8))
            }
        }
        XCTAssertEqual(drawn, ["show x_train[0]", "show x_train[0:6]", "show conv1.W", "show conv1.W", "show conv1.out[0]",
                               "plot loss", "plot accuracy", "mistakes 4"])
        XCTAssertTrue(text(code.first { text($0["source"]) == "plot loss" }?["outputs"].flatMap { ($0 as? [[String: Any]])?.first?["text"] })
            .contains("batch loss"), "a chart's ASCII form stays in its text")
    }

    /// A command's pictures keep at most 4,000,000 values for the notebook; a larger one stays ASCII there.
    func testAPictureTooLargeToKeepIsLeftToItsASCIIForm() throws {
        let script = directory.appendingPathComponent("large.cnn")
        try "tensor big 1x1x2048x2048 fill=rand\nshow big as=picture\ntensor small 1x64x2048 fill=rand\nshow small as=picture\n".write(to: script, atomically: true, encoding: .utf8)
        let (_, json) = try notebook(replaying: script.path)
        let code = (json["cells"] as? [[String: Any]] ?? []).filter { $0["cell_type"] as? String == "code" }
        let images = code.map { (($0["outputs"] as? [[String: Any]]) ?? []).filter { $0["output_type"] as? String == "display_data" }.count }
        XCTAssertEqual(code.map { text($0["source"]) }, ["tensor big 1x1x2048x2048 fill=rand", "show big as=picture", "tensor small 1x64x2048 fill=rand", "show small as=picture"])
        XCTAssertEqual(images, [0, 0, 0, 1], "4,194,304 values are more than a command's pictures keep; 131,072 are not")
    }

    /// Jupyter's own validator, when python3 has the nbformat module (CNNSH_PYTHON names another python).
    func testTheNotebookValidatesWithNbformat() throws {
        guard try python("import nbformat").status == 0 else { throw XCTSkip("python3 has no nbformat module") }
        let script = directory.appendingPathComponent("small.cnn")
        try "# A tiny network trained on noise.\nseed 1\ntensor x 64x1x6x6 fill=rand\ntensor y 64 fill=zeros\n\n# Its curve and its inputs.\nnet new input=1x6x6; add flatten; add fc 2\ntrain epochs=2 batch=32 x=x y=y val=none\nplot loss\nshow x[0:4]\n# The end.\n"
            .write(to: script, atomically: true, encoding: .utf8)
        let (path, json) = try notebook(replaying: script.path)
        let sources = (json["cells"] as? [[String: Any]] ?? []).map { text($0["source"]) }
        XCTAssertEqual(sources.last, "The end.", "comments after the last command close the notebook")
        let run = try python("import nbformat, sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4)); print('valid')", path)
        XCTAssertEqual(run.status, 0, run.errors)
        XCTAssertEqual(run.output, "valid\n")
    }

    func testOtherExtensionsAreRefusedAndCommentsStayOutOfTheLog() throws {
        let script = directory.appendingPathComponent("c.cnn")
        try "# Narration, not a command.\nseed 3\n# More.\ntensor a 2\n".write(to: script, atomically: true, encoding: .utf8)
        var h = Harness()
        h.run("replay \(script.path)")
        XCTAssertEqual(h.run("history"), "1  seed 3\n2  tensor a 2\n", "comments are not commands")
        let session = directory.appendingPathComponent("s.cnn").path
        h.run("save session \(session)")
        XCTAssertFalse(try String(contentsOfFile: session, encoding: .utf8).contains("Narration"))
        let file = directory.appendingPathComponent("x.txt").path
        h.fails("save notebook \(file)", "save notebook: \(file) is neither a Jupyter notebook nor Markdown", "expected FILE.ipynb or FILE.md",
                "save notebook \(directory.path)/x.ipynb")
        h.fails("save notebook \(directory.path)/notes", "expected FILE.ipynb or FILE.md")
        XCTAssertFalse(FileManager.default.fileExists(atPath: file))
        let markdown = directory.appendingPathComponent("n.MD").path
        h.run("save notebook \(markdown)")
        XCTAssertFalse(try String(contentsOfFile: markdown, encoding: .utf8).contains("Narration"), "the Markdown form is as it was")
    }

    /// Runs python (CNNSH_PYTHON, else python3 on the PATH) with `code`; skips when there is none.
    func python(_ code: String, _ arguments: String...) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        if let python = ProcessInfo.processInfo.environment["CNNSH_PYTHON"], !python.isEmpty {
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = ["-c", code] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", code] + arguments
        }
        let (output, errors) = (Pipe(), Pipe())
        (process.standardOutput, process.standardError) = (output, errors)
        do { try process.run() } catch { throw XCTSkip("no python3") }
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let complaints = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, printed, complaints)
    }
}
