import Foundation
import Shell
import Tensors
import XCTest

/// `explain`: the value it recomputes and prints, read back from its output, equals the element
/// the workspace stores, for every kind of layer, output and gradient, on random data; small
/// cases computed by hand; and bad requests fail cleanly.
final class ExplainTests: XCTestCase {
    /// The recomputed value explain prints: after the last `= ` of the line before `stored`.
    static func printed(_ output: String, file: StaticString = #filePath, line: UInt = #line) -> Double {
        let lines = output.split(separator: "\n").map(String.init)
        guard let stored = lines.lastIndex(where: { $0.hasPrefix("  stored ") }), stored > 0,
              let eq = lines[stored - 1].range(of: "= ", options: .backwards) else {
            XCTFail("no result in:\n\(output)", file: file, line: line)
            return .nan
        }
        let number = lines[stored - 1][eq.upperBound...].prefix { "0123456789.-+e".contains($0) }
        guard let value = Double(number) else { XCTFail("'\(number)' is not a number in:\n\(output)", file: file, line: line); return .nan }
        return value
    }

    static func stored(_ h: Harness, _ element: String) -> Double {
        Double((try? h.shell.workspace.value(of: element))?.scalars.first ?? .nan)
    }

    /// Explains `element`, checks the output's shape (short, narrow, agreeing) and returns the value printed.
    @discardableResult
    static func explain(_ h: inout Harness, _ element: String, file: StaticString = #filePath, line: UInt = #line) -> Double {
        let output = h.run("explain \(element)", file: file, line: line)
        let lines = output.split(separator: "\n")
        XCTAssertLessThanOrEqual(lines.count, 40, "\(element): \(lines.count) lines", file: file, line: line)
        for l in lines { XCTAssertLessThanOrEqual(l.count, 80, "\(element): too wide: \(l)", file: file, line: line) }
        XCTAssertTrue(output.contains("they agree ✓"), "\(element):\n\(output)", file: file, line: line)
        return printed(output, file: file, line: line)
    }

    /// Every index of `shape` drawn at random, written `[i][j]...`.
    static func randomIndex(_ shape: [Int], _ rng: inout RandomGenerator) -> String {
        shape.map { "[\(rng.integer(below: $0))]" }.joined()
    }

    static func assertClose(_ a: Double, _ b: Double, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertLessThanOrEqual(abs(a - b), 1e-5 * max(1, abs(b)), "\(what): explain printed \(a), stored \(b)", file: file, line: line)
    }

    /// Checks `count` random elements of each name against the stored tensors.
    static func checkRandomElements(_ h: inout Harness, _ names: [String], count: Int, seed: UInt64,
                                    file: StaticString = #filePath, line: UInt = #line) {
        var rng = RandomGenerator(seed: seed)
        for name in names {
            let shape = (try? h.shell.workspace.value(of: name))?.shape ?? []
            XCTAssertFalse(shape.isEmpty, "\(name) exists", file: file, line: line)
            for _ in 0..<count {
                let element = name + randomIndex(shape, &rng)
                assertClose(explain(&h, element, file: file, line: line), stored(h, element), element, file: file, line: line)
            }
        }
    }

    func testEveryKindAgreesWithTheStoredElementOnRandomData() {
        var h = Harness()
        h.run("seed 5; net new input=2x9x9; add conv2d 3 3x3 stride=2 pad=1; add relu; add maxpool 2x2 stride=1; add flatten; add fc 4; add softmax")
        h.run("tensor x 3x2x9x9 fill=randn; tensor y 3 values=3,0,2; forward x; backward y")
        Self.checkRandomElements(&h, ["conv1.out", "relu1.out", "pool1.out", "flatten1.out", "fc1.out", "softmax1.out",
                                      "conv1.dW", "conv1.db", "fc1.dW", "fc1.db", "conv1.dx", "relu1.dx", "pool1.dx",
                                      "flatten1.dx", "fc1.dx", "softmax1.dx"], count: 6, seed: 11)
        let loss = Self.explain(&h, "loss")
        XCTAssertEqual(loss, Double(h.run("backward y").split(separator: " ")[1])!, accuracy: 1e-4, "the batch loss backward printed")
        for n in 0..<3 {
            // loss[n] prints −log y_t; y_t is the probability backward kept, which softmax1.out also holds.
            let output = h.run("explain loss[\(n)]"), t = [3, 0, 2][n]
            let term = output.split(separator: "\n").first { $0.hasPrefix("  L_\(n) = −log") }!
            Self.assertClose(Double(term.split(separator: " ").last!)!, -log(Self.stored(h, "softmax1.out[\(n)][\(t)]")), "L_\(n)")
            XCTAssertTrue(output.contains("they agree ✓"), output)
        }
    }

