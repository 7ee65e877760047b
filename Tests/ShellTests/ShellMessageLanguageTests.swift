import Foundation
import Shell
import XCTest

/// The shell's own messages and the first commands' in Japanese, with the English as it was: the
/// usage errors every command shares, a file that cannot be read, outsize's arithmetic, add's
/// refusal; and every session script runs the same in both languages.
final class ShellMessageLanguageTests: XCTestCase {
    /// What `line` prints in `language` after `setup`, or `error: ` and its error.
    func result(_ line: String, in language: Language, after setup: String = "") -> String {
        var shell = Shell(language: language)
        var text = ""
        let output = Output { text += $0 }
        do {
            if !setup.isEmpty { try shell.run(setup, output: output) }
            text = ""
            try shell.run(line, output: output)
        } catch {
            text += "error: \(error)"
        }
        return text
    }

    /// `line`'s error in English and in Japanese, exactly.
    func check(_ line: String, after setup: String = "", english: String, japanese: String, file: StaticString = #filePath, line number: UInt = #line) {
        XCTAssertEqual(result(line, in: .english, after: setup), "error: " + english, file: file, line: number)
        XCTAssertEqual(result(line, in: .japanese, after: setup), "error: " + japanese, file: file, line: number)
    }

    func testUsageErrorsFromTheCommandTable() {
        check("shapes foo=1",
              english: "shapes: unknown option 'foo=1'; expected no options (hint: usage: shapes)",
              japanese: "shapes: 'foo=1' というオプションはありません（期待される形: オプションなし）（ヒント: 使い方: shapes）")
        check("outsize 28 5 strid=2",
              english: "outsize: unknown option 'strid=2'; expected stride=, pad=, filters= (hint: did you mean 'stride='?)",
              japanese: "outsize: 'strid=2' というオプションはありません（期待される形: stride=, pad=, filters=）（ヒント: 'stride=' のことですか？）")
        check("outsize 28",
              english: "outsize: missing KERNEL, like 5 or 3x3x6 (hint: usage: outsize INPUT KERNEL [stride=S] [pad=P|same] [filters=M])",
              japanese: "outsize: KERNEL（5 や 3x3x6 など） が指定されていません（ヒント: 使い方: outsize INPUT KERNEL [stride=S] [pad=P|same] [filters=M]）")
        check("outsize 28 5 stride=0",
              english: "outsize: stride=0 is out of range; expected a whole number in 1...1000000",
              japanese: "outsize: stride=0 は範囲外です（期待される形: 1...1000000 の整数）")
        check("outsize 28 5 5",
              english: "outsize: unexpected argument '5' (hint: usage: outsize INPUT KERNEL [stride=S] [pad=P|same] [filters=M])",
              japanese: "outsize: 余分な引数 '5' があります（ヒント: 使い方: outsize INPUT KERNEL [stride=S] [pad=P|same] [filters=M]）")
        check("seed x",
              english: "seed: 'x' is not a seed; expected a whole number from 0 to 18446744073709551615",
              japanese: "seed: 'x' はシードではありません（期待される形: 0 から 18446744073709551615 までの整数）")
        check("load bogus",
              english: "load: unknown image set 'bogus'; expected mnist, fashion-mnist, npz, csv, npy, weights or workspace (hint: your own files: load npz FILE or load csv FILE)",
              japanese: "load: 'bogus' という画像セットはありません（期待される形: mnist、fashion-mnist、npz、csv、npy、weights または workspace）（ヒント: 自分のファイルなら load npz FILE または load csv FILE）")
        check("load 'it", english: "unclosed single quote (hint: close it with another ' (a ' quotes everything up to the next one); for a quote inside a name, write \\' or put the word in double quotes: it\\'s.npy or \"it's.npy\")",
              japanese: "一重引用符 ' が閉じていません（ヒント: もう一つの ' で閉じてください（' は次の ' までのすべてをそのまま読みます）。名前の中の引用符は \\' と書くか、語を二重引用符で囲みます: it\\'s.npy または \"it's.npy\"）")
    }

