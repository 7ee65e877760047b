import Tensors

/// A sequential network: layers applied in order to per-sample inputs of `inputShape`.
/// Each layer is checked against the shape before it as it is appended, so a misfit is reported
/// when it is made, naming the layer, instead of when data first flows.
public struct Network: Sendable {
    public let inputShape: [Int]
    public internal(set) var layers: [any Layer] = []
    public private(set) var names: [String] = []
    /// Per-sample output shape of each layer.
    public private(set) var shapes: [[Int]] = []
    /// The seed each layer's values are drawn from when allocated, given when it was added.
    public private(set) var seeds: [UInt64] = []

    public init(inputShape: [Int]) {
        self.inputShape = inputShape
    }

    public var outputShape: [Int] { shapes.last ?? inputShape }

    /// Appends `layer`, named like `conv1`, `relu2`, `pool1`, `fc3` unless a name is given; `seed`
    /// draws its values if it is not yet allocated.
    public mutating func append(_ layer: any Layer, name: String? = nil, seed: UInt64 = 0) throws(ShapeError) {
        var shape: [Int]
        do { shape = try layer.outputShape(for: outputShape) } catch {
            var named = error
            named.layer = "\(name ?? defaultName(for: layer)) (\(layer.summary))"
            throw named
        }
        names.append(name ?? defaultName(for: layer))
        layers.append(layer)
        shapes.append(shape)
        seeds.append(seed)
    }

    private func defaultName(for layer: any Layer) -> String {
        let prefix = ["conv2d": "conv", "conv1d": "conv", "maxpool": "pool", "maxpool1d": "pool", "avgpool": "pool", "batchnorm": "bn"][layer.kind] ?? layer.kind
        let used = names.filter { $0.hasPrefix(prefix) }.count
        return "\(prefix)\(used + 1)"
    }

    public var parameterCount: Int { Self.saturatingSum(layers.map(\.parameterCount)) }

    // MARK: Blueprint and allocation

    /// Whether every layer holds its values; until then the network is a blueprint: shapes, counts,
    /// receptive fields and multiply-adds work, running it does not.
    public var isAllocated: Bool { layers.allSatisfy(\.isAllocated) }

    /// The parameter and buffer values `allocate()` would make (saturating).
    public var unallocated: (parameters: Int, buffers: Int) {
        let pending = layers.filter { !$0.isAllocated }
        return (Self.saturatingSum(pending.map(\.parameterCount)), Self.saturatingSum(pending.map(\.bufferCount)))
    }

    /// Draws every layer's values not yet drawn, each from its own seed: the same values whenever it runs.
    public mutating func allocate() {
        for i in layers.indices where !layers[i].isAllocated { layers[i].allocate(seed: seeds[i]) }
    }

    public static func saturatingSum(_ counts: [Int]) -> Int {
        counts.reduce(0) { sum, c in
            let (s, overflow) = sum.addingReportingOverflow(c)
            return overflow ? .max : s
        }
    }

    /// The shell checks inputs before they get here; a mismatch is a programming error.
    private func checkInput(_ x: Tensor) {
        precondition(isAllocated, "run a network only once allocated")
        precondition(Array(x.shape.dropFirst()) == inputShape, "input \(x.shapeDescription) does not match N×\(Tensor.describe(inputShape))")
    }

    /// Runs every layer on a batch N×inputShape.
    public mutating func forward(_ x: Tensor) -> Tensor {
        forward(x, through: layers.count)
    }

    /// Runs the first `count` layers; `each` hears every layer's output as it is made.
    public mutating func forward(_ x: Tensor, through count: Int, each: (Int, Tensor) -> Void = { _, _ in }) -> Tensor {
        checkInput(x)
        return Self.chain(x, count, each) { i, y in layers[i].forward(y) }
    }

    /// Runs the first `count` layers in evaluation mode (each layer's `inference`: dropout passes x
    /// on, batchnorm uses its running statistics), keeping nothing for backward; `each` hears every
    /// layer's output.
    public func inference(_ x: Tensor, through count: Int, each: (Int, Tensor) -> Void = { _, _ in }) -> Tensor {
        checkInput(x)
        return Self.chain(x, count, each) { i, y in layers[i].inference(y) }
    }