    func testAveragePoolingSmoothActivationsAndALearnersGradient() {
        var h = Harness()
        h.run("seed 6; net new input=1x7x7; add conv2d 4 3x3 pad=1; add tanh; add avgpool 2x2 pad=1; add sigmoid; add flatten; add fc 3; add softmax")
        h.run("tensor x 2x1x7x7 fill=randn; forward x; tensor g 2x3 fill=randn; backward dA=g")
        Self.checkRandomElements(&h, ["conv1.out", "tanh1.out", "pool1.out", "sigmoid1.out", "conv1.dW", "conv1.db",
                                      "tanh1.dx", "pool1.dx", "sigmoid1.dx", "softmax1.dx", "conv1.dx"], count: 5, seed: 12)
        h.fails("explain loss", "there is no loss yet", "started from a gradient, not labels")
    }

    /// A deep convolution (many channels) lists its largest terms instead of grids, and still agrees.
    func testWideSumsListTheLargestTermsFirst() {
        var h = Harness()
        h.run("seed 7; net new input=6x6x6; add conv2d 2 3x3; tensor x 2x6x6x6 fill=randn; forward x; backward")
        let output = h.run("explain conv1.out[1][1][2][3]")
        XCTAssertTrue(output.contains("the 8 largest of 54 terms:"), output)
        XCTAssertTrue(output.contains("  Σ per k:  k=0 ") && output.contains(" adds the most: x[1,"), output)
        let products = output.split(separator: "\n").filter { $0.hasPrefix("    x[") }.map { Double($0.split(separator: " ").last!)! }
        XCTAssertEqual(products.count, 8)
        XCTAssertEqual(products.map(abs), products.map(abs).sorted(by: >), "largest first")
        Self.assertClose(Self.printed(output), Self.stored(h, "conv1.out[1][1][2][3]"), "conv1.out")
    }

    // MARK: By hand

    /// x = 0…8 as a 3×3 image, one 2×2 filter W and bias b, backward of ones.
    func testConvolutionByHand() throws {
        var h = Harness()
        h.run("seed 3; tensor x 1x1x3x3 fill=arange; net new input=1x3x3; add conv2d 1 2x2; forward x; backward")
        let w = try h.shell.workspace.value(of: "conv1.W"), b = Double(try h.shell.workspace.value(of: "conv1.b")[0])
        func W(_ s: Int, _ t: Int) -> Double { Double(w[0, 0, s, t]) }
        // a[0,0,1,1] = x[1,1]·W00 + x[1,2]·W01 + x[2,1]·W10 + x[2,2]·W11 + b = 4·W00 + 5·W01 + 7·W10 + 8·W11 + b
        let output = h.run("explain conv1.out[0][0][1][1]")
        XCTAssertEqual(Self.printed(output), 4 * W(0, 0) + 5 * W(0, 1) + 7 * W(1, 0) + 8 * W(1, 1) + b, accuracy: 1e-5)
        XCTAssertTrue(output.contains("a[0,0,1,1] = Σ_k Σ_s Σ_t x[0,k,1+s,1+t]·W[0,k,s,t] + b[0]"), output)
        XCTAssertTrue(output.contains("  k = 0: x[0,0,1:3,1:3] │ W[0,0,0:2,0:2]\n    4 5 │"), output)
        // dW[0,0,s,t] = Σ over the 2×2 outputs of 1·x[i+s, j+t]: 0+1+3+4 = 8 and 4+5+7+8 = 24; db = 4 ones.
        XCTAssertEqual(Self.explain(&h, "conv1.dW[0][0][0][0]"), 8)
        XCTAssertEqual(Self.explain(&h, "conv1.dW[0][0][1][1]"), 24)
        XCTAssertEqual(Self.explain(&h, "conv1.db[0]"), 4)
        // dx: the centre pixel lies under all four windows, each with a different weight; a corner under one.
        let centre = h.run("explain conv1.dx[0][0][1][1]")
        XCTAssertTrue(centre.contains("4 windows of the 1 filter cover it: dA[0,0,0:2,0:2]"), centre)
        XCTAssertEqual(Self.printed(centre), W(0, 0) + W(0, 1) + W(1, 0) + W(1, 1), accuracy: 1e-5)
        XCTAssertEqual(Self.explain(&h, "conv1.dx[0][0][0][0]"), W(0, 0), accuracy: 1e-6)
        XCTAssertEqual(Self.explain(&h, "conv1.dx[0][0][-1][-1]"), W(1, 1), accuracy: 1e-6)
    }

