/// The window that convolution and pooling slide over the last two axes of an image: a kernel
/// KH×KW moved S_h rows and S_w columns at a time over the image padded with P_h rows and P_w
/// columns of zeros. `conv2d`, `maxpool`, `avgpool`, `outsize` and `im2col` all speak of it.
public struct Window: Equatable, Sendable, Codable {
    /// One axis of the window: kernel size F, stride S, padding P.
    public struct Axis: Equatable, Sendable, Codable {
        public var kernel: Int
        public var stride: Int
        public var padding: Int

        public init(kernel: Int, stride: Int = 1, padding: Int = 0) {
            self.kernel = kernel
            self.stride = stride
            self.padding = padding
        }
    }

    public var height: Axis
    public var width: Axis

    public init(height: Axis, width: Axis) {
        self.height = height
        self.width = width
    }

    /// A KH×KW window with the same stride and padding on both axes.
    public init(kernelHeight: Int, kernelWidth: Int, stride: Int = 1, padding: Int = 0) {
        self.init(height: Axis(kernel: kernelHeight, stride: stride, padding: padding),
                  width: Axis(kernel: kernelWidth, stride: stride, padding: padding))
    }

    public var kernelHeight: Int { height.kernel }
    public var kernelWidth: Int { width.kernel }

    /// Stride 1 and no padding on both axes: every window lies inside the image, and row (c, i, j) of
    /// X̂ is the image itself from c·H·W + i·W + j on, so kernels may read it there.
    public var slidesByOneUnpadded: Bool { height.stride == 1 && width.stride == 1 && height.padding == 0 && width.padding == 0 }

    /// Whether every window position covers at least one image value (P < F on both axes): a pool
    /// over padding alone would have nothing to pool.
    public var coversImageEverywhere: Bool { height.padding < height.kernel && width.padding < width.kernel }

    /// `5×5`, `3×3 stride 2`, `3×3 pad 1`: a convolution's stride 1 and padding 0 go without saying
    /// (as in the papers' tables), which keeps VGG's `shapes` within 80 columns; a per-axis value reads
    /// `stride 2×1`.
    public var summary: String { summary(strideByDefault: (1, 1)) }

    /// The summary when the stride that goes without saying is another: a pool's is its window
    /// (`maxpool 2×2` strides 2; `maxpool 2×2 stride 1` overlaps).
    public func summary(strideByDefault: (Int, Int)) -> String {
        func pair(_ a: Int, _ b: Int) -> String { a == b ? "\(a)" : "\(a)×\(b)" }
        let stride = pair(height.stride, width.stride), padding = pair(height.padding, width.padding)
        let usual = height.stride == strideByDefault.0 && width.stride == strideByDefault.1
        return "\(height.kernel)×\(width.kernel)" + (usual ? "" : " stride \(stride)") + (padding == "0" ? "" : " pad \(padding)")
    }

    /// Both axes fitted to an H×W input; throws the first axis that does not fit.
    public func fit(height h: Int, width w: Int) throws(WindowError) -> (height: AxisFit, width: AxisFit) {
        (try height.fit(h), try width.fit(w))
    }
}

/// One axis of a window laid over an input of N values: the course's output-size formula
/// `O = (N + 2P − F)/S + 1`. When S does not divide N + 2P − F the windows do not tile the input;
/// every framework floors (the last `remainder` rows or columns of the padded input are never
/// covered, `uncoveredInput` of them the input's own), and so do we, but we say so.
public struct AxisFit: Equatable, Sendable {
    public let input: Int
    public let axis: Window.Axis
    /// N + 2P − F: how far the window travels over the padded input.
    public var span: Int { input + 2 * axis.padding - axis.kernel }
    /// The floored output size. The formula is written here and nowhere else.
    public var size: Int { span / axis.stride + 1 }
    /// Input positions past the last window, 0 when the stride divides evenly.
    public var remainder: Int { span % axis.stride }
    public var dividesEvenly: Bool { remainder == 0 }
    /// Values of the input itself past the last window: the uncovered `remainder` less the P of padding
    /// that ends the padded input. 0 when only padding is left over, so nothing of the input is lost.
    public var uncoveredInput: Int { max(0, remainder - axis.padding) }

    /// `(28 + 2·0 − 5)/1 + 1 = 24`, with ` (floored: 27/2 is not whole)` when the stride does not divide.
    public var arithmetic: String {
        formula + (dividesEvenly ? "" : " (floored: \(span)/\(axis.stride) is not whole)")
    }

    /// `(28 + 2·0 − 5)/1 + 1 = 24`: the arithmetic alone, for a shell that words the flooring itself.
    public var formula: String { "(\(input) + 2·\(axis.padding) − \(axis.kernel))/\(axis.stride) + 1 = \(size)" }
}

extension Window.Axis {
    /// This axis over `input` values, or why no window fits.
    public func fit(_ input: Int) throws(WindowError) -> AxisFit {
        guard input >= 1 else { throw .nonPositive(what: "input size", value: input) }
        guard kernel >= 1 else { throw .nonPositive(what: "kernel size", value: kernel) }
        guard stride >= 1 else { throw .nonPositive(what: "stride", value: stride) }
        guard padding >= 0 else { throw .negativePadding(padding) }
        guard kernel <= input + 2 * padding else { throw .kernelTooLarge(kernel: kernel, paddedInput: input + 2 * padding) }
        return AxisFit(input: input, axis: self)
    }
}

/// Why a window does not fit an input.
public enum WindowError: Error, Equatable, CustomStringConvertible {
    case nonPositive(what: String, value: Int)
    case negativePadding(Int)
    case kernelTooLarge(kernel: Int, paddedInput: Int)

    public var description: String {
        switch self {
        case let .nonPositive(what, value): return "\(what) must be at least 1, got \(value)"
        case let .negativePadding(p): return "padding must be 0 or more, got \(p)"
        case let .kernelTooLarge(kernel, padded):
            return "kernel \(kernel) is larger than the padded input \(padded): no window fits"
        }
    }
}

/// A window sliding over C×H×W images: the sizes im2col, col2im and the pooling kernels share.
/// Made only through `Window.fit`, so every instance is one where the window fits.
public struct SlidingWindow: Equatable, Sendable {
    public let channels: Int
    public let height: Int
    public let width: Int
    public let window: Window
    public let outputHeight: Int
    public let outputWidth: Int

    public init(channels: Int, height: Int, width: Int, window: Window) throws(WindowError) {
        guard channels >= 1 else { throw .nonPositive(what: "channel count", value: channels) }
        let fit = try window.fit(height: height, width: width)
        self.channels = channels
        self.height = height
        self.width = width
        self.window = window
        outputHeight = fit.height.size
        outputWidth = fit.width.size
    }

    /// The window over the images of a batch N×C×H×W (or one image C×H×W).
    public init(over images: Tensor, window: Window) throws(WindowError) {
        precondition(images.rank >= 3, "expected images C×H×W, got \(images.shapeDescription)")
        let s = images.shape.suffix(3)
        try self.init(channels: s[s.startIndex], height: s[s.startIndex + 1], width: s[s.startIndex + 2], window: window)
    }

    /// Positions per image: rows of the column matrix for one image.
    public var outputPositions: Int { outputHeight * outputWidth }
    /// Values under one window: columns of the column matrix, ordered (channel, kernel row, kernel column).
    public var patchSize: Int { channels * window.kernelHeight * window.kernelWidth }
    public var imageSize: Int { channels * height * width }
}
