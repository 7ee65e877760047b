import Foundation
import Shell
import XCTest

/// explain in Japanese: the same formulas, indices and numbers as in English, line for line, with
/// only the words around them Japanese.
final class ExplainLanguageTests: XCTestCase {
    /// What each line of `script` prints in `language`, one entry a line that is not a comment.
    static func outputs(of script: [String], in language: Language, file: StaticString = #filePath, line: UInt = #line) -> [(String, String)] {
        var shell = Shell(language: language)
        return script.map { command in
            var text = ""
            do { try shell.run(command, output: Output { text += $0 }) } catch {
                XCTFail("\(language) '\(command)' failed: \(error)", file: file, line: line)
            }
            return (command, text)
        }
    }

    /// English words of prose: two letters or more, not part of a name (`conv1.out`, `Σ_k`, `a[`,
    /// `max(`) and not a function of a formula.
    static func proseWords(_ line: String) -> [String] {
        let code: Set = ["max", "log", "pad", "softmax", "tanh", "col2im", "mode", "eval", "running_mean", "running_var", "loss", "backward", "dx", "dgamma", "dbeta"]
        let unquoted = line.replacing(/'[^']*'/, with: "")
        return unquoted.matches(of: /[A-Za-z0-9_.]+/).filter { match in
            let next = unquoted[match.range.upperBound...].first
            return next != "[" && next != "(" && match.output.allSatisfy { $0.isASCII && $0.isLowercase } && match.output.count >= 2
        }.map { String($0.output) }.filter { !code.contains($0) }
    }

