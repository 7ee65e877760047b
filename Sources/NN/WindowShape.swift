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
        let rows: OutputSize, cols: OutputSize
        do {
            rows = try OutputSize(input: input[1], kernel: kernelHeight, stride: stride, padding: padding)
            cols = try OutputSize(input: input[2], kernel: kernelWidth, stride: stride, padding: padding)
        } catch {
            throw ShapeError(layer: layer, input: input,
                             expected: "a window \(kernelHeight)×\(kernelWidth) that fits: \(error)",
                             hint: "use a smaller kernel or more padding")
        }
        _ = (rows, cols)
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
