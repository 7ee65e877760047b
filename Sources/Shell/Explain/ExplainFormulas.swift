import NN
import Tensors

/// The course's formula for one explained element, then the same formula with the element's
/// indices, strides and paddings put in (`x[0,k,10+s,12+t]`). `help explain` prints the same
/// course formulas, from `course`.
struct ExplainFormulas {
    // The course's formulas, each written once: explain prints one, `help explain` all of them.
    // The words around a formula are the catalogue's (`explain.formula.*`), so they are computed.
    static let convOutput = "a[n,m,i,j] = Σ_k Σ_s Σ_t x[n,k,i·S+s−P,j·S+t−P]·W[m,k,s,t] + b[m]"
    static let convWeights = "dW[m,k,s,t] = Σ_n Σ_i Σ_j dA[n,m,i,j]·x[n,k,i·S+s−P,j·S+t−P]"
    static let convBias = "db[m] = Σ_n Σ_i Σ_j dA[n,m,i,j]"
    static var convInput: [String] {
        lines(tr("explain.formula.col2im", "dx[n,k,r,c] = Σ_m Σ_(i,j) dA[n,m,i,j]·W[m,k,r+P−i·S,c+P−j·S]", "(i,j)", "(r,c)"))
    }
    static let maxOutput = "y[n,c,i,j] = max_s,t x[n,c,i·S+s−P,j·S+t−P]"
    static var maxInput: [String] { lines(tr("explain.formula.max-routing", "dx[n,c,r,q] = Σ dA[n,c,i,j]", "(i,j)", "x[n,c,r,q]")) }
    static let averageOutput = "y[n,c,i,j] = 1/(KH·KW) · Σ_s Σ_t x[n,c,i·S+s−P,j·S+t−P]"
    static var averageInput: [String] { lines(tr("explain.formula.average-routing", "dx[n,c,r,q] = 1/(KH·KW) · Σ dA[n,c,i,j]")) }
    static let conv1dOutput = "a[n,m,i] = Σ_k Σ_t x[n,k,i·S+t−P]·W[m,k,t] + b[m]"
    static let conv1dWeights = "dW[m,k,t] = Σ_n Σ_i dA[n,m,i]·x[n,k,i·S+t−P]"
    static let conv1dBias = "db[m] = Σ_n Σ_i dA[n,m,i]"
    static var conv1dInput: [String] { lines(tr("explain.formula.col2im", "dx[n,k,r] = Σ_m Σ_i dA[n,m,i]·W[m,k,r+P−i·S]", "i", "r")) }
    static let max1dOutput = "y[n,c,i] = max_t x[n,c,i·S+t−P]"
    static var max1dInput: [String] { lines(tr("explain.formula.max-routing", "dx[n,c,r] = Σ dA[n,c,i]", "i", "x[n,c,r]")) }
    static let fcOutput = "y[n,j] = Σ_i x[n,i]·W[i,j] + b[j]"
    static let fcInput = "dx[n,i] = Σ_j dA[n,j]·W[i,j]"
    static let fcWeights = "dW[i,j] = Σ_n x[n,i]·dA[n,j]"
    static let fcBias = "db[j] = Σ_n dA[n,j]"
    static let flattenOutput = "y[n,(c·H+h)·W+w] = x[n,c,h,w]"
    static let flattenInput = "dx[n,c,h,w] = dA[n,(c·H+h)·W+w]"
    static let softmaxOutput = "y[n,c] = e^(x[n,c] − max x[n]) / Σ_j e^(x[n,j] − max x[n])"
    static let softmaxInput = "dx[n,c] = y[n,c]·(dA[n,c] − Σ_j dA[n,j]·y[n,j]), y = softmax(x[n])"
    static var softmaxFolded: String { tr("explain.formula.one-hot", "dx[n,c] = (y[n,c] − t[n,c])/N, y = softmax(x[n])") }
    static var dropoutOutput: String { tr("explain.formula.dropout-mask", "y = x·m/(1 − P)") }
    static let dropoutEval = "mode=eval: y = x"
    static var dropoutInput: String { tr("explain.formula.dropout-same-mask", "dx = dA·m/(1 − P)") }
    static var leakyOutput: String { "y = " + function("leakyrelu") }
    static var leakyInput: String { "dx = dA·f′(x), f′(x) = " + slope("leakyrelu") }
    static var batchNormOutput: String { tr("explain.formula.batch-statistics", "y = γ·(x − μ)/√(σ² + ε) + β") }
    static let batchNormEval = "mode=eval: y = γ·(x − running_mean)/√(running_var + ε) + β"
    static var batchNormInput: [String] {
        lines(tr("explain.formula.channel-sums", "dx = (γ/(M·√(σ² + ε)))·(M·dA − Σ dA − x̂·Σ dA·x̂)", "x̂ = (x − μ)/√(σ² + ε)"))
    }
    static var batchNormGamma: String { tr("explain.formula.over-channel", "dgamma[c] = Σ dA·x̂") }
    static var batchNormBeta: String { tr("explain.formula.over-channel", "dbeta[c] = Σ dA") }
    static var loss: String { tr("explain.formula.label", "L = (1/N) Σ_n L_n, L_n = −log y[n,t_n], y[n] = softmax(z[n])") }