    /// The code in a line, as multisets: numbers, indexed names (`x[0,1,10,13]`) and the formula's symbols.
    static func code(_ line: String) -> [[String]] {
        let numbers = line.matches(of: /-?[0-9]+(\.[0-9]+)?(e[-+][0-9]+)?/).map { String(line[$0.range]) }
        let names = line.matches(of: /[A-Za-z_][A-Za-z0-9_.]*(\[[^\]]*\])+/).map { String(line[$0.range]) }
        let symbols = line.filter { "=+−·Σ√<>←✓│×/^μσγβε".contains($0) }.map(String.init)
        return [numbers.sorted(), names.sorted(), symbols.sorted()]
    }

    static func hasJapanese(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x3040...0x30FF).contains($0.value) || (0x4E00...0x9FFF).contains($0.value) }
    }

    /// Runs `script` in both languages and checks every explain's output line by line: a line of
    /// formula and numbers alone is the same, a line with words has the same numbers, names and
    /// symbols and no English prose left (the layer's summary in the heading, `conv2d 6@5×5`, is
    /// the network's own description and not explain's).
    func assertSameCode(_ script: [String], file: StaticString = #filePath, line: UInt = #line) {
        let english = Self.outputs(of: script, in: .english), japanese = Self.outputs(of: script, in: .japanese)
        var worded = 0
        for ((command, en), (_, ja)) in zip(english, japanese) where command.hasPrefix("explain ") {
            let enLines = en.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let jaLines = ja.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard enLines.count == jaLines.count else {
                XCTFail("'\(command)': \(enLines.count) lines in English, \(jaLines.count) in Japanese:\n\(ja)", file: file, line: line)
                continue
            }
            XCTAssertTrue(Self.hasJapanese(ja), "'\(command)': no Japanese in\n\(ja)", file: file, line: line)
            for (i, (e, j)) in zip(enLines, jaLines).enumerated() {
                if Self.proseWords(e).isEmpty {
                    XCTAssertEqual(j, e, "'\(command)': a line of formula and numbers alone", file: file, line: line)
                    continue
                }
                worded += 1
                XCTAssertEqual(Self.code(j), Self.code(e), "'\(command)':\n\(e)\n\(j)", file: file, line: line)
                XCTAssertNotEqual(j, e, "'\(command)': the words are English", file: file, line: line)
                // one-hot is the course's word for t, in Japanese too.
                let words = (i == 0 ? j.replacing(/（[^（）]*）$/, with: "") : j).replacing("one-hot", with: "")
                XCTAssertEqual(Self.proseWords(words).filter { $0.count > 2 }, [], "'\(command)': English left in \(j)", file: file, line: line)
            }
        }
        XCTAssertGreaterThan(worded, 10, file: file, line: line)
    }

    /// sessions/12-explain.cnn, the walk from one convolution output to an input pixel's gradient.
    func testTheExplainSessionHasTheSameFormulasAndNumbersInJapanese() throws {
        let url = TranscriptTests.sessions.appendingPathComponent("12-explain.cnn")
        let script = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
            .filter { !$0.hasPrefix("#") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        XCTAssertGreaterThanOrEqual(script.filter { $0.hasPrefix("explain ") }.count, 10)
        assertSameCode(script)
    }

    /// The other layers' texts: padding, average pooling, batch normalisation, dropout, leaky
    /// ReLU, 1-D layers, a flatten of a sequence, a window nothing covers, and gradients from a seed.
    func testEveryKindHasTheSameFormulasAndNumbersInJapanese() {
        var script = ["seed 4", "net new input=1x6x6", "add conv2d 2 3x3 pad=1", "add batchnorm", "add leakyrelu", "add avgpool 2x2",
                      "add dropout 0.5", "add conv2d 2 2x2 stride=3", "add maxpool 1x1 stride=2", "add flatten", "add fc 3", "add sigmoid",
                      "tensor x 2x1x6x6 fill=randn", "tensor y 2 values=0,2", "forward x", "backward y"]
        for element in ["conv1.out[0][1][0][0]", "conv1.dW[1][0][0][0]", "conv1.db[0]", "conv1.dx[0][0][5][5]", "bn1.out[1][1][2][3]",
                        "bn1.dx[0][1][2][2]", "bn1.dgamma[1]", "bn1.dbeta[0]", "leakyrelu1.out[0][0][1][1]",
                        "leakyrelu1.dx[0][0][1][1]", "pool1.out[0][1][1][1]", "pool1.dx[0][1][2][3]", "dropout1.out[0][0][1][2]",
                        "dropout1.dx[0][0][1][2]", "conv2.dx[0][0][2][2]", "conv2.dx[0][0][0][0]", "pool2.dx[0][1][0][0]",
                        "flatten1.out[1][1]", "flatten1.dx[1][1][0][0]", "fc1.out[0][2]", "fc1.dx[1][0]", "fc1.dW[1][2]", "fc1.db[2]",
                        "sigmoid1.out[0][1]", "sigmoid1.dx[1][2]", "loss", "loss[1]"] {
            script.append("explain \(element)")
        }
        script += ["forward x mode=eval", "explain bn1.out[0][1][2][3]", "explain dropout1.out[0][0][1][2]",
                   "net new input=2x12", "add conv1d 3 3 pad=1", "add maxpool1d 2", "add flatten", "add fc 2", "add softmax",
                   "tensor s 2x2x12 fill=randn", "tensor g 2x2 fill=randn", "forward s", "backward dA=g",
                   "explain conv1.out[0][1][0]", "explain conv1.dW[1][0][2]", "explain conv1.dx[1][1][5]", "explain pool1.out[0][1][3]",
                   "explain pool1.dx[0][1][4]", "explain flatten1.out[0][7]", "explain softmax1.out[1][0]", "explain softmax1.dx[1][0]"]
        assertSameCode(script)
    }

    /// Errors and hints in Japanese, whole; the workspace unchanged.
    func testErrorsAreJapanese() {
        var h = Harness(shell: Shell(language: .japanese))
        h.run("tensor x 2x1x4x4 fill=randn; net new input=1x4x4; add conv2d 2 3x3; add flatten; add fc 2")
        XCTAssertEqual(h.fails("explain loss"), "explain: 損失はまだありません（ヒント: 'forward X' の後にラベル Y で 'backward Y' を実行してください。損失にはラベルが必要です）")
        h.run("forward x")
        XCTAssertEqual(h.fails("explain conv1.out[0][2][0][0]"),
                       "explain: インデックス 2 は conv1.out の軸 1（大きさ 2）の範囲外です（期待される形: 0..<2 のインデックス、または末尾から数えた -2..<0）")
        XCTAssertEqual(h.fails("explain conv1.out[0]"),
                       "explain: 要素一つを指定する必要がありますが、conv1.out は 2×2×2×2 で、インデックス 4 個のところ 1 個が指定されています（期待される形: conv1.out[0][0][0][0] のようなインデックス 4 個）")
        XCTAssertEqual(h.fails("explain conv1.dW[0][0][0][0]"),
                       "explain: conv1.dW にはまだ勾配がありません（ヒント: 'forward X' の後に 'backward Y' を実行してください。勾配は backward が計算します）")
        h.fails("explain conv1.W[0][0][0][0]", "conv1.W はパラメータで", "'explain conv1.dW'")
        h.fails("explain x[0][0][0][0]", "x はワークスペースのテンソルで", "LAYER.out、backward の後なら")
        h.fails("explain conv1.out[0][0][0:2][0]", "conv1.out の '0:2' は整数ではありません")
        h.fails("explain conv1.out[0", "'conv1.out[0' は要素ではありません")
    }

    /// The verdict and the heading, exactly, on a value that is known.
    func testTheVerdictAndHeadingInJapanese() {
        var h = Harness(shell: Shell(language: .japanese))
        h.run("tensor x 1x1x2x2 values=1,2,3,4; net new input=1x2x2; add maxpool 2x2; forward x")
        XCTAssertEqual(h.run("explain pool1.out[0][0][0][0]"), """
            pool1.out[0][0][0][0]: pool1 の出力（maxpool 2×2）
              x = ネットワークの入力 (1×1×2×2)
              y[n,c,i,j] = max_s,t x[n,c,i·S+s−P,j·S+t−P]
              y[0,0,0,0] = max_s,t x[0,0,s,t]
                (s < 2, t < 2; S = 2, P = 0)
                 1   2
                 3  [4]
              逆伝播では dA[0,0,0,0] を最大のセルに送り、残りの 3 個には 0 を送ります
              = 4 が最大値で、位置は x[0,0,1,1]（同点なら最初のもの）
              保存値 pool1.out[0][0][0][0] = 4、差 0: 一致 ✓

            """)
    }
}
