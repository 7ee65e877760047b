import Tensors

/// What the 1-D layers (Conv1d, MaxPool1d) share. A sequence C×L is an image C×1×L, and a window of
/// kernel K sliding along it is a 1×K window, so they run the 2-D layers (im2col, GEMM, the pooling
/// kernels) unchanged on the sequence reshaped N×C×L ↔ N×C×1×L, which moves no value.
extension Window {
    /// The 1×K window that slides `axis` along a sequence laid out as a one-row image.
    public init(sequence axis: Axis) { self.init(height: Axis(kernel: 1), width: axis) }
}

extension Window.Axis {
    /// `5`, `2 stride 2`, `3 pad 1`: stride 1 and padding 0 go without saying, as in `Window.summary`.
    public var summary: String { summary(strideByDefault: 1) }

    /// The summary when the stride that goes without saying is another: a pool's is its window.
    public func summary(strideByDefault: Int) -> String {
        "\(kernel)" + (stride == strideByDefault ? "" : " stride \(stride)") + (padding == 0 ? "" : " pad \(padding)")
    }

    /// The channels and the output length L_out = (L + 2P − K)/S + 1 for one sample of shape
    /// `input`, which must be a sequence C×L, or why `layer` cannot take it.
    func sequence(layer: String, input: [Int]) throws(ShapeError) -> (channels: Int, length: Int) {
        guard input.count == 2, input.allSatisfy({ $0 > 0 }) else {
            let hint = input.count == 3 ? "\(layer) slides along one axis; for images C×H×W use conv2d, maxpool or avgpool"
                : input.count == 1 ? "\(layer) goes before flatten, not after" : nil
            throw ShapeError(layer: layer, input: input, expected: "a sequence C×L", hint: hint, reason: .sequence(kind: layer, rank: input.count))
        }
        do { return (input[0], try fit(input[1]).size) } catch {
            throw ShapeError(layer: layer, input: input, expected: "a window \(kernel) that fits: \(error)", hint: "use a smaller kernel or more padding",
                             reason: .window("\(kernel)", why: error))
        }
    }
}

extension Tensor {
    /// The same values with an axis of 1 inserted at axis 2: sequences N×C×L as one-row images
    /// N×C×1×L, filters M×C×K as M×C×1×K.
    var insertingRowAxis: Tensor { try! reshaped(Array(shape.prefix(2)) + [1] + shape.dropFirst(2)) }
    /// The same values with axis 2, of size 1, removed: the way back.
    var removingRowAxis: Tensor { try! reshaped(Array(shape.prefix(2)) + shape.dropFirst(3)) }
}

extension DoubleBatch {
    var insertingRowAxis: DoubleBatch { DoubleBatch(shape: Array(shape.prefix(2)) + [1] + shape.dropFirst(2), scalars: scalars) }
    var removingRowAxis: DoubleBatch { DoubleBatch(shape: Array(shape.prefix(2)) + shape.dropFirst(3), scalars: scalars) }
}
