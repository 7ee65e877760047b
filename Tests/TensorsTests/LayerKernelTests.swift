import Tensors
import XCTest

/// The kernels layers and optimizers call, each against its twin in `ReferenceKernels`.
final class LayerKernelTests: XCTestCase {
    var rng = RandomGenerator(seed: 17)

    func random(_ count: Int, sigma: Float = 1) -> [Float] { Tensor.randomNormal(shape: [count], sigma: sigma, using: &rng).scalars }

    func assertClose(_ a: [Float], _ b: [Float], _ tolerance: Float = 1e-5, _ what: String, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, what, line: line)
        let scale = max(b.map(abs).max() ?? 1, 1)
        let err = zip(a, b).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThanOrEqual(err / scale, tolerance, what, line: line)
    }

    /// Outputs of the fast kernel `body(input, output)` written over `count` values.
    func run(_ count: Int, _ body: (UnsafeMutablePointer<Float>) -> Void) -> [Float] {
        var out = [Float](repeating: .nan, count: count)
        out.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
        return out
    }

    static let windows: [Window] = [
        Window(kernelHeight: 2, kernelWidth: 2, stride: 2), Window(kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1),
        Window(kernelHeight: 3, kernelWidth: 2, stride: 2, padding: 1), Window(kernelHeight: 2, kernelWidth: 2, stride: 1),
        Window(height: .init(kernel: 3, stride: 2, padding: 1), width: .init(kernel: 2, stride: 1, padding: 0)),
    ]

    func testPoolingMatchesReference() throws {
        for window in Self.windows {
            for (h, w) in [(8, 8), (7, 9), (24, 24), (5, 19)] {
                let g = try SlidingWindow(channels: 3, height: h, width: w, window: window)
                let planes = 2 * 3
                // Halves, so that many windows hold ties.
                let x = random(planes * h * w).map { ($0 * 2).rounded() / 2 }
                let dy = random(planes * g.outputPositions)
                let what = "\(window.summary) over \(h)×\(w)"
                let reference = x.withUnsafeBufferPointer { ReferenceKernels.maxPool(g, planes: planes, input: $0.baseAddress!) }
                var winners = [Int32](repeating: -1, count: planes * g.outputPositions)
                let y = run(planes * g.outputPositions) { out in
                    x.withUnsafeBufferPointer { Kernels.maxPool(g, planes: planes, input: $0.baseAddress!, output: out, winners: &winners, keepsWinners: true) }
                }
                XCTAssertEqual(y, reference.output, "maxpool \(what)")
                XCTAssertEqual(winners, reference.winners, "maxpool winners \(what)")
                var scrap = [Int32](repeating: -1, count: g.outputPositions)
                let inferred = run(planes * g.outputPositions) { out in
                    x.withUnsafeBufferPointer { Kernels.maxPool(g, planes: planes, input: $0.baseAddress!, output: out, winners: &scrap, keepsWinners: false) }
                }
                XCTAssertEqual(inferred, y, "maxpool without winners \(what)")
                let dx = run(x.count) { Kernels.maxPoolBackward(dy, winners: winners, count: dy.count, $0, inputCount: x.count) }
                assertClose(dx, ReferenceKernels.maxPoolBackward(dy, winners: winners, count: dy.count, inputCount: x.count), 1e-6, "maxpool backward \(what)")
                let mean = run(planes * g.outputPositions) { out in x.withUnsafeBufferPointer { Kernels.avgPool(g, planes: planes, input: $0.baseAddress!, output: out) } }
                assertClose(mean, x.withUnsafeBufferPointer { ReferenceKernels.avgPool(g, planes: planes, input: $0.baseAddress!) }, 1e-6, "avgpool \(what)")
                let shared = run(x.count) { Kernels.avgPoolBackward(g, planes: planes, dy, $0) }
                assertClose(shared, ReferenceKernels.avgPoolBackward(g, planes: planes, dy), 1e-6, "avgpool backward \(what)")
            }
        }
    }

    func testActivationsMatchReference() {
        for count in [1, 7, 8, 37, 1000] {
            let x = random(count, sigma: 3), dy = random(count)
            XCTAssertEqual(run(count) { Kernels.relu(x, $0, count: count) }, ReferenceKernels.relu(x))
            let y = ReferenceKernels.relu(x)
            XCTAssertEqual(run(count) { Kernels.reluBackward(dy, output: y, $0, count: count) }, ReferenceKernels.reluBackward(dy, output: y))
            let t = run(count) { Kernels.tanh(x, $0, count: count) }
            assertClose(t, ReferenceKernels.tanh(x), 1e-6, "tanh")
            assertClose(run(count) { Kernels.tanhBackward(dy, output: t, $0, count: count) }, ReferenceKernels.tanhBackward(dy, output: t), 1e-6, "tanh backward")
            let s = run(count) { Kernels.sigmoid(x, $0, count: count) }
            assertClose(s, ReferenceKernels.sigmoid(x), 1e-6, "sigmoid")
            assertClose(run(count) { Kernels.sigmoidBackward(dy, output: s, $0, count: count) }, ReferenceKernels.sigmoidBackward(dy, output: s), 1e-6, "sigmoid backward")
        }
    }

    func testSumsAndBiasTermsMatchReference() {
        for (rows, columns) in [(1, 1), (3, 10), (64, 120), (5, 17)] {
            let y = random(rows * columns), b = random(columns)
            XCTAssertEqual(Kernels.sum(y, count: y.count), Float(ReferenceKernels.sum(y)), accuracy: 1e-4)
            assertClose(run(y.count) { out in out.update(from: y, count: y.count); Kernels.addRow(b, toRows: out, rows: rows, columns: columns) },
                        ReferenceKernels.addRow(b, toRows: y), 1e-7, "addRow")
            assertClose(run(columns) { out in out.update(repeating: 0, count: columns); Kernels.addColumnSums(y, rows: rows, columns: columns, to: out) },
                        ReferenceKernels.columnSums(y, columns: columns), 1e-5, "column sums")
            let bias = random(rows)
            assertClose(run(y.count) { out in out.update(from: y, count: y.count); Kernels.addChannel(bias, to: out, channels: rows, positions: columns) },
                        ReferenceKernels.addChannel(bias, to: y, positions: columns), 1e-7, "addChannel")
            assertClose(run(rows) { out in out.update(repeating: 0, count: rows); Kernels.addChannelSums(y, channels: rows, positions: columns, to: out) },
                        ReferenceKernels.channelSums(y, positions: columns), 1e-5, "channel sums")
            XCTAssertEqual(run(y.count) { Kernels.transpose(y, rows: rows, columns: columns, into: $0) }, ReferenceKernels.transpose(y, rows: rows, columns: columns))
            let other = random(y.count), weights: [Float] = [0.25, 0.75]
            let summed = Tensor.weightedSum([Tensor(y), Tensor(other)], weights: weights).scalars
            assertClose(summed, ReferenceKernels.weightedSum([y, other], weights: weights), 1e-6, "weighted sum")
            var bad = y
            bad[bad.count / 2] = .nan
            XCTAssertEqual(Kernels.allFinite(bad, count: bad.count), ReferenceKernels.allFinite(bad))
            XCTAssertEqual(Kernels.allFinite(y, count: y.count), ReferenceKernels.allFinite(y))
        }
    }

    func testSoftmaxAndCrossEntropyMatchReference() {
        for (rows, columns) in [(1, 2), (4, 10), (33, 7)] {
            let z = random(rows * columns, sigma: 4), dy = random(rows * columns)
            let y = run(z.count) { Kernels.softmax(z, $0, rows: rows, columns: columns) }
            assertClose(y, ReferenceKernels.softmax(z, columns: columns), 1e-6, "softmax")
            assertClose(run(z.count) { Kernels.softmaxBackward(dy, output: y, $0, rows: rows, columns: columns) },
                        ReferenceKernels.softmaxBackward(dy, output: y, columns: columns), 1e-5, "softmax backward")
            let labels = (0..<rows).map { Float($0 % columns) }
            let t = run(z.count) { Kernels.oneHot(labels, rows: rows, columns: columns, into: $0) }
            XCTAssertEqual(t, ReferenceKernels.oneHot(labels, columns: columns))
            let loss = Kernels.crossEntropy(logits: z, targets: t, rows: rows, columns: columns)
            XCTAssertEqual(loss, ReferenceKernels.crossEntropy(logits: z, targets: t, columns: columns), accuracy: 1e-5 * max(1, loss))
            assertClose(run(z.count) { Kernels.crossEntropyGradient(probabilities: y, targets: t, rows: rows, count: z.count, into: $0) },
                        ReferenceKernels.crossEntropyGradient(logits: z, targets: t, columns: columns), 1e-6, "(y − t)/N")
        }
    }

    /// A step kernel run three ways over `w` and the optimizer's `state` arrays (none to two): in
    /// place, out of place (the old arrays must be left as they were), and out of place cut into two
    /// runs at `cut`. The three must give the same bits; returned: the new weights, then the new
    /// state, for the reference.
    func stepped(_ w: [Float], _ state: [[Float]], gradient g: [Float], cut: Int, line: UInt = #line,
                 _ kernel: (StepRun) -> Void) -> [[Float]] {
        let count = w.count
        var inPlace = [w] + state
        func pointers(_ arrays: inout [[Float]], _ body: ([UnsafeMutablePointer<Float>]) -> Void) {
            let buffers = arrays.map { a in UnsafeMutablePointer<Float>.allocate(capacity: max(a.count, 1)) }
            for (b, a) in zip(buffers, arrays) { b.initialize(from: a, count: a.count) }
            body(buffers)
            arrays = zip(buffers, arrays).map { b, a in Array(UnsafeBufferPointer(start: b, count: a.count)) }
            buffers.forEach { $0.deallocate() }
        }
        g.withUnsafeBufferPointer { g in
            pointers(&inPlace) { p in
                kernel(StepRun(count: count, weights: p[0], gradient: g.baseAddress!, state: p.dropFirst().map { UnsafePointer($0) },
                               newWeights: p[0], newState: Array(p.dropFirst())))
            }
        }
        for runs in [[0..<count], [0..<cut, cut..<count]] {
            var old = [w] + state, new = old.map { Array(repeating: Float.nan, count: $0.count) }
            g.withUnsafeBufferPointer { g in
                pointers(&old) { o in
                    pointers(&new) { n in
                        let run = StepRun(count: count, weights: o[0], gradient: g.baseAddress!, state: o.dropFirst().map { UnsafePointer($0) },
                                          newWeights: n[0], newState: Array(n.dropFirst()))
                        for r in runs { kernel(run.slice(r)) }
                    }
                }
            }
            XCTAssertEqual(old, [w] + state, "out of place leaves the old values", line: line)
            XCTAssertEqual(new.map { $0.map(\.bitPattern) }, inPlace.map { $0.map(\.bitPattern) }, "runs \(runs) give the bits of one step in place", line: line)
        }
        return inPlace
    }

    func testOptimizerStepsMatchReference() {
        for count in [1, 8, 13, 15, 16, 17, 63, 64, 65, 150] {
            let w = random(count), g = random(count), state = random(count).map(abs), second = random(count).map { $0 * $0 }
            let cut = count / 2
            assertClose(stepped(w, [], gradient: g, cut: cut) { Kernels.sgdStep($0, learningRate: 0.1) }[0], ReferenceKernels.sgdStep(w, g, lr: 0.1), 1e-6, "sgd")
            let momentum = stepped(w, [state], gradient: g, cut: cut) { Kernels.momentumStep($0, learningRate: 0.1, momentum: 0.9) }
            let momentumRef = ReferenceKernels.momentumStep(w, g, state, lr: 0.1, momentum: 0.9)
            assertClose(momentum[0], momentumRef.0, 1e-6, "momentum w")
            assertClose(momentum[1], momentumRef.1, 1e-6, "momentum v")
            let ada = stepped(w, [state], gradient: g, cut: cut) { Kernels.adaGradStep($0, learningRate: 0.1) }
            let adaRef = ReferenceKernels.squaresStep(w, g, state, lr: 0.1, decay: nil)
            assertClose(ada[0], adaRef.0, 1e-5, "adagrad w")
            assertClose(ada[1], adaRef.1, 1e-6, "adagrad h")
            let rms = stepped(w, [state], gradient: g, cut: cut) { Kernels.rmsPropStep($0, learningRate: 0.01, decay: 0.99) }
            let rmsRef = ReferenceKernels.squaresStep(w, g, state, lr: 0.01, decay: 0.99)
            assertClose(rms[0], rmsRef.0, 1e-5, "rmsprop w")
            assertClose(rms[1], rmsRef.1, 1e-6, "rmsprop h")
            // Step 3: 1/(1 − 0.9³) and 1/(1 − 0.999³).
            let adam = stepped(w, [state, second], gradient: g, cut: cut) {
                Kernels.adamStep($0, learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8,
                                 unbias1: Float(1 / (1 - 0.729)), unbias2: Float(1 / (1 - 0.997002999)))
            }
            let adamRef = ReferenceKernels.adamStep(w, g, state, second, lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, step: 3)
            assertClose(adam[0], adamRef.0, 1e-5, "adam w")
            assertClose(adam[1], adamRef.1, 1e-6, "adam m")
            assertClose(adam[2], adamRef.2, 1e-6, "adam v")
        }
    }
}
