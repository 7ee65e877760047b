import Foundation
import NN
import Tensors
import XCTest

/// What a saved workspace rebuilds from: a layer's recipe read back from the layer, and an
/// optimizer from its record; both must continue exactly as the originals.
final class SavedStateTests: XCTestCase {
    func testEveryLayerGivesBackTheRecipeItWasMadeFrom() throws {
        let w = Window(kernelHeight: 3, kernelWidth: 2, stride: 2, padding: 1)
        let axis = Window.Axis(kernel: 3, stride: 2, padding: 1)
        let cases: [([Int], LayerRecipe)] = [
            ([2, 8, 8], .conv2d(filters: 4, window: w, initializer: .he)), ([2, 8, 8], .conv2d(filters: 4, window: w, initializer: .xavier)),
            ([2, 8, 8], .conv2d(filters: 4, window: w, initializer: .gaussian(sigma: 0.01))), ([2, 8, 8], .maxpool(w)), ([2, 8, 8], .avgpool(w)),
            ([2, 9], .conv1d(filters: 3, axis: axis, initializer: .gaussian(sigma: 0.5))), ([2, 9], .maxpool1d(axis)),
            ([12], .fc(outputs: 5, initializer: .xavier)), ([12], .fc(outputs: 5, initializer: .gaussian(sigma: 0.1))), ([2, 8, 8], .flatten),
            ([12], .relu), ([12], .tanh), ([12], .sigmoid), ([12], .softmax), ([12], .dropout(0.3)),
            ([2, 8, 8], .batchnorm(momentum: 0.2, epsilon: 1e-3)), ([12], .leakyrelu(0.1)),
        ]
        for (input, recipe) in cases {
            XCTAssertEqual(LayerRecipe(recipe.layer(for: input)), recipe, "\(recipe)")
        }
        for blueprint in Blueprint.all + [Blueprint.lenet.withBatchNorm] {
            var rng = RandomGenerator(seed: 1)
            let net = try blueprint.network(using: &rng)
            XCTAssertEqual(net.layers.map { LayerRecipe($0) }, blueprint.layers.map { Optional($0) }, blueprint.name)
        }
    }

    func testAnOptimizerRebuiltFromItsRecordTakesTheSameNextStep() throws {
        let optimizers: [any Optimizer] = [try SGD(learningRate: 0.1), try Momentum(learningRate: 0.1, momentum: 0.8), try AdaGrad(learningRate: 0.1),
                                           try RMSProp(learningRate: 0.1, decay: 0.9), try Adam(learningRate: 0.1, beta1: 0.8, beta2: 0.95, epsilon: 1e-6)]
        for original in optimizers {
            var rng = RandomGenerator(seed: 4)
            var net = try Network.leNet(inputShape: [1, 16, 16], classes: 3, using: &rng)
            let x = Tensor.randomNormal(shape: [4, 1, 16, 16], sigma: 1, using: &rng), y = Tensor([0, 1, 2, 1])
            var optimizer = original
            for _ in 0..<2 {
                net.lossAndGradients(x, labels: y)
                net.step(&optimizer)
            }
            let (record, state) = optimizer.record
            let json = try JSONEncoder().encode(record)
            let counts = Dictionary(uniqueKeysWithValues: net.layers.indices.flatMap { i in net.layers[i].parameters.map { ("\(net.names[i]).\($0.name)", $0.count!) } })
            var rebuilt = try JSONDecoder().decode(OptimizerRecord.self, from: json).optimizer(state: state, counts: counts)
            XCTAssertEqual(rebuilt.summary, optimizer.summary)
            var other = net
            net.lossAndGradients(x, labels: y)
            net.step(&optimizer)
            other.lossAndGradients(x, labels: y)
            other.step(&rebuilt)
            for (a, b) in zip(net.layers, other.layers) {
                XCTAssertEqual(a.parameters.map(\.value), b.parameters.map(\.value), "\(original.summary)")
            }
        }
    }

    func testARecordWhoseStateDoesNotFitTheNetworkIsRefused() throws {
        var adam = try Adam()
        var w = Tensor([1, 2, 3])
        adam.beginStep()
        adam.update("fc1.W", &w, Tensor([0.1, 0.1, 0.1]))
        let (record, state) = adam.record
        XCTAssertEqual(Set(state.keys), ["m/fc1.W", "v/fc1.W"])
        XCTAssertThrowsError(try record.optimizer(state: state, counts: ["fc1.W": 4]), "a state array of another size would overrun the step kernel")
        XCTAssertThrowsError(try record.optimizer(state: state, counts: [:]))
        XCTAssertThrowsError(try record.optimizer(state: ["velocity/fc1.W": [0, 0, 0]], counts: ["fc1.W": 3]), "Adam keeps no velocity")
        XCTAssertNoThrow(try record.optimizer(state: state, counts: ["fc1.W": 3]))
    }
}
