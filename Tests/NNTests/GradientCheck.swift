import NN
import Tensors
import XCTest

/// Finite-difference check of a layer's input gradient: loss = Σ y·r for a fixed random r, central
/// differences with step h, loss summed in Double. Returns max|analytic − numeric| / max|numeric|.
func inputGradientError<L: Layer>(_ layer: L, input x: Tensor, h: Float = 1e-2, seed: UInt64 = 5) -> Float {
    var rng = RandomGenerator(seed: seed)
    var l = layer
    let y = l.forward(x)
    let r = Tensor.randomNormal(shape: y.shape, sigma: 1, using: &rng)
    let dx = l.backward(r)
    func loss(_ input: Tensor) -> Double {
        var c = layer
        return zip(c.forward(input).scalars, r.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
    }
    var worst: Float = 0, scale: Float = 0
    for i in 0..<x.count {
        var xp = x, xm = x
        xp[flat: i] += h; xm[flat: i] -= h
        let numeric = Float((loss(xp) - loss(xm)) / Double(2 * h))
        worst = max(worst, abs(numeric - dx[flat: i]))
        scale = max(scale, abs(numeric))
    }
    return worst / scale
}

/// Inputs whose values are a shuffled ladder spaced 0.1 apart and offset by 0.05 from 0: no two values of a pooling
/// window are within 2h of each other and none is within h of ReLU's kink, so finite differences are exact.
func kinkFreeInput(shape: [Int], seed: UInt64) -> Tensor {
    var rng = RandomGenerator(seed: seed)
    let n = shape.reduce(1, *)
    let values = rng.permutation(n).map { Float($0 - n / 2) * 0.1 + 0.05 }
    return Tensor(shape: shape, scalars: values)
}

/// The same check for every parameter of a layer (W, then b): max|analytic − numeric| / max|numeric|
/// over all their entries, with the loss Σ y·r of `inputGradientError`.
func parameterGradientError<L: Layer>(_ layer: L, input x: Tensor, h: Float = 1e-2, seed: UInt64 = 5) -> Float {
    var rng = RandomGenerator(seed: seed)
    var l = layer
    let r = Tensor.randomNormal(shape: l.forward(x).shape, sigma: 1, using: &rng)
    _ = l.backward(r)
    func loss(_ changed: L) -> Double {
        var c = changed
        return zip(c.forward(x).scalars, r.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
    }
    var worst: Float = 0, scale: Float = 0
    for j in layer.parameters.indices {
        for i in 0..<layer.parameters[j].value.count {
            var lp = layer, lm = layer
            lp.parameters[j].value[flat: i] += h; lm.parameters[j].value[flat: i] -= h
            let numeric = Float((loss(lp) - loss(lm)) / Double(2 * h))
            worst = max(worst, abs(numeric - l.parameters[j].gradient[flat: i]))
            scale = max(scale, abs(numeric))
        }
    }
    return worst / scale
}
