/// The course's output-size formula for one spatial axis of a convolution or pooling window:
/// `O = (N_in + 2P − F) / S + 1`.
///
/// When S does not divide `N_in + 2P − F` the windows do not tile the input exactly; every framework
/// floors (the last `remainder` rows or columns are never covered), and so do we, but we say so.
public struct OutputSize: Equatable, Sendable {
    public var input: Int
    public var kernel: Int
    public var stride: Int
    public var padding: Int

    /// Floored output size.
    public var size: Int { (input + 2 * padding - kernel) / stride + 1 }
    /// Input positions past the last window, 0 when the stride divides evenly.
    public var remainder: Int { (input + 2 * padding - kernel) % stride }
    public var dividesEvenly: Bool { remainder == 0 }
    /// `(28 + 2·0 − 5)/1 + 1 = 24`
    public var arithmetic: String {
        let exact = dividesEvenly ? "" : " (floored: \(input + 2 * padding - kernel)/\(stride) is not whole)"
        return "(\(input) + 2·\(padding) − \(kernel))/\(stride) + 1 = \(size)\(exact)"
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
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

    public init(input: Int, kernel: Int, stride: Int = 1, padding: Int = 0) throws(Failure) {
        guard input >= 1 else { throw .nonPositive(what: "input size", value: input) }
        guard kernel >= 1 else { throw .nonPositive(what: "kernel size", value: kernel) }
        guard stride >= 1 else { throw .nonPositive(what: "stride", value: stride) }
        guard padding >= 0 else { throw .negativePadding(padding) }
        guard kernel <= input + 2 * padding else { throw .kernelTooLarge(kernel: kernel, paddedInput: input + 2 * padding) }
        self.input = input
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
    }
}
