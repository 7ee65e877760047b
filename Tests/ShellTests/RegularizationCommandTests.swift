import Foundation
import Shell
import Tensors
import XCTest

/// `add dropout|batchnorm|leakyrelu`, `forward X mode=eval`, and batchnorm's statistics in weights files.
final class RegularizationCommandTests: ScratchDirectoryTestCase {
    private func value(_ h: Harness, _ name: String) throws -> Tensor { try h.shell.workspace.value(of: name) }

    func testAddingTheNewLayersAndRefusingWhatDoesNotFit() {
        var h = Harness()
        h.run("seed 1; net new input=2x6x6")
        h.fails("add dropout 1.5", "dropout rate 1.5 is not in [0, 1)")
        h.fails("add dropout", "P, the rate")
        h.fails("add leakyrelu -1", "slope -1 is not in [0, 1]")
        h.fails("add batchnorm momentum=2", "momentum=2 is out of range")
        h.fails("add dropuot 0.5", "did you mean 'dropout'?")
        XCTAssertTrue(h.run("add batchnorm").hasPrefix("bn1: batchnorm 2 channels → 2×6×6, 4 parameters"))
        XCTAssertTrue(h.run("add leakyrelu").hasPrefix("leakyrelu1: leakyrelu 0.01 → 2×6×6"))
        XCTAssertTrue(h.run("add dropout 0.25").hasPrefix("dropout1: dropout P=0.25 → 2×6×6"))
        h.run("add flatten")
        XCTAssertTrue(h.run("add batchnorm momentum=0.2 eps=0.001").hasPrefix("bn2: batchnorm 72 features momentum=0.2 eps=0.001 → 72, 144 parameters"))
        let shapes = h.run("shapes")
        XCTAssertTrue(shapes.contains("2·6·6 = 72"), "batchnorm: one multiply-add per value\n\(shapes)")
        XCTAssertTrue(shapes.contains("72 = 72"), shapes)

        var flat = Harness()
        flat.run("net new input=4x4")
        XCTAssertEqual(flat.run("add batchnorm"), "bn1: batchnorm 4 channels → 4×4, 8 parameters\n", "a sequence C×L, per channel")
        flat.run("net new input=2x2x2x2")
        flat.fails("add batchnorm", "batchnorm", "C×H×W or sequences C×L", "add flatten first")
        XCTAssertTrue(Harness().shell.completions(before: "add ", word: "d").contains("dropout"))
    }

    /// mode=eval runs each layer's evaluation pass: dropout passes its input on, and backward is refused.
    func testForwardModesAndBackwardAfterEval() throws {
        var h = Harness()
        h.run("seed 2; net new input=1x4x4; add flatten; add dropout 0.5; add fc 3; tensor x 5x1x4x4 fill=randn; tensor y 5 fill=zeros")
        h.run("forward x mode=eval")
        XCTAssertEqual(try value(h, "dropout1.out"), try value(h, "flatten1.out"), "dropout is the identity in eval mode")
        h.fails("backward y", "mode=eval", "forward X mode=train")
        h.fails("forward x mode=test", "mode=test is not one of the choices")
        h.run("forward x mode=train")
        let kept = try value(h, "dropout1.out").scalars, input = try value(h, "flatten1.out").scalars
        XCTAssertTrue(zip(kept, input).allSatisfy { $0 == 0 || $0 == 2 * $1 }, "train mode: x·m/(1 − P)")
        XCTAssertTrue(kept.contains(0))
        XCTAssertTrue(h.run("backward y").contains("loss"))
    }

    /// Training-mode forward moves batchnorm's running statistics; eval mode leaves them.
    func testBatchNormStatisticsMoveOnlyInTraining() throws {
        var h = Harness()
        h.run("seed 3; net new input=2x3x3; add batchnorm; tensor x 4x2x3x3 fill=randn")
        h.run("forward x mode=eval")
        XCTAssertEqual(try value(h, "bn1.running_mean").scalars, [0, 0])
        h.run("forward x")
        let x = try value(h, "x").scalars
        let mean0 = (0..<4).flatMap { n in (0..<9).map { Double(x[n * 18 + $0]) } }.reduce(0, +) / 36
        XCTAssertEqual(Double(try value(h, "bn1.running_mean").scalars[0]), 0.1 * mean0, accuracy: 1e-6)
    }

