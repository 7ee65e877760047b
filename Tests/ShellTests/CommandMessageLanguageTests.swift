import Foundation
import Shell
import XCTest

/// The messages of the commands that inspect, run, train, evaluate, save and load come in the
/// shell's language: Japanese in a Japanese shell, English as it always was in an English one.
final class CommandMessageLanguageTests: ScratchDirectoryTestCase {
    /// A harness in `language`, with the lines of `setup` run.
    func harness(_ language: Language, _ setup: String = "") -> Harness {
        var h = Harness(shell: Shell(language: language))
        if !setup.isEmpty { h.run(setup) }
        return h
    }

    /// Failing lines after `tensor a 2x3; net new`, with their whole message in Japanese and in English.
    static let errors: [(line: String, japanese: String, english: String)] = [
        ("undo 3", "undo: 3 ステップは取り消せません。残っているのは 2 ステップです（期待される形: N ≤ 2 の undo N）",
         "undo: cannot undo 3 steps: 2 are kept; expected undo N with N ≤ 2"),
        ("del b", "del: 'b' というテンソルはありません（ヒント: 'a' のことですか？）", "del: no tensor named 'b' (hint: did you mean 'a'?)"),
        ("show a as=movie", "show: as=movie という表示方法はありません（期待される形: as=picture、as=values または as=stats）",
         "show: as=movie is not a way to show; expected as=picture, as=values or as=stats"),
        ("tensor a 2x2 fill=ones values=1,2,3,4", "tensor: fill= と values= は同時に指定できません。どちらか一方にしてください",
         "tensor: give fill= or values=, not both"),
        ("tensor b 2x2 values=1,2,3", "tensor: values= の数は 3 個ですが、2×2 には 4 個の値が入ります", "tensor: values= has 3 numbers but 2×2 holds 4"),
        ("add conv3d 4 3x3",
         "add: 'conv3d' という層はありません（期待される形: conv2d, maxpool, avgpool, conv1d, maxpool1d, flatten, fc, relu, tanh, sigmoid, softmax, dropout, batchnorm, leakyrelu）（ヒント: 'conv2d' のことですか？）",
         "add: unknown layer 'conv3d'; expected conv2d, maxpool, avgpool, conv1d, maxpool1d, flatten, fc, relu, tanh, sigmoid, softmax, dropout, batchnorm, leakyrelu (hint: did you mean 'conv2d'?)"),
        ("optimizer adamw", "optimizer: 'adamw' という最適化手法はありません（期待される形: sgd, momentum, adagrad, rmsprop, adam）（ヒント: 'adam' のことですか？）",
         "optimizer: unknown optimizer 'adamw'; expected sgd, momentum, adagrad, rmsprop, adam (hint: did you mean 'adam'?)"),
        ("plot loss", "plot: まだ描くものがありません（ヒント: 先に学習してください。例: 'train epochs=3'）",
         "plot: nothing to plot yet (hint: train first, e.g. 'train epochs=3')"),
        ("step", "step: 更新に使う勾配がありません（ヒント: 先に 'forward X' と 'backward Y' を実行してください）",
         "step: there are no gradients to step with (hint: run 'forward X' and 'backward Y' first)"),
    ]

    func testErrorsOfLookingAndMaking() {
        var ja = harness(.japanese, "tensor a 2x3; net new"), en = harness(.english, "tensor a 2x3; net new")
        for error in Self.errors {
            XCTAssertEqual(ja.fails(error.line), error.japanese)
            XCTAssertEqual(en.fails(error.line), error.english)
        }
        XCTAssertTrue(ja.fails("show").contains("NAME（名前は 'vars' で確認できます）"))
        XCTAssertTrue(en.fails("show").contains("NAME (try 'vars' for the names)"))
    }

    func testUndoAndVars() {
        var ja = harness(.japanese)
        XCTAssertTrue(ja.fails("undo").hasPrefix("undo: 取り消せる操作はありません（ヒント: undo で戻せるのは、ワークスペースを変えた直近 "))
        XCTAssertEqual(ja.run("vars"), "ワークスペースは空です（'load mnist' か 'net lenet' を試してください）\n")
        ja.run("tensor a 2x3")
        ja.run("show a")
        let vars = ja.run("vars").split(separator: "\n")
        XCTAssertEqual(vars.last, "1 個の名前、24 B（ビューは元のテンソルとメモリを共有します）")
        XCTAssertTrue(vars.contains { $0.hasPrefix("a ") && $0.contains("2×3") }, "\(vars)")
        XCTAssertEqual(ja.run("undo"), "'tensor a 2x3' と、その後の見るだけのコマンド 2 個 を取り消しました（残り 0 ステップ）\n")
        ja.run("tensor b 4")
        ja.run("tensor c 4")
        XCTAssertEqual(ja.run("undo 2"), "'tensor b 4', 'tensor c 4' を取り消しました（残り 0 ステップ）\n")
        XCTAssertTrue(ja.run("limit").hasPrefix("メモリ上限: 1 コマンドあたり "))

        var en = harness(.english)
        XCTAssertTrue(en.fails("undo").hasPrefix("undo: nothing to undo (hint: undo keeps the last "))
        XCTAssertEqual(en.run("vars"), "the workspace is empty (try 'load mnist' or 'net lenet')\n")
        en.run("tensor a 2x3")
        XCTAssertEqual(en.run("vars").split(separator: "\n").last, "1 names, 24 B (views share memory with what they view)")
        XCTAssertEqual(en.run("undo"), "undid 'tensor a 2x3', with 1 command that only looked (0 steps kept)\n")
        XCTAssertTrue(en.run("limit").hasPrefix("memory limit "))
    }

