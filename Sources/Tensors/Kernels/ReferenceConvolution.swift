extension ReferenceKernels {
    /// The course's convolution as plain loops, what `Conv2d` (im2col and GEMM) is tested against:
    /// `y[n,m,i,j] = Σ_k Σ_s Σ_t x[n, k, i·S_h+s−P_h, j·S_w+t−P_w] · W[m,k,s,t] + b[m]` (zero outside the image).
    public static func conv2d(_ x: Tensor, weight: Tensor, bias: Tensor, window: Window) -> Tensor {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (m, kh, kw) = (weight.shape[0], weight.shape[2], weight.shape[3])
        let g = try! SlidingWindow(over: x, window: window)
        let (sh, sw, ph, pw) = (window.height.stride, window.width.stride, window.height.padding, window.width.padding)
        var y = Tensor(shape: [n, m, g.outputHeight, g.outputWidth])
        for b in 0..<n { for f in 0..<m { for i in 0..<g.outputHeight { for j in 0..<g.outputWidth {
            var sum = Double(bias[f])
            for k in 0..<c { for s in 0..<kh { for t in 0..<kw {
                let r = i * sh + s - ph, q = j * sw + t - pw
                if r >= 0, r < h, q >= 0, q < w { sum += Double(x[b, k, r, q]) * Double(weight[f, k, s, t]) }
            } } }
            y[b, f, i, j] = Float(sum)
        } } } }
        return y
    }

    /// dx, dW and db for upstream gradient dy, by the chain rule applied to each term of the sum above.
    public static func conv2dBackward(_ x: Tensor, weight: Tensor, window: Window, dy: Tensor) -> (dx: Tensor, dW: Tensor, db: Tensor) {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (m, kh, kw) = (weight.shape[0], weight.shape[2], weight.shape[3])
        let (oh, ow) = (dy.shape[2], dy.shape[3])
        let (sh, sw, ph, pw) = (window.height.stride, window.width.stride, window.height.padding, window.width.padding)
        var dx = Tensor(shape: x.shape), dW = Tensor(shape: weight.shape), db = Tensor(shape: [m])
        for b in 0..<n { for f in 0..<m { for i in 0..<oh { for j in 0..<ow {
            let g = dy[b, f, i, j]
            db[f] += g
            for k in 0..<c { for s in 0..<kh { for t in 0..<kw {
                let r = i * sh + s - ph, q = j * sw + t - pw
                if r >= 0, r < h, q >= 0, q < w {
                    dx[b, k, r, q] += g * weight[f, k, s, t]
                    dW[f, k, s, t] += g * x[b, k, r, q]
                }
            } } }
        } } } }
        return (dx, dW, db)
    }
}
