import Tensors

/// How a layer's weights and biases are drawn: weights from N(0, σ²), with σ chosen by the rule.
///
/// - `gaussian(σ)`: the course's SimpleInitializer, a fixed σ such as 0.01; it draws the biases as
///   σ·randn too (after the weights), as the course does.
/// - `xavier`: σ = 1/√n_in (Glorot), for tanh and sigmoid; biases start at 0.
/// - `he`: σ = √(2/n_in), for ReLU; biases start at 0 (these rules size the weights only, and
///   zero biases are what Glorot, He and the frameworks use).
///
/// n_in is the number of inputs feeding one output: C·KH·KW for a convolution, the input width for fc.
public enum Initializer: Equatable, Sendable, Codable, CustomStringConvertible {
    case gaussian(sigma: Float)
    case xavier
    case he

    public func sigma(fanIn: Int) -> Float {
        switch self {
        case let .gaussian(sigma): return sigma
        case .xavier: return 1 / Float(fanIn).squareRoot()
        case .he: return (2 / Float(fanIn)).squareRoot()
        }
    }

    /// How weights with `fanIn` inputs per output are drawn.
    public func weightFill(fanIn: Int) -> Parameter.Fill { .normal(sigma: sigma(fanIn: fanIn)) }

    /// How biases are made, after the weights: σ·randn for `gaussian(σ)`, zeros for `xavier` and `he`.
    public var biasFill: Parameter.Fill {
        guard case let .gaussian(sigma) = self else { return .constant(0) }
        return .normal(sigma: sigma)
    }

    /// A weight W of `shape` and a bias b of `outputs`, declared, drawn when allocated.
    public func declare(weight shape: [Int], fanIn: Int, outputs: Int) -> [Parameter] {
        [Parameter("W", shape: shape, fill: weightFill(fanIn: fanIn)), Parameter("b", shape: [outputs], fill: biasFill)]
    }

    /// The spelling the shell accepts: `gauss:0.01`, `xavier`, `he`.
    public var description: String {
        switch self {
        case let .gaussian(sigma): return "gauss:\(sigma)"
        case .xavier: return "xavier"
        case .he: return "he"
        }
    }

    public init?(_ text: String) {
        switch text.lowercased() {
        case "xavier", "glorot": self = .xavier
        case "he", "kaiming": self = .he
        default:
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, ["gauss", "gaussian", "normal"].contains(parts[0].lowercased()),
                  let sigma = Float(parts[1]), sigma.isFinite, sigma > 0 else { return nil }
            self = .gaussian(sigma: sigma)
        }
    }
}