    /// `train`'s epoch lines in Japanese carry the same numbers, formatted the same, as in English.
    func testEpochLinesReadInJapaneseWithTheSameNumbers() {
        let setup = "seed 1; load mnist train=200 test=100; net lenet"
        var ja = harness(.japanese, setup), en = harness(.english, setup)
        let jaLines = ja.run("train epochs=2 val=x_test").split(separator: "\n").map(String.init)
        let enLines = en.run("train epochs=2 val=x_test").split(separator: "\n").map(String.init)
        let jaEpochs = jaLines.filter { $0.hasPrefix("エポック") }, enEpochs = enLines.filter { $0.hasPrefix("epoch ") }
        XCTAssertEqual(jaEpochs.count, 2, "\(jaLines)")
        XCTAssertEqual(enEpochs.count, 2, "\(enLines)")
        for (j, e) in zip(jaEpochs, enEpochs) {
            XCTAssertNotNil(j.wholeMatch(of: /エポック [12]  損失 \d+\.\d{4}（検証 \d+\.\d{4}）  正解率 訓練 \d+\.\d\d%  検証 \d+\.\d\d%/), j)
            XCTAssertNotNil(e.wholeMatch(of: /epoch [12]  loss \d+\.\d{4} \(val \d+\.\d{4}\)  train \d+\.\d\d%  val \d+\.\d\d%/), e)
            XCTAssertEqual(numbers(j), numbers(e), "\(j) | \(e)")
        }
        XCTAssertTrue(jaLines[0].hasPrefix("実行 1: "), jaLines[0])
        XCTAssertTrue(jaLines[0].contains("、訓練データ x_train（サンプル 200 個）、バッチサイズ 64、"), jaLines[0])
        XCTAssertTrue(jaLines[0].hasSuffix("、検証データ x_test"), jaLines[0])
        XCTAssertTrue(enLines[0].hasPrefix("run 1: epochs 1–2, training on x_train (200 samples), batch 64, "), enLines[0])
        XCTAssertTrue(ja.run("accuracy").hasPrefix("x_test での正解率: "))
        XCTAssertTrue(en.run("accuracy").hasPrefix("accuracy on x_test: "))
        let confusion = ja.run("confusion").split(separator: "\n")
        XCTAssertEqual(confusion.first, "x_test の混同行列: 行が正解ラベル、列が予測")
        XCTAssertTrue(confusion.last?.hasPrefix("正解率 ") == true, "\(confusion)")
    }

    func testSavingAndLoadingFiles() throws {
        let file = { (name: String) in self.directory.appendingPathComponent(name).path }
        var ja = harness(.japanese, "tensor a 2x3")
        XCTAssertEqual(ja.fails("save a \(file("mine.cnn"))"),
                       "save: \(file("mine.cnn")) は .npy の名前ではありません。save NAME FILE はテンソルを NumPy の .npy 形式で書き出します（ヒント: その種類のファイルは save session \(file("mine.cnn")) で書き出します）")
        XCTAssertEqual(ja.fails("load npy \(file("a.npy"))"), "load npy: 'as NAME' がありません（ヒント: 使い方: load npy FILE as NAME）")
        XCTAssertEqual(ja.fails("save notebook \(file("notes.txt"))"),
                       "save notebook: \(file("notes.txt")) は Jupyter ノートブックでも Markdown でもありません（期待される形: FILE.ipynb または FILE.md）（ヒント: save notebook \(file("notes")).ipynb は Jupyter で、save notebook \(file("notes")).md はどの Git ホストでも開けます）")
        XCTAssertEqual(ja.run("save a \(file("a.npy"))"), "a（2×3、float32）を \(file("a.npy")) に保存しました\n")
        XCTAssertEqual(ja.run("load npy \(file("a.npy")) as b"), "b を読み込みました: 2×3（\(file("a.npy")) から）\n")
        XCTAssertEqual(ja.run("save workspace \(file("w.npz"))"),
                       "ワークスペースを \(file("w.npz")) に保存しました: テンソル 2 個、ログのコマンド 2 個。'load workspace \(file("w.npz"))' で再開できます\n")
        XCTAssertEqual(ja.run("load workspace \(file("w.npz"))"),
                       "ワークスペースを \(file("w.npz")) から読み込み、いまのものと置き換えました: テンソル 2 個、ログのコマンド 2 個\n")
        XCTAssertEqual(ja.run("save session \(file("s.cnn"))"), "2 個のコマンドを \(file("s.cnn")) に保存しました\n")

        var en = harness(.english, "tensor a 2x3")
        XCTAssertEqual(en.fails("load npy \(file("a.npy"))"), "load npy: missing 'as NAME' (hint: usage: load npy FILE as NAME)")
        XCTAssertEqual(en.run("save a \(file("a.npy"))"), "saved a (2×3, float32) to \(file("a.npy"))\n")
        XCTAssertEqual(en.run("save workspace \(file("w.npz"))"),
                       "saved the workspace to \(file("w.npz")): 1 tensor, 1 command in the log; 'load workspace \(file("w.npz"))' resumes it\n")
        XCTAssertEqual(en.run("save session \(file("s.cnn"))"), "saved 1 commands to \(file("s.cnn"))\n")
    }

    /// A notebook saved in Japanese says so in Japanese; its commands are code, as typed.
    func testNotebookHeaderFollowsTheLanguage() throws {
        let path = directory.appendingPathComponent("notes.md").path
        var ja = harness(.japanese, "tensor a 2x3")
        ja.run("save notebook \(path)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("# cnnsh のセッション\n\n"), text)
        XCTAssertTrue(text.contains("cnnsh> tensor a 2x3\n"), text)
    }

    /// The numbers of a line, in order: what stays the same in every language.
    func numbers(_ line: String) -> [String] {
        line.matches(of: /\d+(\.\d+)?%?/).map { String(line[$0.range]) }
    }
}