    /// A template's lines: the catalogue writes a formula that takes two lines as one text.
    static func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    /// Every layer's formulas, for `help explain`: the layer, then its formulas, one line each.
    static var course: [(String, [String])] {
        let activations = ["relu", "tanh", "sigmoid"].map { k in (k, ["y = \(function(k))", "dx = dA·f′(x), f′(x) = \(slope(k))"]) }
        return [("conv2d", [convOutput, convWeights, convBias] + convInput + ["  " + tr("explain.help.padding-zero")]),
                ("maxpool", [maxOutput, "  " + tr("explain.help.padding-never-wins")] + maxInput),
                ("avgpool", [averageOutput] + averageInput),
                ("conv1d", [conv1dOutput, conv1dWeights, conv1dBias] + conv1dInput),
                ("maxpool1d", [max1dOutput] + max1dInput),
                ("fc", [fcOutput, fcInput, fcWeights, fcBias])] + activations
            + [("flatten", [flattenOutput, "  " + tr("explain.help.flatten-back", flattenInput)]),
               ("softmax", [softmaxOutput, softmaxInput, "  " + tr("explain.help.softmax-folded"), softmaxFolded]),
               ("dropout", [dropoutOutput, "  " + dropoutEval, dropoutInput]),
               ("leakyrelu", [leakyOutput, leakyInput]),
               ("batchnorm", [batchNormOutput, "  " + batchNormEval] + batchNormInput + [batchNormGamma, batchNormBeta]),
               ("loss", [loss, "  " + tr("explain.help.loss-sample")])]
    }

    /// `course` laid out for help: each layer's name, its formulas indented beneath.
    static var help: String {
        course.map { layer, formulas in (["  " + layer] + formulas.map { "    " + $0 }).joined(separator: "\n") }.joined(separator: "\n")
    }

    var layer: any Layer
    var part: ExplainTarget.Part
    var index: [Int]
    var inputShape: [Int]
    var gradientShape: [Int]?
    /// A final softmax whose gradient the loss computed, (y − t)/N.
    var folded: Bool
    /// The forward ran in mode=eval.
    var evaluating = false

