import Tensors

/// A layer whose elements `explain` can trace to the course's formula. Each gets the tensors the
/// last forward and backward kept, and a full index that lies inside the tensor explained.
public protocol Explainable: Layer {
    /// Element `index` of the output y, from x, the input the last forward gave the layer.
    func explainOutput(_ x: Tensor, at index: [Int]) -> Explanation
    /// Element `index` of the output of the evaluation pass (`forward X mode=eval`), which differs
    /// from the training pass only for dropout and batchnorm.
    func explainInference(_ x: Tensor, at index: [Int]) -> Explanation
    /// Element `index` of dx = dL/dx, from x, the layer's output y and dA = dL/dy.
    func explainInputGradient(_ x: Tensor, output y: Tensor, dA: Tensor, at index: [Int]) -> Explanation
}

extension Explainable {
    public func explainInference(_ x: Tensor, at index: [Int]) -> Explanation { explainOutput(x, at: index) }
}

/// A layer with parameters whose gradients `explain` can trace: W and b, or batchnorm's γ and β.
public protocol ExplainableWeights: Explainable {
    /// Element `index` of dW or dγ (parameter 0), db or dβ (parameter 1), from the input x and dA = dL/dy.
    func explainGradient(ofParameter parameter: Int, _ x: Tensor, dA: Tensor, at index: [Int]) -> Sum
}