    /// The course's 4×4 pooling example (sessions/03).
    func testPoolingByHand() {
        var h = Harness()
        h.run("tensor x 1x1x4x4 values=1,3,2,1,4,6,5,0,7,2,9,8,1,0,3,4; net new input=1x4x4; add maxpool 2x2; forward x; backward")
        let out = h.run("explain pool1.out[0][0][1][1]")
        XCTAssertEqual(Self.printed(out), 9)
        XCTAssertTrue(out.contains("    [9]  8\n     3   4"), out)
        XCTAssertTrue(out.contains("at x[0,0,2,2]"), out)
        XCTAssertEqual(Self.explain(&h, "pool1.dx[0][0][2][2]"), 1)
        XCTAssertTrue(h.run("explain pool1.dx[0][0][0][0]").contains("this cell won no window"))
        // 3×3 windows at stride 1: the 9 wins all four, so it collects four ones.
        h.run("net new input=1x4x4; add maxpool 3x3 stride=1; forward x; backward")
        let four = h.run("explain pool1.dx[0][0][2][2]")
        XCTAssertEqual(Self.printed(four), 4)
        XCTAssertTrue(four.contains("won 4 of 4 windows"), four)
        h.run("net new input=1x4x4; add avgpool 2x2; forward x; backward")
        XCTAssertEqual(Self.explain(&h, "pool1.out[0][0][0][0]"), (1 + 3 + 4 + 6) / 4)
        XCTAssertEqual(Self.explain(&h, "pool1.out[0][0][1][0]"), (7 + 2 + 1 + 0) / 4)
        XCTAssertEqual(Self.explain(&h, "pool1.dx[0][0][3][3]"), 0.25)
    }