    func testWorkspaceAndFileErrors() {
        check("replay /no/such/file.cnn",
              english: "replay: cannot read /no/such/file.cnn: no such file",
              japanese: "replay: /no/such/file.cnn を読めません: そのようなファイルはありません")
        check("show x_trian", after: "tensor x_train 2x3",
              english: "show: no tensor named 'x_trian' (hint: did you mean 'x_train'?)",
              japanese: "show: 'x_trian' というテンソルはありません（ヒント: 'x_train' のことですか？）")
        check("show x_train[5]", after: "tensor x_train 2x3",
              english: "show: index 5 is out of range for x_train, which has 2 rows; expected an index in 0..<2 (or -2..<0 from the end)",
              japanese: "show: 添字 5 は x_train の範囲外です（x_train は 2 行）（期待される形: 0..<2 の添字（末尾からなら -2..<0））")
        check("shapes",
              english: "shapes: there is no network yet (hint: start one with 'net new' or 'net lenet')",
              japanese: "shapes: ネットワークがまだありません（ヒント: 'net new' か 'net lenet' で作ってください）")
    }

    func testOutsizeArithmetic() {
        XCTAssertEqual(result("outsize 28 5x5x6", in: .japanese), """
            高さ: (28 + 2·0 − 5)/1 + 1 = 24
            幅:   (28 + 2·0 − 5)/1 + 1 = 24
            出力サイズ: 24×24×6 = 3,456 個の値
            パラメータ数: (5·5·1 + 1)·6 = 156（重み 150 + バイアス 6）、入力チャンネルは 1（増やすには INPUT を HxWxC で指定）
            受容野: 5×5、間隔 1（r = 1 + (5 − 1)·1 = 5, j = 1·1 = 1）

            """)
        XCTAssertEqual(result("outsize 28 5x5x6", in: .english), """
            height: (28 + 2·0 − 5)/1 + 1 = 24
            width:  (28 + 2·0 − 5)/1 + 1 = 24
            output: 24×24×6 = 3,456 values
            parameters: (5·5·1 + 1)·6 = 156 (150 weights + 6 biases), taking 1 input channel (give INPUT as HxWxC for more)
            receptive field: 5×5, jump 1 (r = 1 + (5 − 1)·1 = 5, j = 1·1 = 1)

            """)
        // The warning is wrapped to the window; compared without the breaks.
        let warning = result("outsize 7 2 stride=2", in: .japanese).filter { !$0.isWhitespace }
        XCTAssertTrue(warning.contains("警告:ストライド2では7+2·0−2=5が割り切れません。フレームワークは切り捨てるので、入力の最後の1行と1列はどの窓にも覆われません"), warning)
        let padded = result("outsize 11 3 stride=4 pad=1", in: .japanese).filter { !$0.isWhitespace }
        XCTAssertTrue(padded.contains("入力の最後の1行と1列はどの窓にも覆われません。その後のパディング1行と1列も同じです"), padded)
        let uneven = result("outsize 12x11 3 stride=4 pad=1", in: .japanese).filter { !$0.isWhitespace }
        XCTAssertTrue(uneven.contains("12+2·1−3=11、11+2·1−3=10が割り切れません。フレームワークは切り捨てるので、入力の最後の2行と1列はどの窓にも覆われません"), uneven)
        XCTAssertTrue(result("outsize 12x11 3 stride=4 pad=1", in: .english).contains("""
            warning: stride 4 does not divide 12 + 2·1 − 3 = 11 nor 11 + 2·1 − 3 = 10;
              frameworks floor, so the last 2 rows and 1 column of the input are never
              covered, nor the 1 row and column of padding after them

            """))
    }

