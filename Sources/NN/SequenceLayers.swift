import Tensors

/// What the 1-D layers (Conv1d, MaxPool1d) share. A sequence C×L is an image C×1×L, and a window of
/// kernel K sliding along it is a 1×K window, so they run the 2-D layers (im2col, GEMM, the pooling
/// kernels) unchanged on the sequence reshaped N×C×L ↔ N×C×1×L, which moves no value.
extension Window {
    /// The 1×K window that slides `axis` along a sequence laid out as a one-row image.
    public init(sequence axis: Axis) { self.init(height: Axis(kernel: 1), width: axis) }
}

extension Window.Axis {
    /// `5 stride 1 pad 0`.
    public var summary: String { "\(kernel) stride \(stride) pad \(padding)" }

    /// The channels and the output length L_out = (L + 2P − K)/S + 1 for one sample of shape
    /// `input`, which must be a sequence C×L, or why `layer` cannot take it.
    func sequence(layer: String, input: [Int]) throws(ShapeError) -> (channels: Int, length: Int) {
        guard input.count == 2, input.allSatisfy({ $0 > 0 }) else {
            let hint = input.count == 3 ? "\(layer) slides along one axis; for images C×H×W use conv2d, maxpool or avgpool"
                : input.count == 1 ? "\(layer) goes before flatten, not after" : nil
            throw ShapeError(layer: layer, input: input, expected: "a sequence C×L", hint: hint)
        }
        do { return (input[0], try fit(input[1]).size) } catch {
            throw ShapeError(layer: layer, input: input, expected: "a window \(kernel) that fits: \(error)", hint: "use a smaller kernel or more padding")
        }
    }
}

extension Tensor {
    /// A batch of sequences N×C×L as one-row images N×C×1×L.
    var asImages: Tensor { try! reshaped([shape[0], shape[1], 1, shape[2]]) }
    /// One-row images N×C×1×L as sequences N×C×L.
    var asSequences: Tensor { try! reshaped([shape[0], shape[1], shape[3]]) }
}

extension DoubleBatch {
    var asImages: DoubleBatch { DoubleBatch(shape: [shape[0], shape[1], 1, shape[2]], scalars: scalars) }
    var asSequences: DoubleBatch { DoubleBatch(shape: [shape[0], shape[1], shape[3]], scalars: scalars) }
}