    func testFullyConnectedActivationsAndLossByHand() throws {
        var h = Harness()
        h.run("seed 4; tensor x 2x3 values=1,2,3,-1,0,0.5; net new input=3; add fc 2; add relu; forward x; backward")
        let w = try h.shell.workspace.value(of: "fc1.W"), b = try h.shell.workspace.value(of: "fc1.b")
        let y01 = 1 * Double(w[0, 1]) + 2 * Double(w[1, 1]) + 3 * Double(w[2, 1]) + Double(b[1])
        XCTAssertEqual(Self.explain(&h, "fc1.out[0][1]"), y01, accuracy: 1e-5)
        XCTAssertEqual(Self.explain(&h, "relu1.out[0][1]"), max(0, y01), accuracy: 1e-5)
        // With ones from the top, fc1.dW[i][j] = Σ_n x[n,i]·relu′ and db[j] counts the rows the relu passed.
        let passed = try (0..<2).map { n in try h.shell.workspace.value(of: "fc1.out[\(n)][1]").scalars[0] > 0 ? 1.0 : 0.0 }
        XCTAssertEqual(Self.explain(&h, "fc1.dW[2][1]"), 3 * passed[0] + 0.5 * passed[1], accuracy: 1e-6)
        XCTAssertEqual(Self.explain(&h, "fc1.db[1]"), passed[0] + passed[1])
        XCTAssertEqual(Self.explain(&h, "relu1.dx[0][1]"), passed[0])
        h.run("tensor z 1x3 values=1,2,3; tensor t 1 values=2; net new input=3; add tanh; add sigmoid; add softmax; forward z")
        XCTAssertEqual(Self.explain(&h, "tanh1.out[0][0]"), tanh(1), accuracy: 1e-6)
        let e = [exp(-2.0), exp(-1.0), 1], y2 = e[2] / e.reduce(0, +)
        h.run("net new input=3; add softmax; forward z; backward t")
        XCTAssertEqual(Self.explain(&h, "softmax1.out[0][2]"), y2, accuracy: 1e-6)
        XCTAssertEqual(Self.explain(&h, "softmax1.dx[0][2]"), y2 - 1, accuracy: 1e-6)
        XCTAssertEqual(Self.explain(&h, "loss"), -log(y2), accuracy: 1e-6)
        XCTAssertTrue(h.run("explain loss[0]").contains("  L_0 = −log 0.665241 = 0.407606"))
        h.run("net new input=3; add flatten; forward z; backward")  // flatten of a vector copies it
        XCTAssertEqual(Self.explain(&h, "flatten1.out[0][1]"), 2)
        XCTAssertEqual(Self.explain(&h, "flatten1.dx[0][2]"), 1)
        h.run("tensor zero 1x1 values=0; net new input=1; add sigmoid; forward zero; backward")
        XCTAssertEqual(Self.explain(&h, "sigmoid1.out[0][0]"), 0.5)
        XCTAssertEqual(Self.explain(&h, "sigmoid1.dx[0][0]"), 0.25)
    }

    // MARK: Failures

    func testExplainChangesNothingAndRefusesWhatItCannotTrace() {
        var h = Harness()
        h.run("seed 1; tensor x 2x1x6x6 fill=randn; net new input=1x6x6; add conv2d 2 3x3; add relu; add flatten; add fc 3")
        h.fails("explain conv1.out[0][0][0][0]", "conv1.out does not exist yet", "run 'forward X' first")
        h.fails("explain loss", "there is no loss yet", "'backward Y' with labels")
        h.run("forward x")
        h.fails("explain conv1.dW[0][0][0][0]", "conv1.dW holds no gradient yet", "backward computes it")
        h.fails("explain conv1.dx[0][0][0][0]", "conv1.dx does not exist yet")
        h.run("tensor y 2 values=0,2; backward y")
        let before = h.shell.workspace.fingerprint
        for element in ["conv1.out[0][1][2][3]", "conv1.dW[1][0][2][2]", "relu1.dx[-1][-1][0][0]", "loss", "loss[1]"] {
            h.run("explain \(element)")
        }
        let withoutLog = { (f: String) in f.components(separatedBy: "\nlog ")[0] }
        XCTAssertEqual(withoutLog(h.shell.workspace.fingerprint), withoutLog(before), "explain only reads")
        h.fails("explain conv1.out[0][2][0][0]", "index 2 is out of range for axis 1 of conv1.out, which has 2", "0..<2 (or -2..<0 from the end)")
        h.fails("explain conv1.out[0][0][-5][0]", "index -5 is out of range for axis 2", "0..<4")
        h.fails("explain conv1.out[0][0]", "conv1.out is 2×2×4×4 and 2 of its 4 indices are given", "like conv1.out[0][0][0][0]")
        h.fails("explain conv1.out[0][0][0][0][0]", "5 of its 4 indices")
        h.fails("explain conv1.out[0][0][0:2][0]", "'0:2' in conv1.out is not a whole number", "not a slice")
        h.fails("explain conv1.out[0", "is not an element")
        h.fails("explain loss[2]", "index 2 is out of range for axis 0 of loss")
        h.fails("explain loss[0][0]", "loss takes one index")
        h.fails("explain x[0][0][0][0]", "x is a tensor of the workspace", "LAYER.out, LAYER.dx")
        h.fails("explain dx[0][0][0][0]", "x is a tensor", "explain conv1.dx[...]")
        h.fails("explain conv1.W[0][0][0][0]", "conv1.W is a parameter", "explain conv1.dW after backward")
        h.fails("explain conv9.out[0]", "no tensor named 'conv9.out'")
        h.fails("explain conv1.bogus[0]", "conv1 (conv2d) has no 'bogus'")
        h.fails("explain", "missing NAME[i][j]")
        h.fails("explain a b", "unexpected argument 'b'")
    }

