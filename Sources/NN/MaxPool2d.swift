import Tensors

/// Max pooling over KH×KW windows with stride S and padding P (padded positions never win).
///
/// Shapes: x N×C×H×W → y N×C×OH×OW, OH = (H + 2P − KH)/S + 1. No parameters.
/// Forward: `y[n,c,i,j] = max_{s,t} x[n, c, i·S+s−P, j·S+t−P]`, remembering where the max was.
/// Backward: each dy goes to the input position that won its window (summed where windows overlap).
public struct MaxPool2d: Pool2d {
    public let window: Window
    /// Flat input index of each output's maximum (Int32: a batch of images stays below 2³¹ values).
    private var winners: [Int32] = []
    private var inputShape: [Int] = []

    public init(kernelHeight: Int, kernelWidth: Int, stride: Int? = nil, padding: Int = 0) {
        window = Self.window(kernelHeight: kernelHeight, kernelWidth: kernelWidth, stride: stride, padding: padding)
    }

    public var kind: String { "maxpool" }

    public mutating func forward(_ x: Tensor) -> Tensor {
        let (y, won) = pool(x, keepWinners: true)
        inputShape = x.shape
        winners = won
        return y
    }

    public func inference(_ x: Tensor) -> Tensor { pool(x, keepWinners: false).0 }

    /// The pooled tensor and, when asked, the flat input index of each output's maximum.
    private func pool(_ x: Tensor, keepWinners: Bool) -> (Tensor, [Int32]) {
        let g = window.sliding(over: x)
        let (kh, kw) = (window.kernelHeight, window.kernelWidth)
        let (sh, sw, ph, pw) = (window.height.stride, window.width.stride, window.height.padding, window.width.padding)
        let planes = x.shape[0] * x.shape[1], (oh, ow, h, w) = (g.outputHeight, g.outputWidth, g.height, g.width)
        // Without winners to keep, they are written to a small scrap buffer instead (one plane's worth).
        // Every entry is written below before it is read.
        let wonCount = keepWinners ? planes * oh * ow : oh * ow
        var won = [Int32](unsafeUninitializedCapacity: wonCount) { _, count in count = wonCount }
        let y = Tensor(shape: [x.shape[0], x.shape[1], oh, ow]) { yp in
            x.withUnsafeBufferPointer { xp in
                won.withUnsafeMutableBufferPointer { wp in
                    var o = 0
                    if kh == 2 && kw == 2 && sh == 2 && sw == 2 && ph == 0 && pw == 0 {
                        // The common 2×2 stride-2 window: eight, then four outputs at a time from wide loads
                        // of the two input rows, unrolled below that; ties go to the first, as below.
                        for plane in 0..<planes {
                            let base = plane * h * w, skip = keepWinners ? 0 : plane * oh * ow
                            for i in 0..<oh {
                                let top = base + 2 * i * w, bottom = top + w
                                var j = 0
                                while j + 8 <= ow {
                                    let r0 = UnsafeRawPointer(xp.baseAddress! + top + 2 * j).loadUnaligned(as: SIMD16<Float>.self)
                                    let r1 = UnsafeRawPointer(xp.baseAddress! + bottom + 2 * j).loadUnaligned(as: SIMD16<Float>.self)
                                    let (a, b, c, d) = (r0.evenHalf, r0.oddHalf, r1.evenHalf, r1.oddHalf)
                                    var best = a, at = SIMD8<Int32>(repeating: 0)
                                    at.replace(with: 1, where: b .> best); best.replace(with: b, where: b .> best)
                                    at.replace(with: 2, where: c .> best); best.replace(with: c, where: c .> best)
                                    at.replace(with: 3, where: d .> best); best.replace(with: d, where: d .> best)
                                    UnsafeMutableRawPointer(yp.baseAddress! + o).storeBytes(of: best, as: SIMD8<Float>.self)
                                    // Offset 0...3 within the window → flat index of the winner.
                                    let column = SIMD8<Int32>(0, 2, 4, 6, 8, 10, 12, 14) &+ Int32(top + 2 * j)
                                    let winner = column &+ (at & 1) &+ (at &>> 1) &* Int32(w)
                                    UnsafeMutableRawPointer(wp.baseAddress! + o - skip).storeBytes(of: winner, as: SIMD8<Int32>.self)
                                    o += 8
                                    j += 8
                                }
                                if j + 4 <= ow {
                                    let r0 = UnsafeRawPointer(xp.baseAddress! + top + 2 * j).loadUnaligned(as: SIMD8<Float>.self)
                                    let r1 = UnsafeRawPointer(xp.baseAddress! + bottom + 2 * j).loadUnaligned(as: SIMD8<Float>.self)
                                    let (a, b, c, d) = (r0.evenHalf, r0.oddHalf, r1.evenHalf, r1.oddHalf)
                                    var best = a, at = SIMD4<Int32>(repeating: 0)
                                    at.replace(with: 1, where: b .> best); best.replace(with: b, where: b .> best)
                                    at.replace(with: 2, where: c .> best); best.replace(with: c, where: c .> best)
                                    at.replace(with: 3, where: d .> best); best.replace(with: d, where: d .> best)
                                    UnsafeMutableRawPointer(yp.baseAddress! + o).storeBytes(of: best, as: SIMD4<Float>.self)
                                    let column = SIMD4<Int32>(0, 2, 4, 6) &+ Int32(top + 2 * j)
                                    let winner = column &+ (at & 1) &+ (at &>> 1) &* Int32(w)
                                    UnsafeMutableRawPointer(wp.baseAddress! + o - skip).storeBytes(of: winner, as: SIMD4<Int32>.self)
                                    o += 4
                                    j += 4
                                }
                                while j < ow {
                                    var at = top + 2 * j, best = xp[at]
                                    if xp[at + 1] > best { best = xp[at + 1]; at += 1 }
                                    if xp[bottom + 2 * j] > best { best = xp[bottom + 2 * j]; at = bottom + 2 * j }
                                    if xp[bottom + 2 * j + 1] > best { best = xp[bottom + 2 * j + 1]; at = bottom + 2 * j + 1 }
                                    yp[o] = best
                                    wp[o - skip] = Int32(at)
                                    o += 1
                                    j += 1
                                }
                            }
                        }
                        return
                    }
                    for plane in 0..<planes {
                        let base = plane * h * w, skip = keepWinners ? 0 : plane * oh * ow
                        for i in 0..<oh {
                            // Window rows and columns inside the image; padded positions never win.
                            let top = max(0, i * sh - ph), bottom = min(h, i * sh - ph + kh)
                            for j in 0..<ow {
                                let left = max(0, j * sw - pw), right = min(w, j * sw - pw + kw)
                                var at = base + top * w + left
                                var best = xp[at]
                                for r in top..<bottom {
                                    let line = base + r * w
                                    for c in left..<right where xp[line + c] > best {
                                        best = xp[line + c]
                                        at = line + c
                                    }
                                }
                                yp[o] = best
                                wp[o - skip] = Int32(at)
                                o += 1
                            }
                        }
                    }
                }
            }
        }
        return (y, won)
    }

    public mutating func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        precondition(dy.count == winners.count, "maxpool backward before forward")
        var dx = Tensor(shape: inputShape)
        dx.withUnsafeMutableBufferPointer { d in
            dy.withUnsafeBufferPointer { g in
                winners.withUnsafeBufferPointer { wp in
                    for o in 0..<wp.count { d[Int(wp[o])] += g[o] }
                }
            }
        }
        return dx
    }
}