    var lines: [String] {
        let o = index.map(String.init).joined(separator: ",")
        let (n, a) = (index.first ?? 0, index.dropFirst().first ?? 0)
        switch (layer, part) {
        case (let conv as Conv2d, .output):
            let (h, w) = (conv.window.height, conv.window.width)
            return [Self.convOutput,
                    "a[\(o)] = Σ_k Σ_s Σ_t x[\(n),k,\(shift(index[2] * h.stride - h.padding, "s")),\(shift(index[3] * w.stride - w.padding, "t"))]·W[\(a),k,s,t] + b[\(a)]",
                    "  (k < \(conv.channels), s < \(h.kernel), t < \(w.kernel); S = \(h.stride), P = \(h.padding))"]
        case (let conv as Conv2d, .parameterGradient(0)):
            let (h, w) = (conv.window.height, conv.window.width)
            return [Self.convWeights,
                    "dW[\(o)] = Σ_n Σ_i Σ_j dA[n,\(n),i,j]·x[n,\(a),\(shift(index[2] - h.padding, scaled(h.stride, "i"))),\(shift(index[3] - w.padding, scaled(w.stride, "j")))]",
                    "  (\(ranges("n", "i", "j"))\(h.padding > 0 || w.padding > 0 ? tr("explain.formula.padding-adds-nothing") : ""))"]
        case (is Conv2d, .parameterGradient):
            return [Self.convBias, "db[\(o)] = Σ_n Σ_i Σ_j dA[n,\(n),i,j]   (\(ranges("n", "i", "j")))"]
        case (let conv as Conv2d, .inputGradient):
            let (h, w) = (conv.window.height, conv.window.width)
            return Self.convInput + ["dx[\(o)] = Σ_m Σ_(i,j) dA[\(n),m,i,j]·W[m,\(a),\(index[2] + h.padding)−\(scaled(h.stride, "i")),\(index[3] + w.padding)−\(scaled(w.stride, "j"))]"]
        case (let conv as Conv1d, .output):
            let a1 = conv.axis
            return [Self.conv1dOutput,
                    "a[\(o)] = Σ_k Σ_t x[\(n),k,\(shift(index[2] * a1.stride - a1.padding, "t"))]·W[\(a),k,t] + b[\(a)]",
                    "  (k < \(conv.channels), t < \(a1.kernel); S = \(a1.stride), P = \(a1.padding))"]
        case (let conv as Conv1d, .parameterGradient(0)):
            let a1 = conv.axis
            return [Self.conv1dWeights,
                    "dW[\(o)] = Σ_n Σ_i dA[n,\(n),i]·x[n,\(a),\(shift(index[2] - a1.padding, scaled(a1.stride, "i")))]",
                    "  (\(ranges("n", "i"))\(a1.padding > 0 ? tr("explain.formula.padding-adds-nothing") : ""))"]
        case (is Conv1d, .parameterGradient):
            return [Self.conv1dBias, "db[\(o)] = Σ_n Σ_i dA[n,\(n),i]   (\(ranges("n", "i")))"]
        case (let conv as Conv1d, .inputGradient):
            return Self.conv1dInput + ["dx[\(o)] = Σ_m Σ_i dA[\(n),m,i]·W[m,\(a),\(index[2] + conv.axis.padding)−\(scaled(conv.axis.stride, "i"))]"]
        case (let pool as MaxPool1d, .output):
            let a1 = pool.axis
            return [Self.max1dOutput, "y[\(o)] = max_t x[\(n),\(a),\(shift(index[2] * a1.stride - a1.padding, "t"))]",
                    "  (t < \(a1.kernel); S = \(a1.stride), P = \(a1.padding))"]
        case (is MaxPool1d, _):
            return Self.max1dInput + [tr("explain.formula.windows-won", "dx[\(o)] = Σ dA[\(n),\(a),i]", "x[\(o)]")]
        case (is Linear, .output):
            return [Self.fcOutput, "y[\(o)] = Σ_i x[\(n),i]·W[i,\(a)] + b[\(a)]   (i < \(inputShape[1]))"]
        case (is Linear, .inputGradient):
            return [Self.fcInput, "dx[\(o)] = Σ_j dA[\(n),j]·W[\(a),j]   (j < \(gradientShape![1]))"]
        case (is Linear, .parameterGradient(0)):
            return [Self.fcWeights, "dW[\(o)] = Σ_n x[n,\(n)]·dA[n,\(a)]   (n < \(inputShape[0]))"]
        case (is Linear, .parameterGradient):
            return [Self.fcBias, "db[\(o)] = Σ_n dA[n,\(n)]   (n < \(inputShape[0]))"]
        case (let pool as any Pool2d, .output):
            let (h, w) = (pool.window.height, pool.window.width)
            let patch = "x[\(n),\(a),\(shift(index[2] * h.stride - h.padding, "s")),\(shift(index[3] * w.stride - w.padding, "t"))]"
            let ranges = "  (s < \(h.kernel), t < \(w.kernel); S = \(h.stride), P = \(h.padding))"
            if pool is MaxPool2d { return [Self.maxOutput, "y[\(o)] = max_s,t \(patch)", ranges] }
            return [Self.averageOutput,
                    "y[\(o)] = 1/\(h.kernel * w.kernel) · Σ_s Σ_t \(patch)", ranges.dropLast() + tr("explain.formula.padding-counts-zero") + ")"]
        case (is MaxPool2d, _):
            return Self.maxInput + [tr("explain.formula.windows-won", "dx[\(o)] = Σ dA[\(n),\(a),i,j]", "x[\(o)]")]
        case (let pool as any Pool2d, _):
            let sum = "dx[\(o)] = 1/\(pool.window.kernelHeight * pool.window.kernelWidth) · Σ dA[\(n),\(a),i,j]"
            return Self.averageInput + [tr("explain.formula.windows-covering", sum, "(\(index[2]),\(index[3]))")]
        case (is Flatten, _) where inputShape.count != 4:
            return Self.lines(tr("explain.formula.row-major", "y[n,f] = x[n,...]"))
        case (is Flatten, .output):
            let (hh, ww) = (inputShape[2], inputShape[3])
            return [Self.flattenOutput, tr("explain.formula.where", "y[\(o)] = x[\(n),c,h,w]", "(c·\(hh)+h)·\(ww)+w = \(a)")]
        case (is Flatten, _):
            return [Self.flattenInput, "dx[\(o)] = dA[\(n),(\(index[1])·\(inputShape[2])+\(index[2]))·\(inputShape[3])+\(index[3])]"]
        case (is Softmax, .output):
            return [Self.softmaxOutput, "y[\(o)] = e^(x[\(o)] − max x[\(n)]) / Σ_j e^(x[\(n),j] − max x[\(n)])"]
        case (is Softmax, _) where folded:
            return [Self.softmaxFolded, tr("explain.formula.folded")]
        case (is Softmax, _):
            return [Self.softmaxInput]
        case (let d as Dropout, .output):
            return evaluating ? [Self.dropoutEval, "y[\(o)] = x[\(o)]"]
                : [Self.dropoutOutput, "y[\(o)] = x[\(o)]·m[\(o)]/(1 − P), P = \(d.rate)"]
        case (let d as Dropout, _):
            return [Self.dropoutInput, "dx[\(o)] = dA[\(o)]·m[\(o)]/(1 − P), P = \(d.rate)"]
        case (let l as LeakyReLU, .output):
            return [Self.leakyOutput + " (a = \(l.slope))", "y[\(o)] = f(x[\(o)])"]
        case (let l as LeakyReLU, _):
            return [Self.leakyInput + " (a = \(l.slope))", "dx[\(o)] = dA[\(o)]·f′(x[\(o)])"]
        case (is BatchNorm, .output):
            return evaluating ? [Self.batchNormEval, "y[\(o)] = γ[\(a)]·(x[\(o)] − running_mean[\(a)])/√(running_var[\(a)] + ε) + β[\(a)]"]
                : [Self.batchNormOutput, "y[\(o)] = γ[\(a)]·(x[\(o)] − μ[\(a)])/√(σ²[\(a)] + ε) + β[\(a)]"]
        case (is BatchNorm, .inputGradient):
            return Self.batchNormInput + [tr("explain.formula.channel", "dx[\(o)]", a)]
        case (is BatchNorm, .parameterGradient(0)):
            return [Self.batchNormGamma, "dgamma[\(o)] = Σ_n Σ dA[n,\(n),...]·x̂[n,\(n),...]"]
        case (is BatchNorm, _):
            return [Self.batchNormBeta, "dbeta[\(o)] = Σ_n Σ dA[n,\(n),...]"]
        case (_, .output):
            return ["y = " + Self.function(layer.kind) + ", y[\(o)] = f(x[\(o)])"]
        default:
            return ["dx = dA·f′(x), f′(x) = " + Self.slope(layer.kind), "dx[\(o)] = dA[\(o)]·f′(x[\(o)])"]
        }
    }

