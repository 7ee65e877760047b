import Tensors

/// Shape checking shared by the layers that slide a window over C×H×W images (Conv2d and the pools).
enum WindowShape {
    static func geometry(
        layer: String, input: [Int], kernelHeight: Int, kernelWidth: Int, stride: Int, padding: Int
    ) throws(ShapeError) -> ConvGeometry {
        guard input.count == 3, input.allSatisfy({ $0 > 0 }) else {
            throw ShapeError(layer: layer, input: input, expected: "an image C×H×W",
                             hint: input.count == 1 ? "\(layer) goes before flatten, not after" : nil)
        }
        // OutputSize only validates here; ConvGeometry computes the sizes from the same formula.
        do {
            _ = try OutputSize(input: input[1], kernel: kernelHeight, stride: stride, padding: padding)
            _ = try OutputSize(input: input[2], kernel: kernelWidth, stride: stride, padding: padding)
        } catch {
            throw ShapeError(layer: layer, input: input,
                             expected: "a window \(kernelHeight)×\(kernelWidth) that fits: \(error)",
                             hint: "use a smaller kernel or more padding")
        }
        return ConvGeometry(channels: input[0], height: input[1], width: input[2],
                            kernelHeight: kernelHeight, kernelWidth: kernelWidth, stride: stride, padding: padding)
    }

    /// The geometry of a batch tensor N×C×H×W; the network checked the shape when the layer was added.
    static func geometry(of x: Tensor, kernelHeight: Int, kernelWidth: Int, stride: Int, padding: Int) -> ConvGeometry {
        precondition(x.rank == 4, "expected N×C×H×W, got \(x.shapeDescription)")
        return ConvGeometry(channels: x.shape[1], height: x.shape[2], width: x.shape[3],
                            kernelHeight: kernelHeight, kernelWidth: kernelWidth, stride: stride, padding: padding)
    }
}

/// The window a pooling layer slides: KH×KW, stride S (the window height unless given), padding P
/// smaller than the window so that every window touches the image.
public struct PoolWindow: Equatable, Sendable {
    public let kernelHeight: Int, kernelWidth: Int, stride: Int, padding: Int

    public init(kernelHeight: Int, kernelWidth: Int, stride: Int? = nil, padding: Int = 0) {
        precondition(kernelHeight >= 1 && kernelWidth >= 1 && (stride ?? 1) >= 1 && padding >= 0)
        precondition(padding < min(kernelHeight, kernelWidth), "padding must be smaller than the window")
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.stride = stride ?? kernelHeight
        self.padding = padding
    }

    /// `maxpool 2×2 stride 2 pad 0`
    func summary(_ kind: String) -> String { "\(kind) \(kernelHeight)×\(kernelWidth) stride \(stride) pad \(padding)" }

    /// Channels are kept; each image side follows the output-size formula.
    func outputShape(layer: String, input: [Int]) throws(ShapeError) -> [Int] {
        let g = try WindowShape.geometry(layer: layer, input: input, kernelHeight: kernelHeight, kernelWidth: kernelWidth, stride: stride, padding: padding)
        return [input[0], g.outputHeight, g.outputWidth]
    }

    func geometry(of x: Tensor) -> ConvGeometry {
        WindowShape.geometry(of: x, kernelHeight: kernelHeight, kernelWidth: kernelWidth, stride: stride, padding: padding)
    }
}
