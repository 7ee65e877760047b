extension Kernels {
    /// Unfolds image patches into rows: input N×C×H×W gives a (N·OH·OW)×(C·KH·KW) matrix whose row
    /// `n·OH·OW + oh·OW + ow` holds the window under output position (oh, ow) of image n, zero where
    /// the window lies in the padding.
    public static func im2col(_ g: SlidingWindow, batch: Int, input: UnsafePointer<Float>, columns: UnsafeMutablePointer<Float>) {
        let (oh, ow, kh, kw) = (g.outputHeight, g.outputWidth, g.window.kernelHeight, g.window.kernelWidth)
        let (sh, sw, ph, pw) = (g.window.height.stride, g.window.width.stride, g.window.height.padding, g.window.width.padding)
        var dst = columns
        for n in 0..<batch {
            let image = input + n * g.imageSize
            for y in 0..<oh {
                for x in 0..<ow {
                    let left = x * sw - pw
                    for c in 0..<g.channels {
                        let plane = image + c * g.height * g.width
                        for i in 0..<kh {
                            let row = y * sh - ph + i
                            if row < 0 || row >= g.height || left < 0 || left + kw > g.width {
                                for j in 0..<kw {
                                    let col = left + j
                                    dst[j] = (row >= 0 && row < g.height && col >= 0 && col < g.width)
                                        ? plane[row * g.width + col] : 0
                                }
                            } else {
                                dst.update(from: plane + row * g.width + left, count: kw)
                            }
                            dst += kw
                        }
                    }
                }
            }
        }
    }

    /// The adjoint of `im2col`, the course's col2im: adds each entry of the (N·OH·OW)×(C·KH·KW) matrix
    /// back onto the input position it was copied from, giving N×C×H×W. A pixel under several windows
    /// receives one value from each (so col2im(im2col(x)) is x times how many windows cover each
    /// pixel); entries that lay in the padding are dropped. Overwrites `output`.
    public static func col2im(_ g: SlidingWindow, batch: Int, columns: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let (oh, ow, kh, kw) = (g.outputHeight, g.outputWidth, g.window.kernelHeight, g.window.kernelWidth)
        let (sh, sw, ph, pw) = (g.window.height.stride, g.window.width.stride, g.window.height.padding, g.window.width.padding)
        output.update(repeating: 0, count: batch * g.imageSize)
        var src = columns
        for n in 0..<batch {
            let image = output + n * g.imageSize
            for y in 0..<oh {
                for x in 0..<ow {
                    let left = x * sw - pw
                    // Kernel columns j whose input column left + j lies inside the image.
                    let first = max(0, -left), last = min(kw, g.width - left)
                    for c in 0..<g.channels {
                        let plane = image + c * g.height * g.width
                        for i in 0..<kh {
                            let row = y * sh - ph + i
                            if row >= 0 && row < g.height && first < last {
                                add(src + first, to: plane + row * g.width + left + first, count: last - first)
                            }
                            src += kw
                        }
                    }
                }
            }
        }
    }

    /// One image's im2col matrix, transposed: (C·KH·KW)×(OH·OW), row `(c·KH + i)·KW + j` holding the
    /// input value under kernel offset (i, j) of channel c at every output position. In this layout a
    /// convolution is W (M×C·KH·KW) times it, giving the image's M×OH·OW output already in NCHW order,
    /// and each row is filled by copying runs of an input row.
    public static func im2colTransposed(_ g: SlidingWindow, image: UnsafePointer<Float>, columns: UnsafeMutablePointer<Float>) {
        let (oh, ow, kh, kw) = (g.outputHeight, g.outputWidth, g.window.kernelHeight, g.window.kernelWidth)
        let (sh, sw, ph, pw) = (g.window.height.stride, g.window.width.stride, g.window.height.padding, g.window.width.padding)
        var dst = columns
        if g.window.slidesByOneUnpadded {
            // Every window lies inside the image: each row is oh runs of ow values, no bounds to check.
            for c in 0..<g.channels {
                let plane = image + c * g.height * g.width
                for i in 0..<kh {
                    for j in 0..<kw {
                        var src = plane + i * g.width + j
                        for _ in 0..<oh {
                            copy(src, to: dst, count: ow)
                            src += g.width
                            dst += ow
                        }
                    }
                }
            }
            return
        }
        for c in 0..<g.channels {
            let plane = image + c * g.height * g.width
            for i in 0..<kh {
                for j in 0..<kw {
                    // Output columns x whose input column x·S_w − P_w + j lies inside the image.
                    let first = max(0, (pw - j + sw - 1) / sw), last = min(ow, (g.width + pw - j + sw - 1) / sw)
                    for y in 0..<oh {
                        let row = y * sh - ph + i
                        let out = dst + y * ow
                        guard row >= 0 && row < g.height, first < last else {
                            out.update(repeating: 0, count: ow)
                            continue
                        }
                        if first > 0 { out.update(repeating: 0, count: first) }
                        let src = plane + row * g.width + first * sw - pw + j
                        if sw == 1 {
                            copy(src, to: out + first, count: last - first)
                        } else {
                            for x in 0..<(last - first) { out[first + x] = src[x * sw] }
                        }
                        if last < ow { (out + last).update(repeating: 0, count: ow - last) }
                    }
                    dst += oh * ow
                }
            }
        }
    }

    /// The adjoint of `im2colTransposed` for one image: adds each value back onto the input
    /// position it came from. Overwrites `image`.
    public static func col2imTransposed(_ g: SlidingWindow, columns: UnsafePointer<Float>, image: UnsafeMutablePointer<Float>) {
        let (oh, ow, kh, kw) = (g.outputHeight, g.outputWidth, g.window.kernelHeight, g.window.kernelWidth)
        let (sh, sw, ph, pw) = (g.window.height.stride, g.window.width.stride, g.window.height.padding, g.window.width.padding)
        image.update(repeating: 0, count: g.imageSize)
        var src = columns
        if g.window.slidesByOneUnpadded {
            for c in 0..<g.channels {
                let plane = image + c * g.height * g.width
                for i in 0..<kh {
                    for j in 0..<kw {
                        var dst = plane + i * g.width + j
                        for _ in 0..<oh {
                            add(src, to: dst, count: ow)
                            src += ow
                            dst += g.width
                        }
                    }
                }
            }
            return
        }
        for c in 0..<g.channels {
            let plane = image + c * g.height * g.width
            for i in 0..<kh {
                for j in 0..<kw {
                    let first = max(0, (pw - j + sw - 1) / sw), last = min(ow, (g.width + pw - j + sw - 1) / sw)
                    if first < last {
                        for y in 0..<oh {
                            let row = y * sh - ph + i
                            guard row >= 0 && row < g.height else { continue }
                            let dst = plane + row * g.width + first * sw - pw + j
                            let values = src + y * ow + first
                            for x in 0..<(last - first) { dst[x * sw] += values[x] }
                        }
                    }
                    src += oh * ow
                }
            }
        }
    }
}
