import Foundation
import XCTest

/// `optimizer adam` steps as `help optimizer` writes them.
final class OptimizerTests: XCTestCase {
    /// Two steps equal W ← W − lr·m̂/(√v̂ + ε), m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ), computed here in Double
    /// from the gradients backward left, to 1e-5 of each weight's change, weights with gradients below
    /// 1e-6 included (where the course's lr_t form moves them several times less).
    func testTwoAdamStepsFollowTheHelpFormula() throws {
        var h = Harness()
        // The second and fourth features are tiny, so their rows of fc1.dW are below 1e-6.
        h.run("seed 1; net new input=4; add fc 3 init=gauss:0.1; add softmax; optimizer adam lr=0.01")
        h.run("tensor x 2x4 values=1,1e-7,0.5,-3e-7,-0.7,2e-7,0.2,1e-7; tensor y 2 values=0,2")
        let (lr, b1, b2, eps) = (0.01, 0.9, 0.999, 1e-8)
        var m: [String: [Double]] = [:], v: [String: [Double]] = [:]
        var tiny = 0, worst = 0.0, apart = 0.0
        for t in 1...2 {
            h.run("forward x; backward y")
            var expected: [String: ([Float], [Double], [Double])] = [:]
            for name in ["fc1.W", "fc1.b"] {
                let w = try h.shell.workspace.value(of: name).scalars
                let g = try h.shell.workspace.value(of: name.replacingOccurrences(of: ".", with: ".d")).scalars.map(Double.init)
                m[name] = zip(m[name] ?? g.map { _ in 0 }, g).map { b1 * $0 + (1 - b1) * $1 }
                v[name] = zip(v[name] ?? g.map { _ in 0 }, g).map { b2 * $0 + (1 - b2) * $1 * $1 }
                let (c1, c2) = (1 - pow(b1, Double(t)), 1 - pow(b2, Double(t)))
                let help = w.indices.map { Double(w[$0]) - lr * (m[name]![$0] / c1) / ((v[name]![$0] / c2).squareRoot() + eps) }
                // The course's form, to show the difference the test can see.
                let course = w.indices.map { Double(w[$0]) - lr * c2.squareRoot() / c1 * m[name]![$0] / (v[name]![$0].squareRoot() + eps) }
                expected[name] = (w, help, course)
                tiny += g.filter { $0 != 0 && abs($0) < 1e-6 }.count
            }
            h.run("step")
            for (name, (before, help, course)) in expected {
                let after = try h.shell.workspace.value(of: name).scalars
                for i in after.indices {
                    let change = help[i] - Double(before[i])
                    XCTAssertEqual(Double(after[i]), help[i], accuracy: 1e-5 * abs(change), "\(name)[\(i)] at step \(t)")
                    worst = max(worst, abs(Double(after[i]) - help[i]) / abs(change))
                    apart = max(apart, abs(change) / abs(course[i] - Double(before[i])))
                    if abs(course[i] - help[i]) > 0.1 * abs(change) { tiny += 1000 }
                }
            }
        }
        print("adam: two steps within \(worst) of each change; \(tiny % 1000) gradients below 1e-6; help/course step ratio up to \(apart)")
        XCTAssertGreaterThanOrEqual(tiny % 1000, 6, "weights with gradients below 1e-6 were stepped")
        XCTAssertGreaterThan(tiny / 1000, 0, "the course's form would differ by more than 10% somewhere")
    }
}
