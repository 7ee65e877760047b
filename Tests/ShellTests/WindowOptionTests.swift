import Shell
import XCTest

/// Per-axis strides and paddings, pad=same, and the 1-D layers, as the commands read them.
final class WindowOptionTests: XCTestCase {
    func testPerAxisStrideAndPadding() {
        var h = Harness()
        let out = h.run("outsize 28 5 stride=1x2 pad=0x1")
        XCTAssertTrue(out.contains("height: (28 + 2·0 − 5)/1 + 1 = 24\n"), out)
        XCTAssertTrue(out.contains("width:  (28 + 2·1 − 5)/2 + 1 = 13 (floored: 25/2 is not whole)\n"), out)
        XCTAssertTrue(out.contains("output: 24×13\n"), out)
        h.run("net new")
        XCTAssertEqual(h.run("add conv2d 4 3x4 stride=1x2"), "conv1: conv2d 4@3×4 stride 1×2 → 4×26×13, 52 parameters\n")
        XCTAssertEqual(h.run("add maxpool 2x2 stride=2x1 pad=0x1"), "pool1: maxpool 2×2 stride 2×1 pad 0×1 → 4×13×14\n")
        // The stride defaults to the window's size on each axis.
        XCTAssertTrue(h.run("add avgpool 1x2").contains("avgpool 1×2 → 4×13×7"))
        XCTAssertTrue(h.run("add maxpool 2x2 stride=1").contains("maxpool 2×2 stride 1 → 4×12×6"), "a pool's stride is said when it is not its window")
        h.fails("add maxpool 2x2 pad=0x2", "pad=0x2 is not smaller than the 2×2 window on each axis")
        h.fails("add conv2d 4 3x3 stride=1x2x3", "stride=1x2x3 gives 3 values", "one per axis")
        h.fails("add conv2d 4 3x3 pad=1x-1", "pad=1x-1: -1 is out of range")
        h.run("tensor x 1x1x4x5")
        XCTAssertTrue(h.run("im2col x 3x3 stride=1x2 pad=0x1").contains("(1·2·3)×(1·3·3) = 6×9"))
        XCTAssertTrue(h.run("col2im cols 1x4x5 3x3 stride=1x2 pad=0x1").contains("= 6×9 → N×C×H×W = 1×1×4×5"))
    }

    /// pad=same is (K − 1)/2 per axis: the size at stride 1, ⌈N/S⌉ at stride S; an even kernel is refused.
    func testPadSame() {
        var h = Harness()
        XCTAssertTrue(h.run("outsize 28 5 pad=same").contains("output: 28×28\n"))
        XCTAssertTrue(h.run("outsize 7 3 pad=same stride=2").contains("output: 4×4\n"), "⌈7/2⌉ = 4")
        XCTAssertTrue(h.run("outsize 28 5x3 pad=same stride=2").contains("height: (28 + 2·2 − 5)/2 + 1 = 14"))
        h.run("net new")
        XCTAssertEqual(h.run("add conv2d 6 5x3 pad=same"), "conv1: conv2d 6@5×3 pad 2×1 → 6×28×28, 96 parameters\n")
        XCTAssertTrue(h.run("add maxpool 3x3 stride=2 pad=same").contains("→ 6×14×14"))
        h.fails("add conv2d 4 4x4 pad=same", "pad=same needs an odd kernel, but 4 is even", "like 3 or 5")
        h.fails("add conv2d 4 3x2 pad=same", "2 is even")
        h.fails("outsize 28 2 pad=same", "needs an odd kernel")
        h.run("tensor x 1x1x4x4")
        XCTAssertTrue(h.run("im2col x 3x3 pad=same").contains("= 16×9"))
        h.fails("im2col x 2x2 pad=same", "odd kernel")
    }

    /// conv1d and maxpool1d over sequences C×L, refused on images; conv2d refused on sequences.
    func testOneDimensionalLayers() {
        var h = Harness()
        h.run("seed 1; net new input=2x50")
        XCTAssertEqual(h.run("add conv1d 4 5 pad=same"), "conv1: conv1d 4@5 pad 2 → 4×50, 44 parameters\n")
        XCTAssertEqual(h.run("add maxpool1d 2"), "pool1: maxpool1d 2 → 4×25\n")
        XCTAssertTrue(h.run("add conv1d 8 3 stride=2").contains("→ 8×12"))
        for (line, refusal) in [("add conv1d 8 3x3", "its kernel is one length, not '3x3'"),
                                ("add conv1d 8 3 stride=1x2", "stride=1x2 gives 2 values; expected one number: this window slides along one axis"),
                                ("add conv1d 8 4 pad=same", "4 is even"),
                                ("add maxpool1d 2 pad=2", "pad=2 is not smaller than the window of 2"),
                                ("add conv2d 4 3x3", "expected an image C×H×W (hint: a sequence C×L takes conv1d and maxpool1d)")] {
            h.fails(line, refusal)
        }
        let shapes = h.run("shapes")
        XCTAssertTrue(shapes.contains("conv1   5     1   800 B          50·4·2·5 = 2,000\n"), shapes)
        XCTAssertTrue(shapes.contains("conv2  10     4   384 B          12·8·4·3 = 1,152\n"), shapes)
        h.run("add flatten; add fc 3; tensor x 3x2x50 fill=randn; tensor y 3 values=0,1,2; forward x; backward y")
        XCTAssertTrue(h.run("gradcheck").contains("conv2.W"))

        h.run("net new")
        h.fails("add conv1d 4 3", "expected a sequence C×L", "for images C×H×W use conv2d")
        h.fails("add maxpool1d 2", "expected a sequence C×L")
    }
}
