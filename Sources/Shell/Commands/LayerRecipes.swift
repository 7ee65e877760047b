import NN
import Tensors

let layerKinds = ["conv2d", "maxpool", "avgpool", "conv1d", "maxpool1d", "flatten", "fc", "relu", "tanh", "sigmoid", "softmax",
                  "dropout", "batchnorm", "leakyrelu"]

/// What `add KIND ...` asks for, read from its words: a layer's settings without its values.
func layerRecipe(_ kind: String, _ args: Arguments) throws(ShellError) -> LayerRecipe {
    switch kind {
    case "conv2d":
        try args.expectPositionals(atMost: 3)
        try args.expectOptions(["stride", "pad", "init", "name"])
        let (filters, (kh, kw)) = try ShellError.in("add conv2d") { () throws(ShellError) in
            (try Parse.int(try args.positional(1, "FILTERS"), what: tr("add.filters"), in: 1...4096),
             try Parse.kernel(try args.positional(2, tr("add.kernel.what")), what: tr("add.kernel")))
        }
        return .conv2d(filters: filters, window: try Parse.window(kernel: (kh, kw), args), initializer: try initializer(args))
    case "maxpool", "avgpool":
        try args.expectPositionals(atMost: 2)
        try args.expectOptions(["stride", "pad", "name"])
        let (kh, kw) = try ShellError.in("add \(kind)") { () throws(ShellError) in
            try Parse.kernel(try args.positional(1, tr("add.window.what")), what: tr("add.window"))
        }
        // The stride is the window's own size on each axis unless given, as in PyTorch: windows side by side.
        let window = try Parse.window(kernel: (kh, kw), args, defaultStride: (kh, kw))
        guard window.coversImageEverywhere else {
            throw ShellError(tr("add.pool.pad", args.string("pad")!, kh, kw),
                             expected: tr("add.pool.pad.expected", kh, kw), hint: tr("add.pool.pad.hint"), in: "add \(kind)")
        }
        return kind == "maxpool" ? .maxpool(window) : .avgpool(window)
    case "conv1d":
        try args.expectPositionals(atMost: 3)
        try args.expectOptions(["stride", "pad", "init", "name"])
        let (filters, kernel) = try ShellError.in("add conv1d") { () throws(ShellError) in
            (try Parse.int(try args.positional(1, "FILTERS"), what: tr("add.filters"), in: 1...4096),
             try sequenceKernel(try args.positional(2, tr("add.kernel-length.what")), kind: kind))
        }
        return .conv1d(filters: filters, axis: try Parse.axis(kernel: kernel, args), initializer: try initializer(args))
    case "maxpool1d":
        try args.expectPositionals(atMost: 2)
        try args.expectOptions(["stride", "pad", "name"])
        let kernel = try ShellError.in("add maxpool1d") { () throws(ShellError) in
            try sequenceKernel(try args.positional(1, tr("add.window-length.what")), kind: kind)
        }
        let axis = try Parse.axis(kernel: kernel, args, defaultStride: kernel)
        guard axis.padding < axis.kernel else {
            throw ShellError(tr("add.pool1d.pad", axis.padding, kernel), expected: "pad < \(kernel)",
                             hint: tr("add.pool.pad.hint"), in: "add maxpool1d")
        }
        return .maxpool1d(axis)
    case "fc":
        try args.expectPositionals(atMost: 2)
        try args.expectOptions(["init", "name"])
        let outputs = try ShellError.in("add fc") { () throws(ShellError) in
            try Parse.int(try args.positional(1, tr("add.outputs.what")), what: tr("add.outputs"), in: 1...1_000_000)
        }
        return .fc(outputs: outputs, initializer: try initializer(args))
    case "flatten", "relu", "tanh", "sigmoid", "softmax":
        try args.expectPositionals(atMost: 1)
        try args.expectOptions(["name"])
        return ["flatten": .flatten, "relu": .relu, "tanh": .tanh, "sigmoid": .sigmoid, "softmax": .softmax][kind]!
    case "dropout":
        try args.expectPositionals(atMost: 2)
        try args.expectOptions(["name"])
        let text = try args.positional(1, tr("add.dropout.what"))
        guard let rate = Float(text), rate >= 0, rate < 1 else {
            throw ShellError(Float(text) == nil ? tr("add.dropout.not-number", text) : tr("add.dropout.range", text), expected: tr("add.dropout.expected"),
                             hint: tr("add.dropout.hint"), in: "add dropout")
        }
        return .dropout(rate)
    case "batchnorm":
        try args.expectPositionals(atMost: 1)
        try args.expectOptions(["momentum", "eps", "name"])
        let momentum = try args.float("momentum", default: 0.1, in: 0...1, expected: "0 ≤ momentum ≤ 1")!
        let epsilon = try args.float("eps", default: 1e-5, in: Float.leastNormalMagnitude...1, expected: "0 < eps ≤ 1")!
        return .batchnorm(momentum: momentum, epsilon: epsilon)
    case "leakyrelu":
        try args.expectPositionals(atMost: 2)
        try args.expectOptions(["name"])
        guard let text = args.optionalPositional(1) else { return .leakyrelu(0.01) }
        guard let slope = Float(text), slope >= 0, slope <= 1 else {
            throw ShellError(tr("add.leakyrelu.range", text), expected: tr("add.leakyrelu.expected"), in: "add leakyrelu")
        }
        return .leakyrelu(slope)
    default:
        let close = Suggestion.hint(for: kind, among: layerKinds)
        throw ShellError(tr("add.unknown-layer", kind), expected: layerKinds.joined(separator: ", "), hint: close)
    }
}

private func initializer(_ args: Arguments) throws(ShellError) -> Initializer {
    guard let text = args.string("init") else { return .he }
    guard let i = Initializer(text) else {
        throw ShellError(tr("add.init.unknown", text), expected: tr("add.init.expected"))
    }
    return i
}

/// A 1-D layer's kernel: one length K (a `KxK` is a 2-D window, which conv2d and the pools take).
private func sequenceKernel(_ text: String, kind: String) throws(ShellError) -> Int {
    guard !text.contains(where: { "xX×".contains($0) }) else {
        throw ShellError(tr("add.1d.kernel", kind, text), expected: tr("add.1d.kernel.expected"),
                         hint: tr("add.1d.kernel.hint"))
    }
    return try Parse.int(text, what: tr("add.kernel") + " ", in: 1...1 << 20)
}
