import NN
import Tensors

let layerKinds = ["conv2d", "maxpool", "avgpool", "flatten", "fc", "relu", "tanh", "sigmoid", "softmax"]

/// What `add KIND ...` asks for, read from its words: a layer's settings without its values.
func layerRecipe(_ kind: String, _ args: Arguments) throws(ShellError) -> LayerRecipe {
    switch kind {
    case "conv2d":
        try args.expectPositionals(atMost: 3)
        try args.expectOptions(["stride", "pad", "init", "name"])
        let (filters, (kh, kw)) = try ShellError.in("add conv2d") { () throws(ShellError) in
            (try Parse.int(try args.positional(1, "FILTERS"), what: "filters ", in: 1...4096),
             try Parse.kernel(try args.positional(2, "the kernel size KxK"), what: "kernel"))
        }
        let stride = try args.int("stride", default: 1, in: 1...1024)!
        let pad = try args.int("pad", default: 0, in: 0...1024)!
        return .conv2d(filters: filters, window: Window(kernelHeight: kh, kernelWidth: kw, stride: stride, padding: pad),
                       initializer: try initializer(args))
    case "maxpool", "avgpool":
        try args.expectPositionals(atMost: 2)
        try args.expectOptions(["stride", "pad", "name"])
        let (kh, kw) = try ShellError.in("add \(kind)") { () throws(ShellError) in
            try Parse.kernel(try args.positional(1, "the window size KxK"), what: "window")
        }
        let stride = try args.int("stride", default: kh, in: 1...1024)!
        let pad = try args.int("pad", default: 0, in: 0...1024)!
        let window = Window(kernelHeight: kh, kernelWidth: kw, stride: stride, padding: pad)
        guard window.coversImageEverywhere else {
            throw ShellError("pad=\(pad) is not smaller than the \(kh)×\(kw) window", expected: "pad < \(min(kh, kw))", hint: "a window made only of padding would pool nothing", in: "add \(kind)")
        }
        return kind == "maxpool" ? .maxpool(window) : .avgpool(window)
    case "fc":
        try args.expectPositionals(atMost: 2)
        try args.expectOptions(["init", "name"])
        let outputs = try ShellError.in("add fc") { () throws(ShellError) in
            try Parse.int(try args.positional(1, "N, the number of outputs"), what: "outputs ", in: 1...1_000_000)
        }
        return .fc(outputs: outputs, initializer: try initializer(args))
    case "flatten", "relu", "tanh", "sigmoid", "softmax":
        try args.expectPositionals(atMost: 1)
        try args.expectOptions(["name"])
        return ["flatten": .flatten, "relu": .relu, "tanh": .tanh, "sigmoid": .sigmoid, "softmax": .softmax][kind]!
    default:
        let close = Suggestion.closest(to: kind, among: layerKinds).map { "did you mean '\($0)'?" }
        throw ShellError("unknown layer '\(kind)'", expected: layerKinds.joined(separator: ", "), hint: close)
    }
}

private func initializer(_ args: Arguments) throws(ShellError) -> Initializer {
    guard let text = args.string("init") else { return .he }
    guard let i = Initializer(text) else {
        throw ShellError("init=\(text) is not an initializer", expected: "gauss:SIGMA (SIGMA > 0), xavier or he")
    }
    return i
}
