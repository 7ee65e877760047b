/// What can go wrong when a tensor is indexed, sliced or reshaped from user input.
public enum TensorError: Error, Equatable, CustomStringConvertible {
    case badShape([Int], reason: String)
    case reshape(from: [Int], to: [Int])
    case notSliceable([Int])
    case sliceOutOfRange(Range<Int>, length: Int)
    case indexOutOfRange(Int, length: Int)

    public var description: String {
        switch self {
        case let .badShape(shape, reason):
            return "bad shape \(shape): \(reason)"
        case let .reshape(from, to):
            return "cannot reshape \(Tensor.describe(from)) (\(from.reduce(1, *)) values) to \(to)"
        case let .notSliceable(shape):
            return "a tensor of shape \(Tensor.describe(shape)) has no first axis to slice"
        case let .sliceOutOfRange(range, length):
            return "slice \(range.lowerBound):\(range.upperBound) is outside the first axis (0:\(length))"
        case let .indexOutOfRange(i, length):
            return "index \(i) is outside the first axis (0..\(length - 1))"
        }
    }
}
