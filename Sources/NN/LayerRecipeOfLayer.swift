import Tensors

extension LayerRecipe {
    /// The recipe `layer` was made from: `recipe.layer(for: input)` makes the same layer again,
    /// declared, with the same rule for drawing its values. Nil for a layer no recipe makes (one
    /// built from given weights whose fills match no initializer).
    public init?(_ layer: any Layer) {
        switch layer {
        case let l as Conv2d:
            guard let i = Initializer(layer.parameters, fanIn: l.channels * l.window.kernelHeight * l.window.kernelWidth) else { return nil }
            self = .conv2d(filters: l.filters, window: l.window, initializer: i)
        case let l as Conv1d:
            guard let i = Initializer(layer.parameters, fanIn: l.channels * l.axis.kernel) else { return nil }
            self = .conv1d(filters: l.filters, axis: l.axis, initializer: i)
        case let l as Linear:
            guard let i = Initializer(layer.parameters, fanIn: l.inputs) else { return nil }
            self = .fc(outputs: l.outputs, initializer: i)
        case let l as MaxPool2d: self = .maxpool(l.window)
        case let l as AvgPool2d: self = .avgpool(l.window)
        case let l as MaxPool1d: self = .maxpool1d(l.axis)
        case let l as Dropout: self = .dropout(l.rate)
        case let l as BatchNorm: self = .batchnorm(momentum: l.momentum, epsilon: l.epsilon)
        case let l as LeakyReLU: self = .leakyrelu(l.slope)
        case is Flatten: self = .flatten
        case is ReLU: self = .relu
        case is Tanh: self = .tanh
        case is Sigmoid: self = .sigmoid
        case is Softmax: self = .softmax
        default: return nil
        }
    }
}

extension Initializer {
    /// The initializer that declares a weight and a bias as `parameters` are declared: gaussian
    /// draws the bias too, xavier and he set σ from the fan-in.
    init?(_ parameters: [Parameter], fanIn: Int) {
        guard parameters.count == 2, case let .normal(sigma) = parameters[0].fill else { return nil }
        let candidates: [Initializer] = [.xavier, .he, .gaussian(sigma: sigma)]
        guard let match = candidates.first(where: { $0.weightFill(fanIn: fanIn) == parameters[0].fill && $0.biasFill == parameters[1].fill }) else { return nil }
        self = match
    }
}
