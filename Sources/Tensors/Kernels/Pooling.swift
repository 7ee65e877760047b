/// Pooling over `planes` image planes of H×W laid one after another (a batch N×C×H×W is N·C
/// planes); outputs are OH×OW per plane, in the same order.
extension Kernels {
    /// y = the maximum of each window (padded positions never win; ties go to the first in
    /// row-major order). `winners` gets the flat input index of each maximum, for backward: all
    /// planes' when `keepsWinners`, else one plane's worth reused as scrap (prediction needs none).
    public static func maxPool(_ g: SlidingWindow, planes: Int, input xp: UnsafePointer<Float>, output yp: UnsafeMutablePointer<Float>,
                               winners wp: UnsafeMutablePointer<Int32>, keepsWinners: Bool) {
        let (kh, kw) = (g.window.kernelHeight, g.window.kernelWidth)
        let (sh, sw, ph, pw) = (g.window.height.stride, g.window.width.stride, g.window.height.padding, g.window.width.padding)
        let (oh, ow, h, w) = (g.outputHeight, g.outputWidth, g.height, g.width)
        var o = 0
        if kh == 2 && kw == 2 && sh == 2 && sw == 2 && ph == 0 && pw == 0 {
            // The common 2×2 stride-2 window: eight, then four outputs at a time from wide loads
            // of the two input rows, unrolled below that; ties go to the first, as below.
            for plane in 0..<planes {
                let base = plane * h * w, skip = keepsWinners ? 0 : plane * oh * ow
                for i in 0..<oh {
                    let top = base + 2 * i * w, bottom = top + w
                    var j = 0
                    while j + 8 <= ow {
                        let r0 = UnsafeRawPointer(xp + top + 2 * j).loadUnaligned(as: SIMD16<Float>.self)
                        let r1 = UnsafeRawPointer(xp + bottom + 2 * j).loadUnaligned(as: SIMD16<Float>.self)
                        let (a, b, c, d) = (r0.evenHalf, r0.oddHalf, r1.evenHalf, r1.oddHalf)
                        var best = a, at = SIMD8<Int32>(repeating: 0)
                        at.replace(with: 1, where: b .> best); best.replace(with: b, where: b .> best)
                        at.replace(with: 2, where: c .> best); best.replace(with: c, where: c .> best)
                        at.replace(with: 3, where: d .> best); best.replace(with: d, where: d .> best)
                        UnsafeMutableRawPointer(yp + o).storeBytes(of: best, as: SIMD8<Float>.self)
                        // Offset 0...3 within the window → flat index of the winner.
                        let column = SIMD8<Int32>(0, 2, 4, 6, 8, 10, 12, 14) &+ Int32(top + 2 * j)
                        let winner = column &+ (at & 1) &+ (at &>> 1) &* Int32(w)
                        UnsafeMutableRawPointer(wp + o - skip).storeBytes(of: winner, as: SIMD8<Int32>.self)
                        o += 8
                        j += 8
                    }
                    if j + 4 <= ow {
                        let r0 = UnsafeRawPointer(xp + top + 2 * j).loadUnaligned(as: SIMD8<Float>.self)
                        let r1 = UnsafeRawPointer(xp + bottom + 2 * j).loadUnaligned(as: SIMD8<Float>.self)
                        let (a, b, c, d) = (r0.evenHalf, r0.oddHalf, r1.evenHalf, r1.oddHalf)
                        var best = a, at = SIMD4<Int32>(repeating: 0)
                        at.replace(with: 1, where: b .> best); best.replace(with: b, where: b .> best)
                        at.replace(with: 2, where: c .> best); best.replace(with: c, where: c .> best)
                        at.replace(with: 3, where: d .> best); best.replace(with: d, where: d .> best)
                        UnsafeMutableRawPointer(yp + o).storeBytes(of: best, as: SIMD4<Float>.self)
                        let column = SIMD4<Int32>(0, 2, 4, 6) &+ Int32(top + 2 * j)
                        let winner = column &+ (at & 1) &+ (at &>> 1) &* Int32(w)
                        UnsafeMutableRawPointer(wp + o - skip).storeBytes(of: winner, as: SIMD4<Int32>.self)
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
            let base = plane * h * w, skip = keepsWinners ? 0 : plane * oh * ow
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

    /// dx = 0, then each dy added at its window's winner (summed where windows overlap).
    public static func maxPoolBackward(_ dy: UnsafePointer<Float>, winners: UnsafePointer<Int32>, count: Int,
                                       _ dx: UnsafeMutablePointer<Float>, inputCount: Int) {
        dx.update(repeating: 0, count: inputCount)
        for o in 0..<count { dx[Int(winners[o])] += dy[o] }
    }

    /// y = the mean of each window, padded positions counting as zeros (divided by KH·KW always).
    public static func avgPool(_ g: SlidingWindow, planes: Int, input x: UnsafePointer<Float>, output y: UnsafeMutablePointer<Float>) {
        let scale = 1 / Float(g.window.kernelHeight * g.window.kernelWidth)
        y.update(repeating: 0, count: planes * g.outputPositions)
        forEachWindowCell(g, planes: planes) { o, i in y[o] += x[i] * scale }
    }

    /// dx: each dy shared equally, dy/(KH·KW), among the image positions of its window.
    public static func avgPoolBackward(_ g: SlidingWindow, planes: Int, _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>) {
        let scale = 1 / Float(g.window.kernelHeight * g.window.kernelWidth)
        dx.update(repeating: 0, count: planes * g.height * g.width)
        forEachWindowCell(g, planes: planes) { o, i in dx[i] += dy[o] * scale }
    }

    /// Calls `body(outputIndex, inputIndex)` for every image position inside every window.
    @inline(__always)
    private static func forEachWindowCell(_ g: SlidingWindow, planes: Int, _ body: (Int, Int) -> Void) {
        let (kh, kw) = (g.window.kernelHeight, g.window.kernelWidth)
        let (sh, sw, ph, pw) = (g.window.height.stride, g.window.width.stride, g.window.height.padding, g.window.width.padding)
        var o = 0
        for plane in 0..<planes {
            let base = plane * g.height * g.width
            for i in 0..<g.outputHeight {
                for j in 0..<g.outputWidth {
                    for s in 0..<kh {
                        let h = i * sh - ph + s
                        guard h >= 0 && h < g.height else { continue }
                        for t in 0..<kw {
                            let w = j * sw - pw + t
                            if w >= 0 && w < g.width { body(o, base + h * g.width + w) }
                        }
                    }
                    o += 1
                }
            }
        }
    }
}
