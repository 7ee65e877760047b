import Tensors

/// What `shapes` reports beside each layer's shape and parameters: how far into the input one of its
/// values sees (the receptive field) and how many multiply-adds one sample costs it.
extension Network {
    /// The per-sample shape that layer `i` takes: the input's, or the output of the layer before.
    public func inputShape(ofLayer i: Int) -> [Int] { i == 0 ? inputShape : shapes[i - 1] }

    /// Each layer's receptive field, folded from the input's single pixel (r = 1, j = 1) through
    /// every layer by `Layer.receptiveField(from:)`. For LeNet: conv1 5, pool1 6 (jump 2), conv2 14,
    /// pool2 16 (jump 4), and the whole input from fc1 on.
    public var receptiveFields: [ReceptiveField] {
        var field = ReceptiveField.pixel
        return layers.map { layer in
            field = layer.receptiveField(from: field)
            return field
        }
    }

    /// Layer `i`'s multiply-adds per sample as factors (conv OH·OW·M·C·KH·KW, fc I·O); empty for none.
    public func multiplyAddFactors(ofLayer i: Int) -> [Int] {
        layers[i].multiplyAddFactors(for: inputShape(ofLayer: i))
    }

    /// Layer `i`'s multiply-adds per sample, 0 for a layer without weights; nil when the count does
    /// not fit in an Int.
    public func multiplyAdds(ofLayer i: Int) -> Int? {
        let factors = multiplyAddFactors(ofLayer: i)
        return factors.isEmpty ? 0 : Tensor.checkedProduct(factors)
    }

    /// The multiply-adds of one sample through every layer; nil when the count does not fit in an Int.
    public var multiplyAdds: Int? {
        var total = 0
        for i in layers.indices {
            guard let count = multiplyAdds(ofLayer: i) else { return nil }
            let (sum, overflow) = total.addingReportingOverflow(count)
            if overflow { return nil }
            total = sum
        }
        return total
    }
}

extension Network {
    /// The multiply-adds one training sample costs: forward, then backward's weight and input
    /// gradients, each as many as the forward, except the input gradient of the first layer, which
    /// training never computes: 3·Σ Fᵢ − F₀. LeNet: 3 · 281,640 − 86,400 = 758,520 (1.52 MFLOP).
    public var trainingMultiplyAdds: Int? {
        guard let forward = multiplyAdds, let first = layers.isEmpty ? 0 : multiplyAdds(ofLayer: 0) else { return nil }
        let (tripled, overflow) = forward.multipliedReportingOverflow(by: 3)
        return overflow ? nil : tripled - first
    }
}
