import Foundation
import NN
import Tensors

/// When a blueprint's weights are drawn and what they cost: checked against the memory limit with
/// whatever else the command needs, so that nothing big is allocated before a refusal.
extension Network {
    /// What the weights not yet drawn will cost once trained: each parameter's value, gradient and an
    /// optimizer's two moments (Adam's m and v), four floats; a buffer one.
    var pendingWeightBytes: Double {
        let (parameters, buffers) = unallocated
        return Self.weightBytes(parameters: parameters, buffers: buffers)
    }

    static func weightBytes(parameters: Int, buffers: Int) -> Double {
        (4 * Double(parameters) + Double(buffers)) * Double(MemoryLayout<Float>.stride)
    }

    /// The network with its weights: drawn now if it is still a blueprint (the very values it keeps
    /// once allocated), refused when they would not fit in the memory limit.
    func withWeights() throws(ShellError) -> Network {
        guard !isAllocated else { return self }
        let pending = unallocated.parameters
        try Network.checkWeights(pendingWeightBytes, of: tr("memory.network-parameters", Format.grouped(pending)))
        var network = self
        network.allocate()
        return network
    }

    /// Refuses weights (with what training adds) beyond the memory limit; `what` names them.
    static func checkWeights(_ bytes: Double, of what: String) throws(ShellError) {
        try MemoryGuard.check(bytes, for: tr("memory.with-training-state", what), hint: MemoryGuard.raiseHint(bytes))
    }
}
