import Datasets
import Foundation
import NN
import Tensors

/// Prints, as exact bit patterns, what training and inference compute: each batch's loss while
/// LeNet (and LeNet with batchnorm, at batch 64 and 150) trains on the bundled MNIST, a digest of every trained weight,
/// and one of the test predictions. `.ci/run` builds it twice, for the host CPU and with
/// `CNNSH_PORTABLE=1`, and requires the two outputs to be identical: the kernels fix the order of
/// every floating-point sum, so the vector width the compiler was given must not change a bit.
/// The build itself (`isa=`, `build=`) goes to standard error, which is not compared.
@main
enum NumericsFingerprint {
    static func main() throws {
        FileHandle.standardError.write(Data("build=\(Machine.build) isa=\(Machine.vectorISA) panel_width=\(Kernels.panelWidth)\n".utf8))
        guard let directory = ImageDataset.bundledMNISTDirectory else {
            FileHandle.standardError.write(Data("the bundled MNIST was not found\n".utf8))
            exit(1)
        }
        let set = try ImageDataset(directory: directory)
        let x = try set.trainImages.slice(0..<3200), y = try set.trainLabels.slice(0..<3200)
        let test = try set.testImages.slice(0..<1000)
        // Batch 64 is cut in two parts; 150 in five (parts of at most 32).
        for (name, blueprint, batch) in [("lenet", Blueprint.lenet, 64), ("lenet+batchnorm", Blueprint.lenet.withBatchNorm, 64),
                                         ("lenet+batchnorm batch 150", Blueprint.lenet.withBatchNorm, 150)] {
            var rng = RandomGenerator(seed: 3)
            var net = try blueprint.network(using: &rng)
            net.allocate()
            var adam = try Adam(learningRate: Network.leNetRecipe.learningRate)
            var losses: [String] = []
            _ = net.train(plan: TrainingPlan(x: x, labels: y, epochs: 1, batchSize: batch, schedule: .cosine), optimizer: &adam, rng: &rng) { progress in
                if case .batch(let batch) = progress { losses.append(hex(batch.loss)) }
                return true
            }
            print("\(name) losses \(losses.joined(separator: " "))")
            for (i, layer) in net.layers.enumerated() {
                for parameter in layer.parameters { print("\(name) \(net.names[i]).\(parameter.name) \(digest(parameter.value.scalars))") }
            }
            let logits = net.logits(test)
            print("\(name) test logits \(digest(logits.scalars)) predictions \(digest(net.predict(test).map { Float($0) }))")
        }
    }

    static func hex(_ value: Float) -> String { String(value.bitPattern, radix: 16) }

    /// FNV-1a over the values' bit patterns.
    static func digest(_ values: [Float]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for value in values {
            hash = (hash ^ UInt64(value.bitPattern)) &* 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
