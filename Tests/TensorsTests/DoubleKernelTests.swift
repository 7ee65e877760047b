import Tensors
import XCTest

/// `DoubleKernels` (gradcheck's double-precision forward passes) against `ReferenceKernels`.
final class DoubleKernelTests: XCTestCase {
    var rng = RandomGenerator(seed: 23)

    func random(_ shape: [Int]) -> Tensor { Tensor.randomNormal(shape: shape, sigma: 1, using: &rng) }

    func assertClose(_ a: DoubleBatch, _ b: Tensor, _ what: String, line: UInt = #line) {
        XCTAssertEqual(a.shape, b.shape, what, line: line)
        let err = zip(a.scalars, b.scalars).map { abs($0 - Double($1)) }.max() ?? 0
        XCTAssertLessThanOrEqual(err, 1e-5, what, line: line)
    }

    func testConvolutionAndLinearMatchReference() {
        for window in [Window(kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1), Window(kernelHeight: 3, kernelWidth: 2, stride: 2, padding: 1)] {
            let x = random([2, 3, 7, 6]), w = random([4, 3, window.kernelHeight, window.kernelWidth]), b = random([4])
            let double = DoubleKernels.conv2d(DoubleBatch(x), weight: DoubleBatch(w).scalars, bias: DoubleBatch(b).scalars, filters: 4, window: window)
            assertClose(double, ReferenceKernels.conv2d(x, weight: w, bias: b, window: window), "conv2d \(window.summary)")
        }
        let x = random([3, 5]), w = random([5, 4]), b = random([4])
        let expected = Tensor(shape: [3, 4], scalars: ReferenceKernels.addRow(b.scalars, toRows: x.matmul(w).scalars))
        assertClose(DoubleKernels.linear(DoubleBatch(x), weight: DoubleBatch(w).scalars, bias: DoubleBatch(b).scalars), expected, "fc")
    }

    func testPoolsActivationsAndSoftmaxMatchReference() throws {
        let window = Window(kernelHeight: 3, kernelWidth: 2, stride: 2, padding: 1)
        // Halves, so that many windows hold ties: the first maximum wins in both.
        let x = Tensor(shape: [2, 3, 7, 6], scalars: random([2 * 3 * 7 * 6]).scalars.map { ($0 * 2).rounded() / 2 })
        let g = try SlidingWindow(over: x, window: window)
        var branches: [Int32] = []
        let max = DoubleKernels.pool(DoubleBatch(x), window: window, average: false, branches: &branches)
        let reference = x.scalars.withUnsafeBufferPointer { ReferenceKernels.maxPool(g, planes: 6, input: $0.baseAddress!) }
        assertClose(max, Tensor(shape: [2, 3, g.outputHeight, g.outputWidth], scalars: reference.output), "maxpool")
        XCTAssertEqual(branches, reference.winners, "the winners are the branch record")
        let average = x.scalars.withUnsafeBufferPointer { ReferenceKernels.avgPool(g, planes: 6, input: $0.baseAddress!) }
        assertClose(DoubleKernels.pool(DoubleBatch(x), window: window, average: true, branches: &branches),
                    Tensor(shape: [2, 3, g.outputHeight, g.outputWidth], scalars: average), "avgpool")
        branches = []
        let z = random([4, 5])
        assertClose(DoubleKernels.relu(DoubleBatch(z), branches: &branches), Tensor(shape: z.shape, scalars: ReferenceKernels.relu(z.scalars)), "relu")
        XCTAssertEqual(branches, z.scalars.map { $0 > 0 ? 1 : 0 })
        assertClose(DoubleKernels.softmax(DoubleBatch(z)), Tensor(shape: z.shape, scalars: ReferenceKernels.softmax(z.scalars, columns: 5)), "softmax")
    }
}
