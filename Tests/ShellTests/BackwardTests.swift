import Shell
import Tensors
import XCTest

/// `backward`'s three starts (labels, dA=, ones) and the input gradient every layer keeps.
final class BackwardTests: XCTestCase {
    private func value(_ h: Harness, _ name: String, file: StaticString = #filePath, line: UInt = #line) -> Tensor {
        do { return try h.shell.workspace.value(of: name) } catch {
            XCTFail("\(name): \(error)", file: file, line: line)
            return Tensor(shape: [0])
        }
    }

    private func assertClose(_ a: Tensor, _ b: Tensor, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.shape, b.shape, what, file: file, line: line)
        let worst = zip(a.scalars, b.scalars).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? .infinity
        XCTAssertLessThan(worst, 1e-5, "\(what): largest difference \(worst)", file: file, line: line)
    }

    /// The course's exercise: a gradient made by hand, backpropagated through one convolution,
    /// gives the dx, dW and db of its formulas (the loop-by-loop reference).
    func testDAThroughOneConvolutionIsTheCoursesFormulas() {
        var h = Harness()
        h.run("seed 3")
        h.run("net new input=2x6x5")
        h.run("add conv2d 3 3x3 stride=2 pad=1")
        h.run("tensor x 2x2x6x5 fill=randn")
        h.run("forward x")
        h.fails("backward dA=x", "dA=x is 2×2×6×5, but conv1.out is 2×3×3×3", "last output's shape")
        h.run("tensor g 2x3x3x3 fill=randn")
        h.fails("backward x dA=g", "labels and dA= are two ways")
        XCTAssertTrue(h.run("backward dA=g").hasPrefix("backpropagated dA=g from conv1.out (2×3×3×3)"))
        let ref = ReferenceKernels.conv2dBackward(value(h, "x"), weight: value(h, "conv1.W"),
                                                  window: Window(kernelHeight: 3, kernelWidth: 3, stride: 2, padding: 1), dy: value(h, "g"))
        assertClose(value(h, "conv1.dx"), ref.dx, "dx")
        assertClose(value(h, "dx"), ref.dx, "dx, the first layer's, also as dx")
        assertClose(value(h, "conv1.dW"), ref.dW, "dW")
        assertClose(value(h, "conv1.db"), ref.db, "db")
    }

    /// Every layer keeps the gradient reaching its input, and each is the next layer's backward of
    /// the one after it: relu1.dx is conv2's input gradient, and so on down to conv1.dx.
    func testEveryLayerKeepsItsInputGradient() {
        var h = Harness()
        h.run("seed 1")
        h.run("net new input=1x8x8; add conv2d 2 3x3; add relu; add maxpool 2x2; add flatten; add fc 3; add softmax")
        h.run("tensor x 4x1x8x8 fill=randn; tensor y 4 values=0,2,1,2")
        h.fails("show relu1.dx", "relu1.dx does not exist yet", "run 'forward X' then 'backward Y'")
        h.run("forward x")
        h.fails("show relu1.dx", "relu1.dx does not exist yet")
        h.run("backward y")
        let vars = h.run("vars")
        for name in ["conv1.dx", "relu1.dx", "pool1.dx", "flatten1.dx", "fc1.dx", "softmax1.dx"] {
            XCTAssertTrue(vars.contains("\n\(name) "), "vars lists \(name):\n\(vars)")
        }
        // The softmax folded into the loss: what reaches its input is (y − t)/N.
        let probabilities = value(h, "softmax1.out"), expected = Tensor(shape: [4, 3]) { g in
            for n in 0..<4 { for c in 0..<3 { g[n * 3 + c] = (probabilities[n, c] - ([0, 2, 1, 2][n] == c ? 1 : 0)) / 4 } }
        }
        assertClose(value(h, "softmax1.dx"), expected, "softmax1.dx = (y − t)/N")
        // pool1.dx routes each window's gradient to its maximum: the relu output's shape, zero elsewhere.
        XCTAssertEqual(value(h, "pool1.dx").shape, [4, 2, 6, 6])
        let routed = zip(value(h, "pool1.dx").scalars, value(h, "relu1.out").scalars).filter { $0.0 != 0 }
        XCTAssertEqual(routed.count, 4 * 2 * 3 * 3, "one cell per window gets the gradient (random data has no ties)")
        // relu1.dx is pool1.dx where the relu passed its input, zero where it cut it.
        for (d, (g, x)) in zip(value(h, "relu1.dx").scalars, zip(value(h, "pool1.dx").scalars, value(h, "conv1.out").scalars)) {
            XCTAssertEqual(d, x > 0 ? g : 0)
        }
        // A forward forgets them: they belonged to the pass before.
        h.run("forward x")
        XCTAssertFalse(h.run("vars").contains(".dx "))
    }

    /// Labels as one-hot rows must be one-hot: an all-zero row gave loss 0 and gradients that mean nothing.
    func testOneHotLabelsAreChecked() {
        var h = Harness()
        h.run("net new input=4; add fc 3")
        h.run("tensor x 2x4 fill=randn; forward x")
        h.run("tensor zero 2x3 fill=zeros")
        h.fails("backward zero", "row 0 of zero is not one-hot", "a single 1")
        h.run("tensor soft 2x3 values=1,0,0,0.5,0.5,0")
        h.fails("backward soft", "row 1 of soft is not one-hot")
        h.run("tensor two 2x3 values=1,0,0,1,1,0")
        h.fails("backward two", "row 1 of two is not one-hot")
        h.run("tensor good 2x3 values=0,0,1,1,0,0")
        XCTAssertTrue(h.run("backward good").hasPrefix("loss "))
        h.run("tensor y 2 values=2,0")
        XCTAssertEqual(h.run("backward y"), h.run("backward good"), "one-hot rows and class indices are the same labels")
    }
}
