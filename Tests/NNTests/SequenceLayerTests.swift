import NN
import Tensors
import XCTest

/// Conv1d and MaxPool1d, which run the 2-D layers over a sequence as a one-row image: by hand, against
/// finite differences, and their shapes, fields and costs.
final class SequenceLayerTests: XCTestCase {
    /// By hand, C = 1, L = 5, K = 3, W = [1, 2, −1], b = 0.5, so y[i] = x[i] + 2·x[i+1] − x[i+2] + 0.5:
    ///   x = [1, 2, 3, 4, 5], stride 1, pad 0: L_out = (5 − 3)/1 + 1 = 3,
    ///   y = [1 + 4 − 3, 2 + 6 − 4, 3 + 8 − 5] + 0.5 = [2.5, 4.5, 6.5].
    ///   stride 2, pad 1 over [0, 1, 2, 3, 4, 5, 0]: L_out = (5 + 2 − 3)/2 + 1 = 3,
    ///   y = [0 + 2 − 2, 2 + 6 − 4, 4 + 10 − 0] + 0.5 = [0.5, 4.5, 14.5].
    /// Backward of dy = [1, 1, 1] at stride 1: dW[t] = Σ_i x[i+t] = [1+2+3, 2+3+4, 3+4+5] = [6, 9, 12],
    ///   db = 3, dx[r] = Σ_i W[r−i] = [1, 1+2, 1+2−1, 2−1, −1] = [1, 3, 2, 1, −1].
    func testConv1dByHand() {
        let x = Tensor(shape: [1, 1, 5], scalars: [1, 2, 3, 4, 5])
        let (w, b) = (Tensor(shape: [1, 1, 3], scalars: [1, 2, -1]), Tensor([0.5]))
        var conv = Conv1d(weight: w, bias: b)
        XCTAssertEqual(conv.forward(x).scalars, [2.5, 4.5, 6.5])
        XCTAssertEqual(conv.forward(x).shape, [1, 1, 3])
        XCTAssertEqual(conv.backward(Tensor(shape: [1, 1, 3], repeating: 1)).scalars, [1, 3, 2, 1, -1])
        XCTAssertEqual(conv.parameters[0].gradient.scalars, [6, 9, 12])
        XCTAssertEqual(conv.parameters[0].gradient.shape, [1, 1, 3], "dW has W's shape M×C×K")
        XCTAssertEqual(conv.parameters[1].gradient.scalars, [3])
        XCTAssertEqual(Conv1d(weight: w, bias: b, stride: 2, padding: 1).inference(x).scalars, [0.5, 4.5, 14.5])
    }

    /// Windows of 2 at stride 2 over [1, 3, 2, 5, 4]: maxima [3, 5]; each dy goes to its window's winner.
    func testMaxPool1dByHand() {
        var pool = MaxPool1d(kernel: 2)
        XCTAssertEqual(pool.forward(Tensor(shape: [1, 1, 5], scalars: [1, 3, 2, 5, 4])).scalars, [3, 5])
        XCTAssertEqual(pool.backward(Tensor(shape: [1, 1, 2], scalars: [1, 2])).scalars, [0, 1, 0, 2, 0])
    }

    func testGradientsMatchFiniteDifferences() {
        for (stride, pad) in [(1, 0), (1, 1), (2, 0), (2, 1)] {
            var rng = RandomGenerator(seed: 12)
            var conv = Conv1d(channels: 2, filters: 3, axis: Window.Axis(kernel: 3, stride: stride, padding: pad), initializer: .gaussian(sigma: 0.5))
            conv.allocate(using: &rng)
            let x = Tensor.randomNormal(shape: [2, 2, 9], sigma: 1, using: &rng)
            XCTAssertLessThan(inputGradientError(conv, input: x), 1e-2, "conv1d dx, stride \(stride) pad \(pad)")
            XCTAssertLessThan(parameterGradientError(conv, input: x), 1e-2, "conv1d dW and db, stride \(stride) pad \(pad)")
            let pool = MaxPool1d(kernel: 2, stride: stride, padding: pad)
            XCTAssertLessThan(inputGradientError(pool, input: kinkFreeInput(shape: [2, 2, 9], seed: 9)), 1e-2, "maxpool1d, stride \(stride) pad \(pad)")
        }
    }

    /// The Double forward `gradcheck` uses agrees with the Float one.
    func testForwardInDoubleAgrees() {
        var rng = RandomGenerator(seed: 3)
        var conv = Conv1d(channels: 2, filters: 3, axis: Window.Axis(kernel: 3, stride: 2, padding: 1))
        conv.allocate(using: &rng)
        let x = Tensor.randomNormal(shape: [2, 2, 8], sigma: 1, using: &rng)
        var branches: [Int32] = []
        for layer in [conv, MaxPool1d(kernel: 3, stride: 1, padding: 1)] as [any Layer] {
            let double = layer.forwardInDouble(DoubleBatch(x), parameters: layer.parameters.map { $0.value.scalars.map(Double.init) }, branches: &branches)
            let float = layer.inference(x)
            XCTAssertEqual(double.shape, float.shape, layer.kind)
            for (d, f) in zip(double.scalars, float.scalars) { XCTAssertEqual(d, Double(f), accuracy: 1e-5, layer.kind) }
        }
    }

    /// C×L → M×L_out; an image or a flat vector is refused with a hint; the field grows along the one
    /// axis only; multiply-adds L_out·M·C·K.
    func testShapesFieldsAndCosts() throws {
        let conv = Conv1d(channels: 2, filters: 4, axis: Window.Axis(kernel: 5, stride: 2, padding: 2))
        XCTAssertEqual(try conv.outputShape(for: [2, 50]), [4, 25])
        XCTAssertEqual(conv.multiplyAddFactors(for: [2, 50]), [25, 4, 2, 5])
        XCTAssertEqual(conv.parameters.map(\.shape), [[4, 2, 5], [4]])
        XCTAssertThrowsError(try conv.outputShape(for: [2, 28, 28])) { XCTAssertTrue("\($0)".contains("hint: conv1d slides along one axis; for images C×H×W use conv2d"), "\($0)") }
        XCTAssertThrowsError(try conv.outputShape(for: [3, 50])) { XCTAssertTrue("\($0)".contains("2 channels"), "\($0)") }
        XCTAssertThrowsError(try MaxPool1d(kernel: 2).outputShape(for: [100])) { XCTAssertTrue("\($0)".contains("before flatten"), "\($0)") }
        XCTAssertEqual(try MaxPool1d(kernel: 3, stride: 1, padding: 1).outputShape(for: [4, 25]), [4, 25])
        var net = Network(inputShape: [2, 50])
        try net.append(conv)
        try net.append(MaxPool1d(kernel: 2))
        let one = ReceptiveField.Axis(size: 1, jump: 1)
        XCTAssertEqual(net.receptiveFields, [.window(height: one, width: .init(size: 5, jump: 2)), .window(height: one, width: .init(size: 7, jump: 4))])
        XCTAssertEqual(net.names, ["conv1", "pool1"])
    }
}