    /// y = f_count(...f_1(x)), each layer applied by `apply` and heard by `each`.
    private static func chain(_ x: Tensor, _ count: Int, _ each: (Int, Tensor) -> Void, _ apply: (Int, Tensor) -> Tensor) -> Tensor {
        var y = x
        for i in 0..<count {
            y = apply(i, y)
            each(i, y)
        }
        return y
    }

    /// The class scores (the output before a final softmax) for a batch, keeping nothing for backward.
    public func logits(_ x: Tensor) -> Tensor {
        checkInput(x)
        var y = x
        for i in 0..<logitLayers { y = layers[i].inference(y) }
        return y
    }

    /// Lets a loader or a finite-difference check change the value of one layer's parameter or
    /// buffer `name` in place; its shape must stay (a blueprint's may be set whole).
    public mutating func updateParameter(_ name: String, ofLayer index: Int, _ body: (inout Tensor) -> Void) {
        if let j = layers[index].parameters.firstIndex(where: { $0.name == name }) {
            body(&layers[index].parameters[j].value)
            precondition(layers[index].parameters[j].isAllocated, "\(names[index]).\(name) changed shape")
            // A blueprint's parameter given its values here gets its gradient too.
            if layers[index].parameters[j].gradient.shape != layers[index].parameters[j].shape {
                layers[index].parameters[j].gradient = Tensor(shape: layers[index].parameters[j].shape)
            }
        } else if let j = layers[index].buffers.firstIndex(where: { $0.name == name }) {
            body(&layers[index].buffers[j].value)
            precondition(layers[index].buffers[j].isAllocated, "\(names[index]).\(name) changed shape")
        } else {
            preconditionFailure("\(names[index]) has no parameter \(name)")
        }
    }

    /// Backpropagates `dy` through the first `count` layers, last to first; returns dL/dx, or an
    /// empty tensor when `needsInputGradient` is false (training needs only the parameters' gradients).
    /// `each` hears the gradient reaching every layer's input as it is made.
    @discardableResult
    public mutating func backward(_ dy: Tensor, from count: Int? = nil, needsInputGradient: Bool = true,
                                  each: (Int, Tensor) -> Void = { _, _ in }) -> Tensor {
        var g = dy
        for i in stride(from: (count ?? layers.count) - 1, through: 0, by: -1) {
            g = layers[i].backward(g, needsInputGradient: i > 0 || needsInputGradient)
            each(i, g)
        }
        return g
    }

    /// Layers that produce the logits: all but a final softmax, whose work the loss does stably.
    /// The one place that rule is written.
    public var logitLayers: Int { layers.last is Softmax ? layers.count - 1 : layers.count }

    /// The layer whose output is the class scores; nil when they are the input itself (no layers).
    public var logitsLayer: Int? { logitLayers > 0 ? logitLayers - 1 : nil }

    /// The per-sample shape of the class scores.
    public var logitShape: [Int] { logitsLayer.map { shapes[$0] } ?? inputShape }

    /// Softmax cross-entropy of `logits`, the class scores the last forward left at `logitsLayer`,
    /// against `labels`, then backward through the layers that made them (`each` hears every layer's
    /// input gradient). Returns the loss's value, probabilities and dL/dz, and dL/dx.
    public mutating func backward(logits: Tensor, labels: Tensor, each: (Int, Tensor) -> Void = { _, _ in })
        -> (loss: Float, probabilities: Tensor, lossGradient: Tensor, inputGradient: Tensor) {
        let result = SoftmaxCrossEntropy.evaluate(logits: logits, targets: labels)
        return (result.loss, result.probabilities, result.gradient, backward(result.gradient, from: logitLayers, each: each))
    }

    /// Class probabilities for a batch: the softmax of its logits, keeping nothing for backward.
    public func probabilities(_ x: Tensor) -> Tensor { Softmax.probabilities(logits(x)) }

