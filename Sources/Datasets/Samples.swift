import Tensors

/// Arrays from a learner's own files made into what `train` and `accuracy` take: samples N×C×H×W
/// (images) or N×F (features), labels N class indices.
public enum Samples {
    /// The largest class index a label may be (at most 65,536 classes): far more than a network
    /// here is built for, small enough that a stray value (a pixel in the label column) shows.
    public static let maxLabel = 65_535

    /// Whether `v` is a class index: a whole number from 0 to `maxLabel`.
    public static func isLabel(_ v: Float) -> Bool { v >= 0 && v <= Float(maxLabel) && v == v.rounded() }

    /// The index of the first value of `labels` that is no class index; nil when all are.
    public static func firstInvalidLabel(_ labels: Tensor) -> Int? {
        labels.withUnsafeBufferPointer { $0.firstIndex { !isLabel($0) } }
    }

    /// The index of the first value of `t` that is NaN or infinite (a float64 beyond ±3.4·10³⁸
    /// becomes infinite as float32); nil when all are finite, which one vectorised pass tells.
    public static func firstNonFinite(_ t: Tensor) -> Int? {
        t.withUnsafeBufferPointer { v in
            guard let base = v.baseAddress, !Kernels.allFinite(base, count: v.count) else { return nil }
            return v.firstIndex { !$0.isFinite }
        }
    }

    /// How the axes after the first of N samples are read, by rank: N×F features, N×H×W one-channel
    /// images, N×C×H×W, or N×H×W×C (channels last, as Keras stores CIFAR) when the last axis is 1,
    /// 3 or 4 long and axis 1 none of those. Nil for other ranks.
    public enum Layout: Equatable, Sendable {
        case features, oneChannel, channelsFirst, channelsLast

        /// The channel counts of images: grey, RGB, RGBA.
        static let channelCounts = [1, 3, 4]

        public init?(_ shape: [Int]) {
            switch shape.count {
            case 2: self = .features
            case 3: self = .oneChannel
            case 4: self = Self.channelCounts.contains(shape[3]) && !Self.channelCounts.contains(shape[1]) ? .channelsLast : .channelsFirst
            default: return nil
            }
        }

        /// Whether N×A×B×C could be read either way, A and C both a channel count (N×3×32×3,
        /// N×4×4×3): `init` reads it as channels first, and the caller should say so.
        public static func isAmbiguous(_ shape: [Int]) -> Bool {
            shape.count == 4 && channelCounts.contains(shape[1]) && channelCounts.contains(shape[3])
        }
    }

    /// `array` as samples laid out by `Layout` (nil for a rank it does not read): uint8 values
    /// scaled to [0, 1] (value/255, as `load mnist` scales its pixels, other dtypes as they are),
    /// one-channel images given their channel axis, channels-last ones moved to N×C×H×W. The
    /// scaling is done in `array` itself, so that only moving channels takes a second copy.
    public static func samples(from array: inout NumPyArray) -> Tensor? {
        guard let layout = Layout(array.tensor.shape) else { return nil }
        if array.dtype.hasSuffix("u1") { array.tensor.withUnsafeMutableBufferPointer { for i in $0.indices { $0[i] /= 255 } } }
        let t = array.tensor, s = t.shape
        switch layout {
        case .features, .channelsFirst: return t
        case .oneChannel: return try? t.reshaped([s[0], 1, s[1], s[2]])
        case .channelsLast:
            let (positions, channels) = (s[1] * s[2], s[3])
            return Tensor(shape: [s[0], channels, s[1], s[2]]) { out in
                t.withUnsafeBufferPointer { x in
                    for n in 0..<s[0] {
                        Kernels.transpose(x.baseAddress! + n * positions * channels, rows: positions, columns: channels,
                                          into: out.baseAddress! + n * positions * channels)
                    }
                }
            }
        }
    }
}
