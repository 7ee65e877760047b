import Datasets
import Foundation
import NN
import Tensors

let benchCommand = Command(
    name: "bench", usage: "bench [train=N] [epochs=E] [batch=B] [repeat=R] [threads=T]",
    options: ["train": .number, "epochs": .number, "batch": .number, "repeat": .number] + ThreadsOption.declared, recorded: false,
    action: .workspaceOnThreads { _, args, out, threads throws(ShellError) in
        try args.expectPositionals(atMost: 0)
        let epochs = try args.int("epochs", default: 1, in: 1...100)!
        let repeats = try args.int("repeat", default: 20, in: 1...1000)!
        let batch = try args.int("batch", default: 64, in: 2...1024)!
        let directory = try ImageDataset.bundledMNIST.mapError(missingMNIST).get()
        out.line("cpu_model=\(Machine.cpuModel)")
        out.line("isa=\(Machine.vectorISA)")
        out.line("build=\(Machine.build)")
        out.line("threads=\(threads)")
        out.line("batch=\(batch)")
        out.line("machine_cores=\(ProcessInfo.processInfo.activeProcessorCount)")
        if let load = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8).split(separator: " ").first { out.line("loadavg_1m=\(load)") }
        let peak = Parallelism.peakGFLOPs(threads: threads)
        out.line("peak_gflops=\(Format.fixed(peak, 1))")

        var clock = Date()
        let set: ImageDataset
        do { set = try ImageDataset(directory: directory, maxBytes: MemoryGuard.limit) } catch { throw ShellError("\(error)") }
        out.line("load_s=\(Format.fixed(Date().timeIntervalSince(clock), 3))")
        let count = try args.int("train", default: set.trainImages.shape[0], in: batch...set.trainImages.shape[0])!
        let x = try! set.trainImages.slice(0..<count), y = try! set.trainLabels.slice(0..<count)

        for (prefix, blueprint) in [("", Blueprint.lenet), ("batchnorm_", Blueprint.lenet.withBatchNorm)] {
            var rng = RandomGenerator(seed: 1)
            var net = try! blueprint.network(using: &rng)
            net.allocate()
            out.text(layerTimes(net, batch: try! x.slice(0..<batch), labels: try! y.slice(0..<batch), repeats: repeats, prefix: prefix))

            var optimizer = try! Adam(learningRate: Network.leNetRecipe.learningRate)
            clock = Date()
            let plan = TrainingPlan(x: x, labels: y, epochs: epochs, batchSize: batch, schedule: Network.leNetRecipe.schedule)
            _ = net.train(plan: plan, optimizer: &optimizer, rng: &rng) { _ in !Interrupt.isRequested }
            let seconds = Date().timeIntervalSince(clock)
            if Interrupt.isRequested { throw ShellError(tr("bench.interrupted")) }
            out.line("\(prefix)epoch_s=\(Format.fixed(seconds / Double(epochs), 3))")
            out.line("\(prefix)train_images_per_s=\(Int(Double(count * epochs) / seconds))")
            // Multiply-adds are 2 FLOP each; batchnorm's own arithmetic is not counted.
            let gflops = Double(2 * (net.trainingMultiplyAdds ?? 0) * count * epochs) / seconds / 1e9
            out.line("\(prefix)epoch_gflops=\(Format.fixed(gflops, 1))")
            out.line("\(prefix)fraction_of_peak=\(Format.fixed(gflops / peak, 3))")

            var accuracy = 0.0, passes: [Double] = []
            for _ in 0..<5 {
                clock = Date()
                accuracy = net.accuracy(set.testImages, labels: set.testLabels)
                passes.append(Date().timeIntervalSince(clock))
            }
            out.line("\(prefix)test_accuracy=\(Format.fixed(accuracy, 4))")
            out.line("\(prefix)test_images_per_s=\(Int(Double(set.testImages.shape[0]) / passes.sorted()[2]))")
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        out.line("peak_rss_mb=\(usage.ru_maxrss / 1024)")
    })

/// Median forward and backward time of each layer on one batch, layers run in order so each sees
/// the input it would in training.
private func layerTimes(_ net: Network, batch x: Tensor, labels: Tensor, repeats: Int, prefix: String) -> String {
    var layers = net.layers
    var inputs: [Tensor] = [x]
    for i in layers.indices { inputs.append(layers[i].forward(inputs[i])) }
    let scored = net.logitLayers  // the layers that make the class scores
    var gradients = [Tensor](repeating: Tensor(shape: [0]), count: layers.count + 1)
    gradients[scored] = SoftmaxCrossEntropy.evaluate(logits: inputs[scored], targets: labels).gradient
    var text = ""
    for i in stride(from: scored - 1, through: 0, by: -1) {
        var forward: [Double] = [], backward: [Double] = []
        for _ in 0..<repeats {
            var clock = Date()
            _ = layers[i].forward(inputs[i])
            forward.append(Date().timeIntervalSince(clock))
            clock = Date()
            gradients[i] = layers[i].backward(gradients[i + 1], needsInputGradient: i > 0)
            backward.append(Date().timeIntervalSince(clock))
        }
        let median = { (v: [Double]) in v.sorted()[v.count / 2] * 1000 }
        let name = prefix + "layer_" + net.names[i]
        text = "\(name)_forward_ms=\(Format.fixed(median(forward), 3))\n\(name)_backward_ms=\(Format.fixed(median(backward), 3))\n" + text
    }
    return text
}
