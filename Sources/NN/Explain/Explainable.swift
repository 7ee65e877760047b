import Tensors

/// A layer whose elements `explain` can trace to the course's formula. Each gets the tensors the
/// last forward and backward kept, and a full index that lies inside the tensor explained.
public protocol Explainable: Layer {
    /// Element `index` of the output y, from x, the input the last forward gave the layer.
    func explainOutput(_ x: Tensor, at index: [Int]) -> Explanation
    /// Element `index` of dx = dL/dx, from x, the layer's output y and dA = dL/dy.
    func explainInputGradient(_ x: Tensor, output y: Tensor, dA: Tensor, at index: [Int]) -> Explanation
}

/// A layer with weights W and bias b whose gradients `explain` can trace.
public protocol ExplainableWeights: WeightedLayer, Explainable {
    /// Element `index` of dW (parameter 0) or db (parameter 1), from the input x and dA = dL/dy.
    func explainGradient(ofParameter parameter: Int, _ x: Tensor, dA: Tensor, at index: [Int]) -> Sum
}
