import Tensors

/// Shape checking for the layers that slide a `Window` over C×H×W images (Conv2d and the pools),
/// and what the pools share.
extension Window {
    /// The window over one sample of shape `input`, or why `layer` cannot take that input.
    func sliding(layer: String, input: [Int]) throws(ShapeError) -> SlidingWindow {
        guard input.count == 3, input.allSatisfy({ $0 > 0 }) else {
            throw ShapeError(layer: layer, input: input, expected: "an image C×H×W",
                             hint: input.count == 1 ? "\(layer) goes before flatten, not after"
                                : input.count == 2 ? "a sequence C×L takes conv1d and maxpool1d" : nil, reason: .image(kind: layer, rank: input.count))
        }
        do { return try SlidingWindow(channels: input[0], height: input[1], width: input[2], window: self) } catch {
            throw ShapeError(layer: layer, input: input, expected: "a window \(kernelHeight)×\(kernelWidth) that fits: \(error)",
                             hint: "use a smaller kernel or more padding", reason: .window("\(kernelHeight)×\(kernelWidth)", why: error))
        }
    }

    /// The window over a batch N×C×H×W whose shape the network checked when the layer was added.
    func sliding(over x: Tensor) -> SlidingWindow {
        precondition(x.rank == 4, "expected N×C×H×W, got \(x.shapeDescription)")
        do { return try SlidingWindow(over: x, window: self) } catch { preconditionFailure("\(error)") }
    }
}

/// What max and average pooling share: a window whose stride is its height unless given and whose
/// padding is smaller than it (so every window touches the image), no parameters, channels kept:
/// x N×C×H×W → y N×C×OH×OW.
public protocol Pool2d: ParameterFree {
    var window: Window { get }
}

extension Pool2d {
    public var summary: String { "\(kind) \(window.summary(strideByDefault: (window.kernelHeight, window.kernelWidth)))" }
    public func receptiveField(from input: ReceptiveField) -> ReceptiveField { input.through(window) }

    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] {
        let g = try window.sliding(layer: kind, input: input)
        return [g.channels, g.outputHeight, g.outputWidth]
    }

    /// A KH×KW pooling window, stride KH unless given.
    static func poolingWindow(kernelHeight: Int, kernelWidth: Int, stride: Int?, padding: Int) -> Window {
        Window(kernelHeight: kernelHeight, kernelWidth: kernelWidth, stride: stride ?? kernelHeight, padding: padding)
    }

    static func checkPooling(_ window: Window) {
        precondition(min(window.kernelHeight, window.kernelWidth, window.height.stride, window.width.stride) >= 1
                     && min(window.height.padding, window.width.padding) >= 0, "bad pooling window \(window.summary)")
        precondition(window.coversImageEverywhere, "padding must be smaller than the window")
    }
}