    /// save weights writes the buffers beside the parameters, load weights restores both, and
    /// numpy.load reads them by their keys.
    func testWeightsFilesKeepTheRunningStatistics() throws {
        var h = Harness()
        let path = directory.appendingPathComponent("bn.npz").path
        h.run("seed 4; net new input=1x5x5; add conv2d 2 3x3; add batchnorm; add flatten; add fc 2; tensor x 3x1x5x5 fill=randn")
        h.run("forward x")
        let saved = h.run("save weights \(path)")
        XCTAssertTrue(saved.contains("conv1.W, conv1.b, bn1.gamma, bn1.beta, bn1.running_mean, bn1.running_var, fc1.W, fc1.b"), saved)
        let mean = try value(h, "bn1.running_mean"), variance = try value(h, "bn1.running_var")
        XCTAssertNotEqual(mean.scalars, [0, 0])
        h.run("forward x")
        XCTAssertNotEqual(try value(h, "bn1.running_mean"), mean)
        h.run("load weights \(path)")
        XCTAssertEqual(try value(h, "bn1.running_mean"), mean, "bit for bit")
        XCTAssertThrowsError(try value(h, "bn1.drunning_mean"), "a buffer has no gradient to show")
        XCTAssertEqual(try value(h, "bn1.running_var"), variance)

        let text = try numpyOutput("import numpy as n; w = n.load('\(path)'); print(sorted(w.keys())); print(w['bn1.running_mean'].dtype, w['bn1.running_var'].shape); print(repr(w['bn1.running_mean'].tolist()))")
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "['bn1.beta', 'bn1.gamma', 'bn1.running_mean', 'bn1.running_var', 'conv1.W', 'conv1.b', 'fc1.W', 'fc1.b']")
        XCTAssertEqual(lines.dropFirst().first, "float32 (2,)")
        XCTAssertEqual(lines.last, "[\(mean.scalars.map { "\(Double($0))" }.joined(separator: ", "))]", "the values numpy reads")
    }
}

/// explain traces the new layers' outputs and gradients to their formulas, recomputed in Double.
final class RegularizationExplainTests: XCTestCase {
    func explained(_ h: inout Harness, _ name: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        let text = h.run("explain \(name)", file: file, line: line)
        XCTAssertTrue(text.contains("they agree ✓"), text, file: file, line: line)
        // (the closing "stored ... they agree" line is the comparison all of explain shares; its width is not ours to set here)
        for row in text.split(separator: "\n") where !row.hasPrefix("  stored ") { XCTAssertLessThanOrEqual(row.count, 80, "too wide: \(row)", file: file, line: line) }
        return text
    }

    func testEveryOutputAndGradientOfTheNewLayersAgrees() {
        var h = Harness()
        h.run("seed 5; net new input=2x4x4; add conv2d 3 3x3 pad=1; add batchnorm; add leakyrelu 0.1; add dropout 0.5; add flatten; add fc 3")
        h.run("tensor x 4x2x4x4 fill=randn; tensor y 4 fill=zeros; forward x; backward y")
        XCTAssertTrue(explained(&h, "bn1.out[1][2][0][3]").contains("over the batch's M = 64 values"))
        explained(&h, "bn1.dx[1][2][0][3]")
        XCTAssertTrue(explained(&h, "bn1.dgamma[2]").contains("64 terms"))
        explained(&h, "bn1.dbeta[0]")
        XCTAssertTrue(explained(&h, "leakyrelu1.out[0][1][1][1]").contains("a = 0.1"))
        explained(&h, "leakyrelu1.dx[0][1][1][1]")
        let mask = try! h.shell.workspace.value(of: "dropout1.out").scalars
        let dropped = mask.firstIndex(of: 0)!, kept = mask.firstIndex { $0 != 0 }!
        func index(_ flat: Int) -> String { [flat / 48, flat / 16 % 3, flat / 4 % 4, flat % 4].map { "[\($0)]" }.joined() }
        XCTAssertTrue(explained(&h, "dropout1.out" + index(kept)).contains("·2 = "), "kept: x·2")
        XCTAssertTrue(explained(&h, "dropout1.out" + index(dropped)).contains("·0 = 0"), "dropped: x·0")
        explained(&h, "dropout1.dx" + index(kept))
    }

    /// In mode=eval batchnorm's value comes from the running statistics and dropout's is x.
    func testEvaluationModeIsExplainedWithItsOwnFormula() {
        var h = Harness()
        h.run("seed 6; net new input=3; add batchnorm; add dropout 0.5; tensor x 4x3 fill=randn; forward x; forward x mode=eval")
        XCTAssertTrue(explained(&h, "bn1.out[0][1]").contains("running_mean = "))
        XCTAssertTrue(explained(&h, "dropout1.out[2][2]").contains("mode=eval: y = x"))
    }
}
