import Foundation
import Tensors

/// Softmax over each row: x N×C → y N×C, y_j = e^(x_j − max x) / Σ_k e^(x_k − max x).
/// Backward (the Jacobian-vector product): dx = y ⊙ (dy − Σ_j dy_j·y_j).
public struct Softmax: Layer {
    private var output = Tensor(shape: [0])
    public init() {}
    public var kind: String { "softmax" }
    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] {
        guard input.count == 1 else { throw ShapeError(layer: kind, input: input, expected: "a vector of class scores", hint: "add flatten and fc first") }
        return input
    }

    static func probabilities(_ x: Tensor) -> Tensor {
        let (rows, cols) = (x.shape[0], x.shape[1])
        var y = x
        y.withUnsafeMutableBufferPointer { p in
            for r in 0..<rows {
                let row = UnsafeMutableBufferPointer(rebasing: p[(r * cols)..<((r + 1) * cols)])
                let top = row.max() ?? 0
                var sum: Float = 0
                for i in row.indices { row[i] = Foundation.exp(row[i] - top); sum += row[i] }
                for i in row.indices { row[i] /= sum }
            }
        }
        return y
    }

    public mutating func forward(_ x: Tensor) -> Tensor {
        output = Softmax.probabilities(x)
        return output
    }

    public mutating func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        let cols = output.shape[1]
        var dx = dy
        dx.withUnsafeMutableBufferPointer { d in
            for r in 0..<output.shape[0] {
                var dot: Float = 0
                for c in 0..<cols { dot += d[r * cols + c] * output[flat: r * cols + c] }
                for c in 0..<cols { d[r * cols + c] = output[flat: r * cols + c] * (d[r * cols + c] - dot) }
            }
        }
        return dx
    }
}

/// Softmax followed by cross-entropy, averaged over the batch, on logits z N×C:
/// `L = −(1/N) Σ_n Σ_j t[n,j] · log y[n,j]`, y = softmax(z), computed stably as
/// `log y_j = z_j − max z − log Σ_k e^(z_k − max z)`. Targets are class indices (shape N) or one-hot
/// (shape N×C). Gradient: `dL/dz = (y − t)/N`.
public enum SoftmaxCrossEntropy {
    public static func evaluate(logits z: Tensor, targets: Tensor) -> (loss: Float, probabilities: Tensor, gradient: Tensor) {
        precondition(z.rank == 2, "logits must be N×C")
        let (n, c) = (z.shape[0], z.shape[1])
        let t: Tensor
        if targets.shape == [n] {
            var oneHot = Tensor(shape: [n, c])
            for r in 0..<n { oneHot[flat: r * c + Int(targets[flat: r])] = 1 }
            t = oneHot
        } else {
            precondition(targets.shape == [n, c], "targets must be N class indices or N×C one-hot")
            t = targets
        }
        let y = Softmax.probabilities(z)
        var loss = 0.0
        for r in 0..<n {
            var top = -Float.infinity
            for j in 0..<c { top = max(top, z[flat: r * c + j]) }
            var sum = 0.0
            for j in 0..<c { sum += Foundation.exp(Double(z[flat: r * c + j] - top)) }
            let logSum = Foundation.log(sum)
            for j in 0..<c where t[flat: r * c + j] != 0 {
                loss -= Double(t[flat: r * c + j]) * (Double(z[flat: r * c + j] - top) - logSum)
            }
        }
        var grad = y
        grad.withUnsafeMutableBufferPointer { g in
            for i in g.indices { g[i] = (g[i] - t[flat: i]) / Float(n) }
        }
        return (Float(loss / Double(n)), y, grad)
    }
}