    func testAddThatDoesNotFit() {
        // The window's own reason for not fitting is Tensors' error, worded by the shell.
        check("add conv2d 2 9x9", after: "net new input=1x8x8",
              english: "add: conv1 (conv2d 2@9×9) cannot take input of shape 1×8×8: expected a window 9×9 that fits: kernel 9 is larger than the padded input 8: no window fits (hint: use a smaller kernel or more padding)",
              japanese: "add: conv1 (conv2d 2@9×9) は形 1×8×8 の入力を受け取れません（期待される形: 入力に収まる 9×9 の窓: カーネル 9 がパディング後の入力 8 より大きく、窓が 1 つも収まりません）（ヒント: カーネルを小さくするか、パディングを増やしてください）")
        check("add fc 10", after: "net new input=1x8x8; add conv2d 2 3x3",
              english: "add: fc1 (fc 72→10) cannot take input of shape 2×6×6: expected a vector of 72 values (hint: add flatten first)",
              japanese: "add: fc1 (fc 72→10) は形 2×6×6 の入力を受け取れません（期待される形: 72 個の値のベクトル）（ヒント: 先に flatten を置いてください）")
        check("add maxpool 2x2", after: "net new input=1x8x8; add flatten",
              english: "add: pool1 (maxpool 2×2) cannot take input of shape 64: expected an image C×H×W (hint: maxpool goes before flatten, not after)",
              japanese: "add: pool1 (maxpool 2×2) は形 64 の入力を受け取れません（期待される形: 画像 C×H×W）（ヒント: maxpool は flatten の後ではなく前に置きます）")
        check("add conv1d 2 3", after: "net new input=1x8x8",
              english: "add: conv1 (conv1d 2@3) cannot take input of shape 1×8×8: expected a sequence C×L (hint: conv1d slides along one axis; for images C×H×W use conv2d, maxpool or avgpool)",
              japanese: "add: conv1 (conv1d 2@3) は形 1×8×8 の入力を受け取れません（期待される形: 系列 C×L）（ヒント: conv1d は 1 つの軸に沿って動きます。画像 C×H×W には conv2d、maxpool または avgpool を使います）")
        check("add softmax", after: "net new input=1x8x8",
              english: "add: softmax1 (softmax) cannot take input of shape 1×8×8: expected a vector of class scores (hint: add flatten and fc first)",
              japanese: "add: softmax1 (softmax) は形 1×8×8 の入力を受け取れません（期待される形: クラスごとのスコアのベクトル）（ヒント: 先に flatten と fc を置いてください）")
        XCTAssertEqual(result("add conv2d 2 3x3", in: .japanese, after: "net new input=1x4x4"), "conv1: conv2d 2@3×3 → 2×2×2、パラメータ数 20\n")
        XCTAssertEqual(result("add conv2d 2 3x3", in: .english, after: "net new input=1x4x4"), "conv1: conv2d 2@3×3 → 2×2×2, 20 parameters\n")
    }

    /// Every session script, line by line, in both languages: the same lines fail (none should), and
    /// the workspaces they leave are the same, so a script means the same in either language.
    func testEverySessionRunsTheSameInJapanese() throws {
        let scripts = try FileManager.default.contentsOfDirectory(atPath: TranscriptTests.sessions.path).filter { $0.hasSuffix(".cnn") }.sorted()
        XCTAssertGreaterThanOrEqual(scripts.count, 10)
        for script in scripts {
            let text = try String(contentsOf: TranscriptTests.sessions.appendingPathComponent(script), encoding: .utf8)
            func run(_ language: Language) -> (failed: [String], fingerprint: String) {
                var shell = Shell(language: language)
                var failed: [String] = []
                _ = shell.runScript(text, source: script, echo: false, keepGoing: true, output: Output { _ in }) { message in
                    failed.append(String(message.prefix { $0 != " " }))  // `script:LINE:`, the same in both
                }
                return (failed, shell.workspace.fingerprint)
            }
            let (english, japanese) = (run(.english), run(.japanese))
            XCTAssertEqual(japanese.failed, english.failed, "\(script): lines that fail")
            XCTAssertEqual(english.failed, [], "\(script) replays without error")
            XCTAssertEqual(japanese.fingerprint, english.fingerprint, "\(script): the workspaces differ")
        }
    }
}
