import XCTest

/// `add ... init=`: which rules draw the biases.
final class InitializerCommandTests: XCTestCase {
    func testGaussDrawsBiasesAndXavierAndHeStartThemAtZero() throws {
        var h = Harness()
        h.run("seed 1; net new input=1x8x8; add conv2d 400 3x3 init=gauss:0.2; add conv2d 2 3x3 init=he; add flatten; add fc 5 init=xavier; add fc 300 init=gauss:0.01")
        for (name, sigma) in [("conv1.b", 0.2), ("fc2.b", 0.01)] {
            let b = try h.shell.workspace.value(of: name).scalars.map(Double.init)
            let mean = b.reduce(0, +) / Double(b.count), sd = (b.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(b.count)).squareRoot()
            XCTAssertEqual(sd, sigma, accuracy: 0.1 * sigma, name)
            XCTAssertEqual(mean, 0, accuracy: 0.2 * sigma, name)
        }
        XCTAssertEqual(try h.shell.workspace.value(of: "conv2.b").scalars, [0, 0])
        XCTAssertEqual(try h.shell.workspace.value(of: "fc1.b").scalars, [Float](repeating: 0, count: 5))
        XCTAssertTrue(h.run("help add").contains("gauss:σ draws the weights and the biases"))
    }
}
