import NN
import Tensors
import XCTest

/// How far each layer sees (r_out = r_in + (K − 1)·j_in, j_out = j_in·S) and what it costs.
final class ReceptiveFieldTests: XCTestCase {
    private func square(_ size: Int, jump: Int) -> ReceptiveField {
        .window(height: .init(size: size, jump: jump), width: .init(size: size, jump: jump))
    }

    /// The figures: conv1 5, pool1 6, conv2 14, pool2 16 (jump 4); activations and flatten
    /// keep the field, fc sees the whole input.
    func testLeNetReceptiveFields() throws {
        var rng = RandomGenerator(seed: 1)
        let net = try Network.leNet(using: &rng)
        let fields = Dictionary(uniqueKeysWithValues: zip(net.names, net.receptiveFields))
        XCTAssertEqual(fields["conv1"], square(5, jump: 1))
        XCTAssertEqual(fields["relu1"], square(5, jump: 1))
        XCTAssertEqual(fields["pool1"], square(6, jump: 2))
        XCTAssertEqual(fields["conv2"], square(14, jump: 2))
        XCTAssertEqual(fields["pool2"], square(16, jump: 4))
        XCTAssertEqual(fields["flatten1"], square(16, jump: 4), "flatten moves no value")
        for name in ["fc1", "relu3", "fc2", "relu4", "fc3", "softmax1"] { XCTAssertEqual(fields[name], .whole, name) }
    }

    /// Softmax right after a convolution and flatten (no fc): each probability divides by Σ_j e^x_j over
    /// every input, so it sees the whole input, not the 3×3 the pass-through default kept.
    func testSoftmaxSeesTheWholeInput() throws {
        var rng = RandomGenerator(seed: 3)
        var net = Network(inputShape: [1, 8, 8])
        try net.append(Conv2d(channels: 1, filters: 1, kernelHeight: 3, kernelWidth: 3, using: &rng))
        try net.append(Flatten())
        try net.append(Softmax())
        XCTAssertEqual(net.receptiveFields, [square(3, jump: 1), square(3, jump: 1), .whole])
    }

    /// The course's filter-size question: three stacked 3×3 convolutions see 7×7, as one 7×7 does,
    /// with fewer parameters and multiply-adds.
    func testThreeStackedThreeByThreeSeeLikeOneSevenBySeven() {
        var rng = RandomGenerator(seed: 2)
        var seven = Network(inputShape: [16, 32, 32]), threes = seven
        XCTAssertNoThrow(try seven.append(Conv2d(channels: 16, filters: 16, kernelHeight: 7, kernelWidth: 7, padding: 3, using: &rng)))
        for _ in 0..<3 {
            XCTAssertNoThrow(try threes.append(Conv2d(channels: 16, filters: 16, kernelHeight: 3, kernelWidth: 3, padding: 1, using: &rng)))
            XCTAssertNoThrow(try threes.append(ReLU()))
        }
        XCTAssertEqual(seven.receptiveFields.last, square(7, jump: 1))
        XCTAssertEqual(threes.receptiveFields.map { if case let .window(h, _) = $0 { h.size } else { 0 } }, [3, 3, 5, 5, 7, 7])
        XCTAssertEqual(seven.outputShape, threes.outputShape)
        XCTAssertEqual(seven.parameterCount, 49 * 16 * 16 + 16)
        XCTAssertEqual(threes.parameterCount, 3 * (9 * 16 * 16 + 16))
        XCTAssertEqual(seven.multiplyAdds, 32 * 32 * 16 * 16 * 49)
        XCTAssertEqual(threes.multiplyAdds, 3 * 32 * 32 * 16 * 16 * 9)
    }

    /// Strides multiply the jump; padding does not widen the field; per-axis windows stay per axis.
    func testTheRecurrenceWithStrideAndPaddingPerAxis() {
        let field = ReceptiveField.pixel
            .through(Window(kernelHeight: 3, kernelWidth: 3, stride: 2, padding: 1))
            .through(Window(height: .init(kernel: 5, stride: 1, padding: 2), width: .init(kernel: 1, stride: 3)))
        // height: r = 1 + 2·1 = 3, j = 2; r = 3 + 4·2 = 11, j = 2. width: r = 3, j = 2; r = 3 + 0, j = 6.
        XCTAssertEqual(field, .window(height: .init(size: 11, jump: 2), width: .init(size: 3, jump: 6)))
        XCTAssertEqual(ReceptiveField.whole.through(Window(kernelHeight: 3, kernelWidth: 3)), .whole)
        XCTAssertEqual(ReceptiveField.Axis(size: 6, jump: 2).arithmetic(through: .init(kernel: 5)), "r = 6 + (5 − 1)·2 = 14, j = 2·1 = 2")
        let huge = ReceptiveField.Axis(size: 1, jump: .max / 2).through(.init(kernel: 5, stride: 4))
        XCTAssertEqual(huge, .init(size: .max, jump: .max), "saturates instead of trapping")
    }

    /// conv OH·OW·M·C·KH·KW, fc I·O, everything else 0: LeNet's 281,640 per sample.
    func testLeNetMultiplyAdds() throws {
        var rng = RandomGenerator(seed: 1)
        let net = try Network.leNet(using: &rng)
        XCTAssertEqual(net.multiplyAddFactors(ofLayer: 0), [24, 24, 6, 1, 5, 5])
        XCTAssertEqual(net.multiplyAddFactors(ofLayer: 3), [8, 8, 16, 6, 5, 5])
        XCTAssertEqual(net.multiplyAddFactors(ofLayer: 7), [256, 120])
        XCTAssertEqual(net.multiplyAdds(ofLayer: 2), 0, "pools multiply by no weights")
        XCTAssertEqual(net.multiplyAdds, 86_400 + 153_600 + 30_720 + 10_080 + 840)
    }
}
