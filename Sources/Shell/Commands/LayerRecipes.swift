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
        return .conv2d(filters: filters, window: try Parse.window(kernel: (kh, kw), args), initializer: try initializer(args))
    case "maxpool", "avgpool":
        try args.expectPositionals(atMost: 2)
        try args.expectOptions(["stride", "pad", "name"])
        let (kh, kw) = try ShellError.in("add \(kind)") { () throws(ShellError) in
            try Parse.kernel(try args.positional(1, "the window size KxK"), what: "window")
        }
        // The stride is the window's own size on each axis unless given, as in PyTorch: windows side by side.
        let window = try Parse.window(kernel: (kh, kw), args, defaultStride: (kh, kw))
        guard window.coversImageEverywhere else {
            throw ShellError("pad=\(args.string("pad")!) is not smaller than the \(kh)×\(kw) window on each axis",
                             expected: "pad < \(kh) on the height and < \(kw) on the width", hint: "a window made only of padding would pool nothing", in: "add \(kind)")
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
