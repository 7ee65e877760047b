import Tensors

/// The finite-difference check of a network's parameter gradients (`gradcheck`).
///
/// Loss: L = Σ y⊙R, the network's output y for a batch x against a fixed random R of y's shape, so
/// that every layer's backward is exercised (a final softmax's too); backward from dL/dy = R gives
/// the analytic gradients g.
///
/// Numeric derivative of one entry w of a parameter: L is re-evaluated in double precision
/// (`forwardInDouble`, from the same Float weights), so its differences measure the formulas and not
/// float32 rounding; with step h = 1e-3·max(1, |w|) and D(s) = (L(w + s) − L(w − s))/2s,
///     n = (4·D(h/2) − D(h))/3    (Richardson extrapolation: the h² errors of D cancel, O(h⁴) is left).
/// A ReLU or a max pool that switches inside the step (its branch record differs from that at w)
/// makes L kinked there: then the side that does not switch is used, with S(s) = (L(w ± s) − L(w))/±s,
///     n = 2·S(h/2) − S(h)        (one-sided, the h error cancelled),
/// and if both sides switch, steps ten, a hundred and a thousand times smaller are tried; an entry
/// kinked on both sides at every step is left out and counted.
///
/// Error of a parameter, over its checked entries j not left out:
///     error = max_j |g_j − n_j| / max_j max(|g_j|, |n_j|)    (0 when every g_j and n_j is 0).
public enum GradientCheck {
    /// An error below this is agreement: float32 backward passes are good to about 1e-5 of the largest gradient.
    public static let tolerance = 1e-3

    /// One parameter's outcome.
    public struct Row: Sendable, Equatable {
        public var layer: Int
        public var parameter: String
        public var shape: [Int]
        /// Entries compared: those with a non-zero analytic gradient first, spread over the tensor, then
        /// zero ones only when there are too few non-zero ones.
        public var checked: Int
        /// Checked entries whose analytic gradient is exactly 0.
        public var zero: Int
        /// Checked entries left out because both sides kink at every step.
        public var kinks: Int
        /// nil when every checked entry was left out.
        public var error: Double?
        /// max_j max(|g_j|, |n_j|) over the entries compared: the error's denominator; 0 when every
        /// gradient compared, analytic and numeric, is 0.
        public var scale: Double = 0
        public var passed: Bool { (error ?? 0) < GradientCheck.tolerance }
        /// Every entry compared has g = n = 0, or both below a millionth of the largest gradient of
        /// the check (float32 rounding, as for a bias a batchnorm subtracts again): the error compares
        /// nothing, so it is no pass.
        public internal(set) var allZero = false
    }

    /// A check stopped because `shouldContinue` said so: `done` of the `total` entries were compared.
    public struct Stopped: Error, Equatable {
        public var done: Int
        public var total: Int
        public init(done: Int, total: Int) { (self.done, self.total) = (done, total) }
    }

    /// Entries `run` compares for `entries` per parameter of the layers at `layers`: min(entries, size) each.
    public static func entryCount(_ network: Network, layers: [Int], entries: Int) -> Int {
        layers.reduce(0) { sum, i in network.layers[i].parameters.reduce(sum) { $0 + min(entries, $1.value.count) } }
    }

