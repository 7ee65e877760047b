import Tensors

/// A sequential network: layers applied in order to per-sample inputs of `inputShape`.
/// Each layer is checked against the shape before it as it is appended, so a misfit is reported
/// when it is made, naming the layer, instead of when data first flows.
public struct Network: Sendable {
    public let inputShape: [Int]
    public private(set) var layers: [any Layer] = []
    public private(set) var names: [String] = []
    /// Per-sample output shape of each layer.
    public private(set) var shapes: [[Int]] = []

    public init(inputShape: [Int]) {
        self.inputShape = inputShape
    }

    public var outputShape: [Int] { shapes.last ?? inputShape }

    /// Appends `layer`, named like `conv1`, `relu2`, `pool1`, `fc3` unless a name is given.
    public mutating func append(_ layer: any Layer, name: String? = nil) throws(ShapeError) {
        var shape: [Int]
        do { shape = try layer.outputShape(for: outputShape) } catch {
            var named = error
            named.layer = "\(name ?? defaultName(for: layer)) (\(layer.summary))"
            throw named
        }
        names.append(name ?? defaultName(for: layer))
        layers.append(layer)
        shapes.append(shape)
    }

    private func defaultName(for layer: any Layer) -> String {
        let prefix = ["conv2d": "conv", "maxpool": "pool", "avgpool": "pool"][layer.kind] ?? layer.kind
        let used = names.filter { $0.hasPrefix(prefix) }.count
        return "\(prefix)\(used + 1)"
    }

    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

    /// Runs every layer on a batch N×inputShape.
    public mutating func forward(_ x: Tensor) -> Tensor {
        forward(x, through: layers.count)
    }

    /// Runs the first `count` layers.
    public mutating func forward(_ x: Tensor, through count: Int) -> Tensor {
        precondition(Array(x.shape.dropFirst()) == inputShape, "input \(x.shapeDescription) does not match N×\(Tensor.describe(inputShape))")
        var y = x
        for i in 0..<count { y = layers[i].forward(y) }
        return y
    }

    /// Backpropagates `dy` through the first `count` layers, last to first; returns dL/dx.
    @discardableResult
    public mutating func backward(_ dy: Tensor, from count: Int? = nil) -> Tensor {
        var g = dy
        for i in stride(from: (count ?? layers.count) - 1, through: 0, by: -1) { g = layers[i].backward(g) }
        return g
    }

    /// Layers that produce the logits: all but a final softmax, whose work the loss does stably.
    var logitLayers: Int { layers.last is Softmax ? layers.count - 1 : layers.count }

    /// Forward, softmax cross-entropy against `labels` (class indices or one-hot), and backward:
    /// every layer's gradients are left for `step`. Returns the loss and the class probabilities.
    @discardableResult
    public mutating func lossAndGradients(_ x: Tensor, labels: Tensor) -> (loss: Float, probabilities: Tensor) {
        let logits = forward(x, through: logitLayers)
        let result = SoftmaxCrossEntropy.evaluate(logits: logits, targets: labels)
        backward(result.gradient, from: logitLayers)
        return (result.loss, result.probabilities)
    }

    /// One optimizer update of every parameter from the last backward.
    public mutating func step(_ optimizer: inout some Optimizer) {
        optimizer.beginStep()
        for i in layers.indices {
            let name = names[i]
            layers[i].updateParameters { param, value, gradient in
                optimizer.update("\(name).\(param)", &value, gradient)
            }
        }
    }

    /// Class predictions, computed in chunks so memory stays bounded for any number of images.
    public mutating func predict(_ x: Tensor, chunk: Int = 500) -> [Int] {
        var predictions: [Int] = []
        predictions.reserveCapacity(x.shape[0])
        var start = 0
        while start < x.shape[0] {
            let end = min(start + chunk, x.shape[0])
            let logits = forward(try! x.slice(start..<end), through: logitLayers)
            predictions += try! logits.reshaped([end - start, -1]).argmaxRows()
            start = end
        }
        return predictions
    }

    /// Fraction of `x` whose predicted class equals `labels` (class indices).
    public mutating func accuracy(_ x: Tensor, labels: Tensor) -> Double {
        let p = predict(x)
        guard !p.isEmpty else { return 0 }
        return Double(zip(p, labels.scalars).filter { $0 == Int($1) }.count) / Double(p.count)
    }
}