    /// Forward, softmax cross-entropy against `labels` (class indices or one-hot), and backward:
    /// every layer's gradients are left for `step`. Returns the loss and the class probabilities.
    @discardableResult
    public mutating func lossAndGradients(_ x: Tensor, labels: Tensor) -> (loss: Float, probabilities: Tensor) {
        let logits = forward(x, through: logitLayers)
        let result = SoftmaxCrossEntropy.evaluate(logits: logits, targets: labels)
        backward(result.gradient, from: logitLayers, needsInputGradient: false)
        return (result.loss, result.probabilities)
    }

    /// One optimizer update of every parameter from the last backward.
    public mutating func step(_ optimizer: inout some Optimizer) {
        optimizer.beginStep()
        for i in layers.indices {
            for j in layers[i].parameters.indices {
                let (key, gradient) = ("\(names[i]).\(layers[i].parameters[j].name)", layers[i].parameters[j].gradient)
                optimizer.update(key, &layers[i].parameters[j].value, gradient)
            }
        }
    }

    /// Samples per chunk of `predict`: what its memory grows with.
    public static let predictionChunk = 64

    /// Class predictions, computed in chunks so memory stays bounded for any number of images.
    public func predict(_ x: Tensor, chunk: Int = predictionChunk) -> [Int] {
        var predictions: [Int] = []
        predictions.reserveCapacity(x.shape[0])
        eachLogitChunk(x, chunk: chunk) { _, logits in predictions += logits.argmaxRows() }
        return predictions
    }

    /// The class scores of `x` a chunk at a time, in order, with the rows they belong to: each chunk
    /// cut in two halves that run at once when two threads are allowed. Evaluation mode, so nothing
    /// is drawn from a random generator and no running statistic moves.
    public func eachLogitChunk(_ x: Tensor, chunk: Int = predictionChunk, _ body: (Range<Int>, Tensor) -> Void) {
        var start = 0
        while start < x.shape[0] {
            let end = min(start + chunk, x.shape[0])
            let part = try! x.slice(start..<end), count = end - start
            var halves = [Tensor?](repeating: nil, count: 2)
            halves.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let out = out
                Parallelism.run(parts: 2) { half in
                    let rows = Parallelism.rows(half, of: 2, count)
                    guard !rows.isEmpty else { return }
                    out[half] = try! logits(try! part.slice(rows)).reshaped([rows.count, -1])
                }
            }
            for half in 0..<2 {
                guard let logits = halves[half] else { continue }
                let rows = Parallelism.rows(half, of: 2, count)
                body((start + rows.lowerBound)..<(start + rows.upperBound), logits)
            }
            start = end
        }
    }

    /// Fraction of `x` whose predicted class equals `labels` (class indices or one-hot rows).
    public func accuracy(_ x: Tensor, labels: Tensor) -> Double {
        let p = predict(x)
        guard !p.isEmpty else { return 0 }
        return Double(zip(p, Self.classIndices(labels)).filter { $0 == $1 }.count) / Double(p.count)
    }

    /// Labels as class indices, from indices or one-hot rows.
    public static func classIndices(_ labels: Tensor) -> [Int] {
        labels.rank == 2 ? labels.argmaxRows() : labels.scalars.map { Int($0) }
    }

    /// Accuracy and mean softmax cross-entropy of `x` against `labels` (class indices or one-hot
    /// rows), from one evaluation-mode pass: what validation measures after each epoch.
    public func evaluate(_ x: Tensor, labels: Tensor) -> (accuracy: Double, loss: Double) {
        let n = x.shape[0]
        guard n > 0 else { return (0, 0) }
        let truth = Self.classIndices(labels)
        var right = 0, lossSum = 0.0
        eachLogitChunk(x) { rows, logits in
            right += zip(logits.argmaxRows(), truth[rows]).filter { $0 == $1 }.count
            let targets = labels.rank == 2 ? try! labels.slice(rows) : Tensor(shape: [rows.count], scalars: Array(labels.scalars[rows]))
            lossSum += SoftmaxCrossEntropy.loss(logits: logits, targets: targets) * Double(rows.count)
        }
        return (Double(right) / Double(n), lossSum / Double(n))
    }
}