    /// Runs the check on `entries` entries of each parameter of the layers at `layers`, for input x
    /// and projection R (y's shape). The network is not changed. Before each entry it asks
    /// `shouldContinue(done, total)` (entries compared so far, of `entryCount`), and stops with
    /// `Stopped` when that answers false: a long check can report progress and be interrupted.
    public static func run(_ network: Network, input x: Tensor, projection r: Tensor, layers: [Int], entries: Int,
                           shouldContinue: (_ done: Int, _ total: Int) -> Bool = { _, _ in true }) throws(Stopped) -> [Row] {
        let total = entryCount(network, layers: layers, entries: entries)
        var done = 0
        var net = network
        _ = net.forward(x)
        _ = net.backward(r)
        let rs = r.scalars.map(Double.init)
        // Every layer's input in Double at the unchanged weights, so a probe of layer i reruns only layers i...
        var inputs = [DoubleBatch(x)], scratch: [Int32] = []
        let values = net.layers.map { $0.parameters.map { $0.value.scalars.map(Double.init) } }
        for (i, layer) in net.layers.enumerated() {
            inputs.append(layer.forwardInDouble(inputs[i], parameters: values[i], branches: &scratch))
        }
        /// L and the branch record of layers i... with entry j of parameter p of layer i set to v.
        func loss(_ i: Int, _ p: Int, _ j: Int, _ v: Double) -> (Double, [Int32]) {
            var own = values[i]
            own[p][j] = v
            var branches: [Int32] = [], y = net.layers[i].forwardInDouble(inputs[i], parameters: own, branches: &branches)
            for k in i + 1..<net.layers.count { y = net.layers[k].forwardInDouble(y, parameters: values[k], branches: &branches) }
            return (DoubleKernels.dot(y.scalars, rs), branches)
        }
        var rows: [Row] = []
        for i in layers {
            for (p, parameter) in net.layers[i].parameters.enumerated() {
                let g = parameter.gradient.scalars
                let picks = sample(g, entries)
                let centre = loss(i, p, picks[0], values[i][p][picks[0]])
                var worst = 0.0, scale = 0.0, kinks = 0
                for j in picks {
                    guard shouldContinue(done, total) else { throw Stopped(done: done, total: total) }
                    done += 1
                    let w = values[i][p][j]
                    guard let n = derivative(at: w, centre: centre, { loss(i, p, j, $0) }) else { kinks += 1; continue }
                    worst = max(worst, abs(Double(g[j]) - n))
                    scale = max(scale, abs(Double(g[j])), abs(n))
                }
                rows.append(Row(layer: i, parameter: parameter.name, shape: parameter.value.shape, checked: picks.count,
                                zero: picks.filter { g[$0] == 0 }.count, kinks: kinks,
                                error: kinks == picks.count ? nil : scale > 0 ? worst / scale : 0, scale: scale))
            }
        }
        let largest = rows.map(\.scale).max() ?? 0
        for r in rows.indices { rows[r].allZero = rows[r].error != nil && rows[r].scale <= 1e-6 * largest }
        return rows
    }

    /// Up to `k` indices: those with a non-zero gradient, evenly spread, then zero ones (spread too) to fill.
    public static func sample(_ g: [Float], _ k: Int) -> [Int] {
        func spread(_ list: [Int], _ k: Int) -> [Int] { (0..<k).map { list[$0 * list.count / k] } }
        let nonZero = g.indices.filter { g[$0] != 0 }
        let first = spread(nonZero, min(k, nonZero.count))
        let zero = g.indices.filter { g[$0] == 0 }
        return (first + spread(zero, min(k, g.count) - first.count)).sorted()
    }

    /// The numeric derivative at w as the type's comment describes, or nil if every step kinks on both sides.
    /// `centre` is L and the branch record at w; `loss` evaluates at another value.
    public static func derivative(at w: Double, centre: (Double, [Int32]), _ loss: (Double) -> (Double, [Int32])) -> Double? {
        var h = 1e-3 * max(1, abs(w))
        for _ in 0..<4 {
            let (far, near, back, farBack) = (loss(w + h), loss(w + h / 2), loss(w - h / 2), loss(w - h))
            let right = far.1 == centre.1 && near.1 == centre.1, left = back.1 == centre.1 && farBack.1 == centre.1
            if right && left {
                let (wide, narrow) = ((far.0 - farBack.0) / (2 * h), (near.0 - back.0) / h)
                return (4 * narrow - wide) / 3
            }
            if right { return 2 * (near.0 - centre.0) / (h / 2) - (far.0 - centre.0) / h }
            if left { return 2 * (centre.0 - back.0) / (h / 2) - (centre.0 - farBack.0) / h }
            h /= 10
        }
        return nil
    }
}
