import NN
import Tensors

/// The stored tensors one explained element was computed from, with the names the learner knows
/// them by, and the NN side's trace of it.
struct ExplainInputs {
    /// The layer's input x as the last forward gave it, and what it is called (`relu1.out`).
    var x: Tensor
    var xName: String
    /// dA = dL/dy at the layer's output, for gradients: the next layer's dx, or what backward started from.
    var dA: Tensor?
    var dAName: String
    var explanation: Explanation?
    /// The loss's own traces (`loss`, `loss[n]`, and a final softmax's dx that the loss folded in).
    var lossSamples: [LossSample] = []
    var lossGradient: LossGradient?

    init(_ target: ExplainTarget, _ ws: Workspace) {
        let net = ws.network, bp = ws.backpropagation
        if target.part == .loss {
            let loss = bp!.loss!, (logits, logitsName) = ws.logits!
            let samples = target.index.first.map { [$0] } ?? Array(0..<logits.shape[0])
            lossSamples = samples.map { SoftmaxCrossEntropy.explain(logits: logits, targets: loss.labels, sample: $0) }
            (x, xName, dAName) = (logits, logitsName, "")
            return
        }
        let i = target.layer!, names = net!.names, layer = net!.layers[i]
        (x, xName) = ws.input(ofLayer: i)!  // ExplainTarget checked it was kept
        dAName = ""
        guard target.part != .output else {
            let explainable = layer as? any Explainable
            explanation = ws.forwardWasEval ? explainable?.explainInference(x, at: target.index) : explainable?.explainOutput(x, at: target.index)
            return
        }
        if i >= bp!.layers, let loss = bp!.loss {  // a final softmax the loss folded in
            lossGradient = SoftmaxCrossEntropy.explainGradient(logits: x, targets: loss.labels, at: target.index)
            return
        }
        let gradient = i == bp!.layers - 1 ? bp!.seed : bp!.inputGradients[names[i + 1]]!
        dA = gradient
        dAName = i == bp!.layers - 1 ? (bp!.loss != nil ? tr("explain.from-loss", "(y − t)/N") : bp!.seedName)
            : "\(names[i + 1]).dx"
        if case .parameterGradient(let p) = target.part {
            explanation = (layer as? any ExplainableWeights).map { .sum($0.explainGradient(ofParameter: p, x, dA: gradient, at: target.index)) }
        } else {
            explanation = (layer as? any Explainable)?.explainInputGradient(x, output: ws.outputs[names[i]]!, dA: gradient, at: target.index)
        }
    }
}