    /// After 'step' the outputs belong to the old weights: explain recomputes with the new ones and says they differ.
    func testAStepLeavesOutputsThatNoLongerMatchTheWeights() {
        var h = Harness()
        h.run("seed 2; optimizer sgd lr=0.5; tensor x 2x1x5x5 fill=randn; tensor y 2 values=1,0")
        h.run("net new input=1x5x5; add conv2d 2 3x3; add flatten; add fc 2; forward x; backward y")
        XCTAssertTrue(h.run("explain fc1.out[0][1]").contains("they agree ✓"))
        h.run("step")
        let stale = h.run("explain fc1.out[0][1]")
        XCTAssertTrue(stale.contains("they differ") && stale.contains("run forward again"), stale)
        XCTAssertTrue(h.run("explain fc1.dW[3][1]").contains("they agree ✓"), "dW comes from x and dA, which the step left")
        h.run("forward x")
        XCTAssertTrue(h.run("explain fc1.out[0][1]").contains("they agree ✓"))
    }

    func testHelpGivesTheFormulasAndCompletionOffersNames() {
        var h = Harness()
        let help = h.run("help explain")
        for formula in ["Σ_k Σ_s Σ_t x[n,k,i·S+s−P,j·S+t−P]·W[m,k,s,t] + b[m]", "dW[m,k,s,t] = Σ_n Σ_i Σ_j dA[n,m,i,j]",
                        "Σ_n Σ_i Σ_j dA[n,m,i,j]\n", "y[n,j] = Σ_i x[n,i]·W[i,j] + b[j]", "L_n = −log y[n,t_n]", "the sum col2im adds up",
                        "(y − t)/N", "max_s,t", "1/(KH·KW)"] {
            XCTAssertTrue(help.contains(formula), "help explain gives \(formula)")
        }
        h.run("tensor x 1x1x4x4; net new input=1x4x4; add conv2d 1 2x2; forward x")
        XCTAssertTrue(h.shell.completions(before: "explain ", word: "conv1.o").contains("conv1.out"))
    }

    // MARK: Review fixes

    /// A loss whose probability rounds to 0 is computed stably, as backward does; an inf or nan is never said to agree.
    func testNonFiniteValuesAreNeverSaidToAgree() {
        var h = Harness()
        h.run("seed 3; net new input=4; add fc 3 init=gauss:1000; add softmax; tensor x 2x4 fill=randn; forward x")
        h.run("tensor y 2 values=0,0; backward y")
        let loss = Self.explain(&h, "loss")
        XCTAssertTrue(loss.isFinite && loss > 100, "\(loss)")
        XCTAssertEqual(loss, Double(h.run("backward y").split(separator: " ")[1])!, accuracy: 1e-3 * loss)
        let one = h.run("explain loss[1]")
        XCTAssertFalse(one.contains("inf"), one)
        XCTAssertTrue(one.contains("y[1,0] rounds to 0, so L_1 = log Σ_j e^(z[1,j] − max) − (z[1,0] − max)"), one)
        let term = one.split(separator: "\n").first { $0.hasPrefix("  L_1 = log ") }
        XCTAssertNotNil(term, one)
        XCTAssertTrue(Double(term?.split(separator: " ").last ?? "") ?? .infinity < 1e4, one)
        // float32 overflows to inf in fc1, and then inf − inf = nan in fc2, whose inputs are infinite
        h.run("net new input=4; add fc 3 init=gauss:1e38; add fc 3 init=gauss:1e38; forward x")
        for element in ["fc1.out[0][0]", "fc2.out[0][0]"] {
            let huge = h.run("explain \(element)")
            XCTAssertTrue(huge.contains(": not finite, so not comparable"), huge)
            XCTAssertFalse(huge.contains("agree") || huge.contains("they differ") || huge.contains("step"), huge)
        }
    }

