import Tensors

/// A layer as `add` reads it and a preset lists it: its kind and settings, without the sizes it
/// takes from the layer before (a convolution's channels, fc's inputs) and without values. Made into
/// a layer, declared but not allocated, for the per-sample shape it will take.
public enum LayerRecipe: Sendable, Equatable, Codable {
    case conv2d(filters: Int, window: Window, initializer: Initializer)
    case maxpool(Window)
    case avgpool(Window)
    /// A convolution along a sequence C×L: M filters of C×K on the window's one axis.
    case conv1d(filters: Int, axis: Window.Axis, initializer: Initializer)
    case maxpool1d(Window.Axis)
    case fc(outputs: Int, initializer: Initializer)
    case flatten, relu, tanh, sigmoid, softmax
    /// Inverted dropout with rate P.
    case dropout(Float)
    case batchnorm(momentum: Float, epsilon: Float)
    /// Leaky ReLU with its negative slope.
    case leakyrelu(Float)

    /// The sliding window, for the uneven-stride warning; nil for a layer that does not slide one.
    public var window: Window? {
        switch self {
        case let .conv2d(_, window, _), let .maxpool(window), let .avgpool(window): return window
        case let .conv1d(_, axis, _), let .maxpool1d(axis): return Window(sequence: axis)
        default: return nil
        }
    }

    /// The layer for per-sample input `input`; `Network.append` then checks that it fits.
    public func layer(for input: [Int]) -> any Layer {
        switch self {
        case let .conv2d(filters, window, initializer):
            return Conv2d(channels: input.count == 3 ? input[0] : 1, filters: filters, window: window, initializer: initializer)
        case let .maxpool(window): return MaxPool2d(window: window)
        case let .avgpool(window): return AvgPool2d(window: window)
        case let .conv1d(filters, axis, initializer):
            return Conv1d(channels: input.count == 2 ? input[0] : 1, filters: filters, axis: axis, initializer: initializer)
        case let .maxpool1d(axis): return MaxPool1d(axis: axis)
        case let .fc(outputs, initializer):
            // A shape that is not flat makes fc refuse it (add flatten first), saying how many values it has.
            return Linear(inputs: Tensor.checkedProduct(input) ?? .max, outputs: outputs, initializer: initializer)
        case .flatten: return Flatten()
        case .relu: return ReLU()
        case .tanh: return Tanh()
        case .sigmoid: return Sigmoid()
        case .softmax: return Softmax()
        case let .dropout(rate): return Dropout(rate: rate)
        // Made for the shape it is given; `Network.append` refuses a shape it cannot normalise.
        case let .batchnorm(momentum, epsilon): return BatchNorm(shape: input, momentum: momentum, epsilon: epsilon)
        case let .leakyrelu(slope): return LeakyReLU(slope: slope)
        }
    }
}
