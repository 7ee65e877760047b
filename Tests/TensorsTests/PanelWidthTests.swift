import Tensors
import XCTest

/// The GEMM's register tile is 16 columns wide on AVX2 and NEON and 32 on AVX-512: both widths run
/// here on any CPU, agree with the reference at every tile edge, and agree with each other bit for
/// bit, which is what keeps results the same on every machine the package builds for.
final class PanelWidthTests: XCTestCase {
    static let edges = [1, 15, 16, 17, 31, 32, 33, 63, 64, 65]

    func product(_ width: Int, transA: Bool, transB: Bool, m: Int, n: Int, k: Int, _ a: Tensor, _ b: Tensor,
                 accumulateOnto start: [Float]? = nil) -> [Float] {
        var c = start ?? [Float](repeating: 0, count: m * n)
        a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in
            if width == 0 {
                if start != nil {
                    var product = [Float](repeating: 0, count: m * n)
                    ReferenceKernels.gemm(transA: transA, transB: transB, m: m, n: n, k: k, a: ap.baseAddress!, lda: a.shape[1],
                                          b: bp.baseAddress!, ldb: b.shape[1], c: &product, ldc: n)
                    for i in c.indices { c[i] += product[i] }
                } else {
                    ReferenceKernels.gemm(transA: transA, transB: transB, m: m, n: n, k: k, a: ap.baseAddress!, lda: a.shape[1],
                                          b: bp.baseAddress!, ldb: b.shape[1], c: &c, ldc: n)
                }
            } else {
                Kernels.gemm(transA: transA, transB: transB, m: m, n: n, k: k, a: ap.baseAddress!, lda: a.shape[1],
                             b: bp.baseAddress!, ldb: b.shape[1], c: &c, ldc: n, accumulate: start != nil, panelWidth: width)
            }
        } }
        return c
    }

    /// `gemm` at widths 16 and 32: within 1e-5 of the reference, and the same bits as each other.
    func assertBothWidthsAgree(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, _ a: Tensor, _ b: Tensor, accumulateOnto start: [Float]?,
                               file: StaticString = #filePath, line: UInt = #line) {
        let reference = product(0, transA: transA, transB: transB, m: m, n: n, k: k, a, b, accumulateOnto: start)
        let narrow = product(16, transA: transA, transB: transB, m: m, n: n, k: k, a, b, accumulateOnto: start)
        let wide = product(32, transA: transA, transB: transB, m: m, n: n, k: k, a, b, accumulateOnto: start)
        let at = "m=\(m) n=\(n) k=\(k) transA=\(transA) transB=\(transB)"
        let err = zip(narrow, reference).map { abs($0 - $1) / max(1, abs($1)) }.max()!
        XCTAssertLessThan(err, 1e-5, at, file: file, line: line)
        XCTAssertEqual(narrow.map(\.bitPattern), wide.map(\.bitPattern), "widths 16 and 32 differ at \(at)", file: file, line: line)
    }

    func testBothWidthsMatchTheReferenceAndEachOtherAtEveryEdge() {
        var rng = RandomGenerator(seed: 16)
        var cases = 0
        for m in [1, 4, 5, 6, 7, 11, 13] {
            for n in Self.edges {
                for k in [1, 15, 17, 64, 150] {
                    let (ta, tb) = ((m + n) % 2 == 0, (n + k) % 3 == 0)
                    let a = Tensor.randomNormal(shape: ta ? [k, m] : [m, k], sigma: 1, using: &rng)
                    let b = Tensor.randomNormal(shape: tb ? [n, k] : [k, n], sigma: 1, using: &rng)
                    let start = k == 17 ? (0..<(m * n)).map { Float($0 % 7) - 3 } : nil
                    assertBothWidthsAgree(transA: ta, transB: tb, m: m, n: n, k: k, a, b, accumulateOnto: start)
                    cases += 1
                }
            }
        }
        XCTAssertEqual(cases, 7 * 10 * 5)
    }

    func testTheBuildChoosesAWidthItHasATileFor() {
        XCTAssertTrue([16, 32].contains(Kernels.panelWidth))
        XCTAssertEqual(Kernels.panelWidth == 32, Machine.vectorISA == "avx512")
    }

    /// Long dot products (`transB`, K ≥ 256: conv1's dW) go in blocks of 2×4 entries where the tile
    /// is 32 wide and 2×2 elsewhere; both agree with the reference and with each other bit for bit,
    /// at every block edge and with a K that leaves a tail after the 16-wide steps.
    func testBothDotBlockShapesMatchTheReferenceAndEachOther() {
        var rng = RandomGenerator(seed: 25)
        for m in [1, 2, 3, 6, 7] {
            for n in [1, 2, 3, 4, 5, 25] {
                for k in [256, 271, 576] {
                    let a = Tensor.randomNormal(shape: [m, k], sigma: 1, using: &rng)
                    let b = Tensor.randomNormal(shape: [n, k], sigma: 1, using: &rng)
                    let start = k == 271 ? (0..<(m * n)).map { Float($0 % 5) - 2 } : nil
                    assertBothWidthsAgree(transA: false, transB: true, m: m, n: n, k: k, a, b, accumulateOnto: start)
                }
            }
        }
    }
}