    /// `max(0, x)`, with `x` written as given (a number, say).
    static func function(_ kind: String, of x: String = "x") -> String {
        switch kind {
        case "relu": "max(0, \(x))"
        case "leakyrelu": tr("explain.formula.if-positive", x, x, "a·\(x)")
        case "tanh": "tanh(\(x))"
        case "sigmoid": x == "x" ? "1/(1 + e^−x)" : "1/(1 + e^−(\(x)))"
        default: "f(\(x))"
        }
    }

    /// `1 if x > 0, else 0`: f′ written with the condition in the catalogue's words.
    static func slope(_ kind: String) -> String {
        switch kind {
        case "relu": tr("explain.formula.if-positive", "1", "x", "0")
        case "leakyrelu": tr("explain.formula.if-positive", "1", "x", "a")
        case "tanh": "1 − tanh²(x)"
        case "sigmoid": "y·(1 − y)"
        default: "f′(x)"
        }
    }

    /// `10+s`, `s`, `s−1`.
    private func shift(_ base: Int, _ v: String) -> String {
        base == 0 ? v : base > 0 ? "\(base)+\(v)" : "\(v)−\(-base)"
    }

    /// `i`, or `2i` for a stride of 2.
    private func scaled(_ stride: Int, _ v: String) -> String { stride == 1 ? v : "\(stride)\(v)" }

    /// `n < 4, i < 24, j < 24` over the gradient's axes 0, 2 and 3.
    private func ranges(_ names: String...) -> String {
        zip(names, [0, 2, 3]).map { "\($0) < \(gradientShape![$1])" }.joined(separator: ", ")
    }
}
