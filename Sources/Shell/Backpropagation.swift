import Tensors

/// What one `backward` left besides the parameters' gradients (LAYER.dW, LAYER.db): the gradient
/// reaching every layer's input and where it started, so each of them can be shown and explained.
struct Backpropagation {
    /// dL/dx at each layer's input, by layer name: `relu1.dx`. A final softmax that the loss folded
    /// in gets the loss's gradient (y − t)/N, which is what reaches its input.
    var inputGradients: [String: Tensor]
    /// How many layers, from the first, the gradient went back through.
    var layers: Int
    /// The gradient it started from at the output of layer `layers − 1`: the loss's dL/dz, the
    /// learner's dA, or ones.
    var seed: Tensor
    /// With labels: the loss, the labels as given, and the class probabilities softmax(z).
    var loss: Loss?
    /// What explain calls the seed when there is no loss: `ones (plain backward)`, `g (backward dA=g)`.
    var seedName = "ones (plain backward)"

    struct Loss {
        var value: Float
        var labels: Tensor
        var probabilities: Tensor
    }
}