    /// Grids are drawn only when they fit in 80 columns and a screen; else the largest terms are listed.
    func testWideKernelsListTermsWithin80Columns() {
        var h = Harness()
        h.run("seed 8; net new input=1x9x9; add conv2d 1 7x7; tensor x 1x1x9x9 fill=randn; forward x; backward")
        Self.checkRandomElements(&h, ["conv1.out", "conv1.dW", "conv1.dx"], count: 2, seed: 13)
        h.run("net new input=1x28x28; add conv2d 2 20x20; tensor x 2x1x28x28 fill=randn; forward x; backward")
        Self.checkRandomElements(&h, ["conv1.out", "conv1.dW", "conv1.dx"], count: 2, seed: 14)
        XCTAssertTrue(h.run("explain conv1.out[0][1][2][3]").contains("the 8 largest of 400 terms:"))
    }

    /// A cell that no window covers gets dx = 0, said so; one filter is singular.
    func testACellNoWindowCovers() {
        var h = Harness()
        h.run("seed 9; net new input=1x7x7; add conv2d 2 2x2 stride=3; add maxpool 1x1 stride=2; add flatten")
        h.run("tensor x 1x1x7x7 fill=randn; forward x; backward")
        let skipped = h.run("explain conv1.dx[0][0][2][2]")
        XCTAssertTrue(skipped.contains("  no window covers x[0,0,2,2] (the stride steps over it), so dx = 0\n  = 0\n"), skipped)
        XCTAssertFalse(skipped.contains("0 windows"), skipped)
        XCTAssertEqual(Self.explain(&h, "conv1.dx[0][0][2][2]"), 0)
        let edge = h.run("explain pool1.dx[0][0][1][1]")
        XCTAssertTrue(edge.contains("  no window covers x[0,0,1,1] (the last one ends before it), so dx = 0"), edge)
        XCTAssertEqual(Self.explain(&h, "pool1.dx[0][0][1][1]"), 0)
        XCTAssertTrue(h.run("explain conv1.dx[0][0][0][0]").contains("  1 window of each of 2 filters covers it:"))
    }

