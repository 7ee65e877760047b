/// The sizes that im2col, col2im and the convolution and pooling layers share.
///
/// Output size, the course's formula, floored as every framework does when the stride does not
/// divide evenly: `OH = (H + 2P − KH) / S + 1`, `OW = (W + 2P − KW) / S + 1`.
public struct ConvGeometry: Equatable, Sendable {
    public var channels: Int
    public var height: Int
    public var width: Int
    public var kernelHeight: Int
    public var kernelWidth: Int
    public var stride: Int
    public var padding: Int

    public init(channels: Int, height: Int, width: Int, kernelHeight: Int, kernelWidth: Int, stride: Int = 1, padding: Int = 0) {
        precondition(channels > 0 && height > 0 && width > 0, "empty input")
        precondition(kernelHeight > 0 && kernelWidth > 0 && stride > 0 && padding >= 0, "bad kernel, stride or padding")
        precondition(kernelHeight <= height + 2 * padding && kernelWidth <= width + 2 * padding, "kernel larger than padded input")
        self.channels = channels
        self.height = height
        self.width = width
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.stride = stride
        self.padding = padding
    }

    public var outputHeight: Int { (height + 2 * padding - kernelHeight) / stride + 1 }
    public var outputWidth: Int { (width + 2 * padding - kernelWidth) / stride + 1 }
    /// Positions per image: rows of the column matrix for one image.
    public var outputPositions: Int { outputHeight * outputWidth }
    /// Values under one window: columns of the column matrix, ordered (channel, kernel row, kernel column).
    public var patchSize: Int { channels * kernelHeight * kernelWidth }
    public var imageSize: Int { channels * height * width }
}
