import NN
import Tensors

// What forward, train and the result commands share: checking a network's input and labels and
// its memory, and running it over many samples in chunks that Ctrl-C can stop between.

/// `name` as a batch for `net`: N×input, or one sample of the input shape made a batch of 1.
func batch(_ ws: Workspace, _ name: String, for net: Network) throws(ShellError) -> Tensor {
    let x = try ws.value(of: name)
    if x.shape == net.inputShape { return try! x.reshaped([1] + x.shape) }
    guard x.rank == net.inputShape.count + 1, Array(x.shape.dropFirst()) == net.inputShape, x.shape[0] > 0 else {
        throw ShellError(tr("eval.batch.shape", name, x.shapeDescription, "N×\(Tensor.describe(net.inputShape))"),
                         hint: tr("eval.batch.shape.hint"))
    }
    return x
}

/// Labels for `count` samples and `classes` classes: N class indices, or N one-hot rows.
func labels(_ ws: Workspace, _ name: String, count: Int, classes: Int) throws(ShellError) -> Tensor {
    let y = try ws.value(of: name)
    if y.shape == [count, classes] {
        if let row = SoftmaxCrossEntropy.firstRowNotOneHot(y) {
            throw ShellError(tr("eval.labels.not-one-hot", row, name), expected: tr("eval.labels.not-one-hot.expected", "N×\(classes)"))
        }
        return y
    }
    guard y.shape == [count] else {
        throw ShellError(tr("eval.labels.shape", name, y.shapeDescription), expected: tr("eval.labels.shape.expected", count, "\(count)×\(classes)"))
    }
    if let bad = y.scalars.first(where: { $0 != $0.rounded() || $0 < 0 || Int(exactly: $0).map({ $0 >= classes }) ?? true }) {
        throw ShellError(tr("eval.labels.not-a-class", bad, name), expected: tr("eval.labels.not-a-class.expected", "0...\(classes - 1)", classes))
    }
    return y
}

/// Refuses a forward pass whose kept outputs would not fit in memory, before anything is allocated.
func checkMemory(_ net: Network, batch n: Int) throws(ShellError) {
    let perSample = forwardValuesPerSample(net).total
    let outputs = n == 1 ? tr("eval.memory.one-output") : tr("eval.memory.outputs", n)
    let weights = net.pendingWeightBytes
    try MemoryGuard.check(perSample * Double(n) * 4 + weights, for: weights > 0 ? tr("eval.memory.and-weights", outputs) : outputs,
                          hint: n > 1 ? tr("eval.slice.hint", "x_train[0:1000]") : MemoryGuard.raiseHint(perSample * 4 + weights))
}

/// Floats one sample takes in a forward that keeps what backward needs: every layer's output, and
/// besides the input (a convolution's im2col columns are built one image at a time, so they do not
/// grow with the batch). Counted in Double: a typo can make these products overflow an Int.
/// `shapes` prints the same figures.
func forwardValuesPerSample(_ net: Network) -> (outputs: Double, total: Double) {
    func size(_ shape: [Int]) -> Double { shape.reduce(1.0) { $0 * Double($1) } }
    let outputs = net.shapes.reduce(0.0) { $0 + size($1) }
    return (outputs, outputs + size(net.inputShape))
}

/// Forward passes over more samples than this keep only the network's output.
let keptForwardLimit = 1000

/// Runs `body` over consecutive row ranges of `n` samples, `size` at a time: a progress report
/// (named `progress`, the command's name) before each, and at Ctrl-C an error between chunks saying
/// how far it got (`soFar` may add to it).
func inChunks(of n: Int, size: Int, progress: String, out: Output, soFar: () -> String = { "" },
              _ body: (Range<Int>) -> Void) throws(ShellError) {
    var start = 0
    while start < n {
        if Interrupt.isRequested {
            throw ShellError(tr("eval.interrupted", Format.grouped(start), Format.grouped(n)) + soFar())
        }
        out.report(progress, done: start, total: n, unit: tr("progress.images"))
        let end = min(start + size, n)
        body(start..<end)
        start = end
    }
}

/// The network's class for every sample of `x`, in chunks that Ctrl-C can stop between; `progress`
/// names them on the progress bar.
func predictedClasses(_ net: Network, _ x: Tensor, progress: String, out: Output,
                      soFar: ([Int]) -> String = { _ in "" }) throws(ShellError) -> [Int] {
    try checkMemory(net, batch: min(Network.predictionChunk, x.shape[0]))
    let net = try net.withWeights()
    var predicted: [Int] = []
    predicted.reserveCapacity(x.shape[0])
    try inChunks(of: x.shape[0], size: 2000, progress: progress, out: out, soFar: { soFar(predicted) }) { rows in
        predicted += net.predict(try! x.slice(rows))
    }
    return predicted
}

/// The network's class for every sample of `x` with its softmax probability, in chunks that
/// Ctrl-C can stop between.
func predictedWithConfidence(_ net: Network, _ x: Tensor, progress: String, out: Output) throws(ShellError) -> (classes: [Int], probabilities: [Float]) {
    let classes = try classCount(net)
    try checkMemory(net, batch: min(500, x.shape[0]))
    let net = try net.withWeights()
    var predicted: [Int] = [], confidence: [Float] = []
    try inChunks(of: x.shape[0], size: 500, progress: progress, out: out) { rows in
        let probabilities = net.probabilities(try! x.slice(rows))
        let best = probabilities.argmaxRows()
        predicted += best
        confidence += best.enumerated().map { probabilities.scalars[$0.offset * classes + $0.element] }
    }
    return (predicted, confidence)
}

/// The number of class scores the network ends with; an error if its output is not a vector.
func classCount(_ net: Network) throws(ShellError) -> Int {
    let logits = net.logitShape
    guard logits.count == 1, logits[0] >= 2 else {
        throw ShellError(tr("eval.not-classes", Tensor.describe(logits)), expected: tr("eval.not-classes.expected"), hint: tr("eval.not-classes.hint"))
    }
    return logits[0]
}

/// x_train → y_train, x_test[0:10] → y_test[0:10]: the labels that go with a set of images.
func labelName(for images: String) -> String {
    images.hasPrefix("x") ? "y" + images.dropFirst() : images + "_labels"
}

/// The network, X, its true classes and the class count for `accuracy` and `confusion`: X and Y
/// positional, x_test and its labels by default.
func evaluationSet(_ ws: Workspace, _ args: Arguments) throws(ShellError) -> (Network, String, Tensor, [Int], Int) {
    try args.expectPositionals(atMost: 2)
    let net = try ws.requireNetwork()
    let classes = try classCount(net)
    let xName = args.optionalPositional(0) ?? "x_test"
    let x = try batch(ws, xName, for: net)
    let y = try labels(ws, args.optionalPositional(1) ?? labelName(for: xName), count: x.shape[0], classes: classes)
    return (net, xName, x, Network.classIndices(y), classes)
}
