import Tensors

/// A network as a list of layer recipes for an input shape: the course's networks and the famous
/// ones it asks about, ready for `net NAME`. Made into a network it is a blueprint: shapes,
/// parameter counts and multiply-adds are known at once, the weights are drawn when first needed.
public struct Blueprint: Sendable {
    public let name: String
    /// The per-sample input it was designed for.
    public let input: [Int]
    public let layers: [LayerRecipe]

    /// The layers for `inputShape` (by default its own) with `classes` outputs (the last fc's width,
    /// by default its own), each layer's seed drawn from `rng`; throws the first layer that does not fit.
    public func network(inputShape: [Int]? = nil, classes: Int? = nil, using rng: inout RandomGenerator) throws(ShapeError) -> Network {
        let classes = classes ?? self.classes
        var net = Network(inputShape: inputShape ?? input)
        let last = layers.lastIndex { if case .fc = $0 { true } else { false } }
        for (i, recipe) in layers.enumerated() {
            var recipe = recipe
            if i == last, case let .fc(_, initializer) = recipe { recipe = .fc(outputs: classes, initializer: initializer) }
            try net.append(recipe.layer(for: net.outputShape), seed: rng.next())
        }
        return net
    }

    /// The smallest C×S×S input with `input`'s channels (its own C×H×W when `input` is not an image)
    /// whose every layer fits, up to the size it was designed for; nil when none does.
    public func smallestSquareInput(like input: [Int]) -> [Int]? {
        let channels = input.count == 3 ? input[0] : self.input[0]
        var scratch = RandomGenerator(seed: 0)
        return (1...max(self.input.dropFirst().max() ?? 1, 1)).lazy.map { [channels, $0, $0] }
            .first { (try? network(inputShape: $0, using: &scratch)) != nil }
    }

    /// The same network with batchnorm (momentum 0.1, ε 1e-5) after every convolution: `bench`'s
    /// LeNet+batchnorm.
    public var withBatchNorm: Blueprint {
        Blueprint(name: name + "+batchnorm", input: input,
                  layers: layers.flatMap { if case .conv2d = $0 { [$0, .batchnorm(momentum: 0.1, epsilon: 1e-5)] } else { [$0] } })
    }

    /// The outputs of its last fc: the classes it tells apart.
    public var classes: Int {
        for case let .fc(outputs, _) in layers.reversed() { return outputs }
        return 0
    }

    public static let all = [lenet, alexnet, vgg16, vgg11, simpleconvnet, fc]

    private static func conv(_ filters: Int, _ k: Int, stride: Int = 1, pad: Int = 0, _ initializer: Initializer = .he) -> LayerRecipe {
        .conv2d(filters: filters, window: Window(kernelHeight: k, kernelWidth: k, stride: stride, padding: pad), initializer: initializer)
    }
    private static func maxpool(_ k: Int, stride: Int? = nil) -> LayerRecipe {
        .maxpool(Window(kernelHeight: k, kernelWidth: k, stride: stride ?? k))
    }

    /// LeNet as the course builds it, with LeCun's σ = √(1/fan_in) (`xavier`).
    public static let lenet = Blueprint(
        name: "lenet", input: [1, 28, 28],
        layers: [conv(6, 5, .xavier), .relu, maxpool(2), conv(16, 5, .xavier), .relu, maxpool(2), .flatten,
                 .fc(outputs: 120, initializer: .xavier), .relu, .fc(outputs: 84, initializer: .xavier), .relu,
                 .fc(outputs: 10, initializer: .xavier), .softmax])

    /// AlexNet on one tower: 5 conv + 3 fc, ReLU, overlapping 3×3 max pools; no LRN; dropout 0.5 before fc1 and fc2, as the paper.
    public static let alexnet = Blueprint(
        name: "alexnet", input: [3, 227, 227],
        layers: [conv(96, 11, stride: 4), .relu, maxpool(3, stride: 2), conv(256, 5, pad: 2), .relu, maxpool(3, stride: 2),
                 conv(384, 3, pad: 1), .relu, conv(384, 3, pad: 1), .relu, conv(256, 3, pad: 1), .relu, maxpool(3, stride: 2),
                 .flatten, .dropout(0.5), .fc(outputs: 4096, initializer: .he), .relu, .dropout(0.5), .fc(outputs: 4096, initializer: .he), .relu,
                 .fc(outputs: 1000, initializer: .he), .softmax])

    /// VGG: 3×3 convolutions (pad 1) in blocks, each block ending in a 2×2 max pool; `0` marks a pool;
    /// dropout 0.5 before the first two fc layers, as the paper.
    private static func vgg(_ blocks: [Int]) -> [LayerRecipe] {
        blocks.flatMap { $0 == 0 ? [maxpool(2)] : [conv($0, 3, pad: 1), .relu] }
            + [.flatten, .dropout(0.5), .fc(outputs: 4096, initializer: .he), .relu, .dropout(0.5), .fc(outputs: 4096, initializer: .he), .relu,
               .fc(outputs: 1000, initializer: .he), .softmax]
    }

    public static let vgg16 = Blueprint(
        name: "vgg16", input: [3, 224, 224],
        layers: vgg([64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0]))

    public static let vgg11 = Blueprint(
        name: "vgg11", input: [3, 224, 224],
        layers: vgg([64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0]))

    /// The course's exercise network, with its N(0, 0.01²) weights.
    public static let simpleconvnet = Blueprint(
        name: "simpleconvnet", input: [1, 28, 28],
        layers: [conv(30, 5, .gaussian(sigma: 0.01)), .relu, maxpool(2), .flatten,
                 .fc(outputs: 100, initializer: .gaussian(sigma: 0.01)), .relu,
                 .fc(outputs: 10, initializer: .gaussian(sigma: 0.01)), .softmax])

    /// The DNN sprint's fully connected network 784-400-200-10, σ 0.01.
    public static let fc = Blueprint(
        name: "fc", input: [1, 28, 28],
        layers: [.flatten, .fc(outputs: 400, initializer: .gaussian(sigma: 0.01)), .relu,
                 .fc(outputs: 200, initializer: .gaussian(sigma: 0.01)), .relu,
                 .fc(outputs: 10, initializer: .gaussian(sigma: 0.01)), .softmax])
}