    func testHelpIsTheFormulasExplainPrintsWithin80Columns() {
        var h = Harness()
        let help = h.run("help explain")
        for line in help.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 80, "too wide: \(line)") }
        h.run("seed 3; net new input=1x4x4; add conv2d 1 2x2; add maxpool 2x2; add flatten; add fc 2; add softmax")
        h.run("tensor x 1x1x4x4 fill=randn; tensor g 1x2 fill=randn; forward x; backward dA=g")
        for element in ["conv1.out[0][0][0][0]", "conv1.dW[0][0][0][0]", "conv1.db[0]", "conv1.dx[0][0][0][0]", "pool1.out[0][0][0][0]",
                        "pool1.dx[0][0][0][0]", "fc1.out[0][0]", "fc1.dx[0][0]", "fc1.dW[0][0]", "fc1.db[0]", "softmax1.out[0][0]", "softmax1.dx[0][0]"] {
            let formula = h.run("explain \(element)").split(separator: "\n").dropFirst().first { !$0.hasPrefix("  x = ") && !$0.hasPrefix("  dA = ") }!
            XCTAssertTrue(help.contains("  " + formula.dropFirst(2) + "\n"), "help explain gives \(formula)")
        }
    }

    func testMessagesSayWhatHappened() {
        var h = Harness()
        h.run("seed 2; net new input=1x5x5; add conv2d 2 3x3; add flatten; add fc 2; add softmax; tensor x 2x1x5x5 fill=randn")
        h.run("forward x")
        h.fails("explain conv1.out[0][0][99999999999999999999][0]", "index 99999999999999999999 is out of range for axis 2 of conv1.out", "0..<3")
        h.run("tensor y 2 values=1,0; backward y; forward x")
        h.fails("explain fc1.dW[0][0]", "fc1.dW comes from an earlier backward", "run 'forward X' and 'backward Y'")
        // Training leaves its last batch's gradients, which are not traceable either; nor 'no gradient yet'.
        h.run("net new input=1x5x5; add flatten; add fc 2; tensor z 2x1x5x5 fill=randn")
        h.fails("explain fc1.dW[0][0]", "fc1.dW holds no gradient yet")
        h.run("train x=z y=y epochs=1 batch=2")
        h.fails("explain fc1.dW[0][0]", "fc1.dW comes from an earlier backward (or train's last batch)")
        h.run("net new input=1x5x5; add conv2d 2 3x3; add flatten; add fc 2; add softmax; forward x")
        h.run("backward y")
        XCTAssertFalse(h.run("explain conv1.dW[0][0][0][0]").contains("padding"))
        h.run("tensor g 2x2 fill=randn; backward dA=g")
        XCTAssertTrue(h.run("explain softmax1.dx[0][0]").contains("  dA = g (backward dA=g) (2×2)"))
        for element in ["softmax1.dx[0][0]", "softmax1.dx[0][1]", "softmax1.dx[1][0]", "softmax1.dx[1][1]"] {
            let output = h.run("explain \(element)")
            XCTAssertFalse(output.contains("− -"), output)
        }
        h.run("backward")
        XCTAssertTrue(h.run("explain softmax1.dx[0][0]").contains("  dA = ones (plain backward) (2×2)"))
        h.run("optimizer sgd lr=0.5; backward y; step")
        let stale = h.run("explain fc1.dx[0][0]")
        XCTAssertTrue(stale.contains("they differ") && stale.contains("run forward and backward again") && !stale.contains("load weights"), stale)
        h.run("net new input=1x5x5; add conv2d 2 3x3 pad=1; forward x; backward")
        XCTAssertTrue(h.run("explain conv1.dW[0][0][0][0]").contains("cells in the padding add nothing"))
    }

    /// conv1d and maxpool1d are traced as the 2-D layers they run, with the row axis taken out of
    /// every index: the 1-D formulas, sequence indices, and the stored values.
    func testOneDimensionalLayersAgreeAndSpeakInSequenceIndices() {
        var h = Harness()
        h.run("seed 3; net new input=2x12; add conv1d 3 3 pad=1; add relu; add maxpool1d 2; add conv1d 2 3 stride=2; add flatten; add fc 3")
        h.run("tensor x 2x2x12 fill=randn; tensor y 2 values=0,2; forward x; backward y")
        Self.checkRandomElements(&h, ["conv1.out", "pool1.out", "conv2.out", "conv1.dW", "conv1.db", "conv2.dW", "conv1.dx",
                                      "pool1.dx", "conv2.dx"], count: 5, seed: 4)
        let out = h.run("explain conv1.out[0][1][0]")
        XCTAssertTrue(out.contains("a[n,m,i] = Σ_k Σ_t x[n,k,i·S+t−P]·W[m,k,t] + b[m]\n  a[0,1,0] = Σ_k Σ_t x[0,k,t−1]·W[1,k,t] + b[1]"), out)
        XCTAssertTrue(out.contains("k = 0: x[0,0,0:2] │ W[1,0,0:3]"), out)
        XCTAssertTrue(h.run("explain conv2.dx[1][1][5]").contains("no window covers x[1,1,5] (the last one ends before it)"))
        XCTAssertTrue(h.run("explain pool1.out[0][1][3]").contains("y[0,1,3] = max_t x[0,1,6+t]"))
        XCTAssertTrue(h.run("help explain").contains("  maxpool1d\n    y[n,c,i] = max_t x[n,c,i·S+t−P]"))
    }
}
