import Foundation
import Shell
import XCTest

/// `course`, the map from the course's problems to commands and session scripts: no problem
/// without a command that exists and a script that replays (TranscriptTests replays them all),
/// in English and in Japanese, and it only looks.
final class CourseTests: XCTestCase {
    /// The problems' ids as Tab offers them after `course`.
    func ids(_ h: Harness) -> [String] { h.shell.completions(before: "course ", word: "") }

    /// The words after `label` on the line of `text` that starts with it.
    func line(_ label: String, in text: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix(label) }.map { String($0.dropFirst(label.count)) }
    }

    func testEveryProblemHasCommandsThatExistAndAScript() throws {
        var h = Harness()
        let ids = ids(h)
        XCTAssertEqual(ids, (1...10).map(String.init) + ["im2col", "simpleconvnet"] + (1...9).map { "dnn\($0)" } + ["layers"])
        let listing = h.run("course")
        for id in ids {
            let text = h.run("course \(id)")
            XCTAssertTrue(text.hasPrefix("course \(id): "), text)
            let commands = try XCTUnwrap(line("commands: ", in: text), "course \(id) names no commands").components(separatedBy: ", ")
            XCTAssertFalse(commands.isEmpty)
            for command in commands {
                let name = String(command.split(separator: " ")[0])
                XCTAssertTrue(h.run("help \(name)").hasPrefix("usage: \(name)"), "course \(id): '\(command)' is no command")
            }
            let replay = try XCTUnwrap(line("step through its script: ", in: text), "course \(id) names no script")
            let path = replay.replacingOccurrences(of: "replay ", with: "").replacingOccurrences(of: " --step", with: "")
            XCTAssertEqual(replay, "replay \(path) --step")
            XCTAssertTrue(path.hasPrefix("sessions/") && path.hasSuffix(".cnn"), path)
            let script = TranscriptTests.sessions.appendingPathComponent(String(path.dropFirst("sessions/".count)))
            XCTAssertTrue(FileManager.default.fileExists(atPath: script.path), "course \(id): no \(path)")
            // The listing has the problem's line, with its commands and script.
            let row = try XCTUnwrap(listing.split(separator: "\n").first { $0.hasPrefix(id + " ") }, "no line for \(id) in the listing")
            XCTAssertTrue(row.contains(commands.joined(separator: ", ")) && row.hasSuffix(script.deletingPathExtension().lastPathComponent), String(row))
        }
    }

    func testTheListingInEnglish() {
        var h = Harness()
        let text = h.run("course")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.first, "The course's problems, each with the commands that do it and its script,")
        for heading in ["CNN from scratch 2 (2-D convolution)", "Exercise 2-4, CNN concepts (im2col and SimpleConvNet)",
                        "DNN from scratch (fully connected layers)", "Layer classes notebook"] {
            XCTAssertTrue(lines.contains(Substring(heading)), "no heading '\(heading)' in\n\(text)")
        }
        XCTAssertTrue(text.contains("\n3              max pooling layer   add maxpool, backward     03-maxpool\n"), text)
        XCTAssertTrue(text.contains("\ndnn7           AdaGrad             optimizer adagrad, train  17-optimizers\n"), text)
        XCTAssertTrue(lines.allSatisfy { $0.count <= 80 }, "wider than the window:\n\(text)")
    }

    func testOneProblemInEnglish() {
        var h = Harness()
        XCTAssertEqual(h.run("course 3"), """
            course 3: max pooling layer
            CNN from scratch 2 (2-D convolution)

            Build a max pooling layer (MaxPool2D): each output is the largest value of its
            window. Keep where the maximum was, so that backward sends the gradient to that
            cell and zero to the others.

            formulas:
                a[i,j,k] = max_{(p,q) ∈ P_i,j} x[p,q,k]
                ∂L/∂x[p,q,k] = ∂L/∂a[i,j,k]·[(p,q) = argmax_{P_i,j} x[·,·,k]]
            commands: add maxpool, backward
            step through its script: replay sessions/03-maxpool.cnn --step

            """)
        XCTAssertEqual(h.run("course DNN4"), h.run("course dnn4"), "ids are read in any case")
    }

    func testJapanese() throws {
        var shell = Shell(language: .japanese)
        var text = ""
        // Japanese titles take two columns a character: the listing with its sprint names needs
        // about 110; in 80 it falls back to bands, which must fit and still name every problem.
        let narrow = Output(columns: 80) { text += $0 }
        try shell.run("course", output: narrow)
        XCTAssertEqual(text.split(separator: "\n").filter { $0.displayWidth > 80 }, [], text)
        for id in shell.completions(before: "course ", word: "") { XCTAssertTrue(text.contains("\n\(id) "), "\(id) in: " + text) }
        text = ""
        let output = Output(columns: 120) { text += $0 }
        try shell.run("course", output: output)
        XCTAssertTrue(text.contains("CNN スクラッチ 2（2次元の畳み込み）\n"), text)
        XCTAssertTrue(text.contains("【問題1】2次元畳み込み層の作成"), text)
        XCTAssertTrue(text.contains("【問題6】重みの初期値"), text)
        XCTAssertTrue(text.contains("add conv2d、backward"), text)
        text = ""
        try shell.run("course 3", output: output)
        XCTAssertTrue(text.hasPrefix("course 3: 【問題3】最大プーリング層の作成\nCNN スクラッチ 2（2次元の畳み込み）\n\n最大プーリング層（MaxPool2D）を作ります。"), text)
        XCTAssertTrue(text.hasSuffix("""
            式:
                a[i,j,k] = max_{(p,q) ∈ P_i,j} x[p,q,k]
                ∂L/∂x[p,q,k] = ∂L/∂a[i,j,k]·[(p,q) = argmax_{P_i,j} x[·,·,k]]
            コマンド: add maxpool、backward
            スクリプトを1ステップずつ実行: replay sessions/03-maxpool.cnn --step

            """), text)
        XCTAssertThrowsError(try shell.run("course 11", output: output)) {
            XCTAssertEqual("\($0)", "course: '11' という問題はコースにありません（期待される形: 1〜10、im2col、simpleconvnet、dnn1〜dnn9、layers のいずれか）（ヒント: 'course' で一覧が出ます）")
        }
    }

    /// Every problem's text in both languages comes from the catalogue: no key printed as itself.
    func testEveryProblemIsInBothCatalogues() throws {
        for language in Language.allCases {
            var shell = Shell(language: language)
            var text = ""
            let output = Output { text += $0 }
            try shell.run("course", output: output)
            for id in shell.completions(before: "course ", word: "") { try shell.run("course \(id)", output: output) }
            XCTAssertNil(text.firstMatch(of: /course\.[a-z0-9]/), "\(language): a message missing from the catalogue")
        }
    }

    func testUnknownProblemsFailAndCourseOnlyLooks() {
        var h = Harness()
        h.run("seed 3")
        h.fails("course 11", "course: no problem '11' in the course; expected 1 to 10, im2col, simpleconvnet, dnn1 to dnn9 or layers (hint: 'course' lists them)")
        h.fails("course dnn10", "(hint: did you mean 'course dnn1'?)")
        h.fails("course 1 2", "course")
        let before = h.shell.workspace.fingerprint
        h.run("course")
        h.run("course 1")
        XCTAssertEqual(h.shell.workspace.fingerprint, before)
        XCTAssertEqual(h.run("history"), "1  seed 3\n", "course is not recorded")
        XCTAssertTrue(h.run("undo").contains("'seed 3'"), "course is no step to undo")
    }
}
