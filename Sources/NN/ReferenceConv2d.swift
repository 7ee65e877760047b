import Tensors

/// The course's convolution written as plain loops, kept as the reference `Conv2d` is tested against:
/// `y[n,m,i,j] = Σ_k Σ_s Σ_t x[n, k, i·S+s−P, j·S+t−P] · W[m,k,s,t] + b[m]` (zero outside the image).
public enum ReferenceConv2d {
    public static func forward(_ x: Tensor, weight: Tensor, bias: Tensor, stride: Int, padding: Int) -> Tensor {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (m, kh, kw) = (weight.shape[0], weight.shape[2], weight.shape[3])
        let g = try! SlidingWindow(over: x, window: Window(kernelHeight: kh, kernelWidth: kw, stride: stride, padding: padding))
        let (oh, ow) = (g.outputHeight, g.outputWidth)
        var y = Tensor(shape: [n, m, oh, ow])
        for b in 0..<n { for f in 0..<m { for i in 0..<oh { for j in 0..<ow {
            var sum = Double(bias[f])
            for k in 0..<c { for s in 0..<kh { for t in 0..<kw {
                let r = i * stride + s - padding, q = j * stride + t - padding
                if r >= 0, r < h, q >= 0, q < w { sum += Double(x[b, k, r, q]) * Double(weight[f, k, s, t]) }
            } } }
            y[b, f, i, j] = Float(sum)
        } } } }
        return y
    }

    /// dx, dW and db for upstream gradient dy, by the chain rule applied to each term of the sum above.
    public static func backward(_ x: Tensor, weight: Tensor, stride: Int, padding: Int, dy: Tensor) -> (dx: Tensor, dW: Tensor, db: Tensor) {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (m, kh, kw) = (weight.shape[0], weight.shape[2], weight.shape[3])
        let (oh, ow) = (dy.shape[2], dy.shape[3])
        var dx = Tensor(shape: x.shape), dW = Tensor(shape: weight.shape), db = Tensor(shape: [m])
        for b in 0..<n { for f in 0..<m { for i in 0..<oh { for j in 0..<ow {
            let g = dy[b, f, i, j]
            db[f] += g
            for k in 0..<c { for s in 0..<kh { for t in 0..<kw {
                let r = i * stride + s - padding, q = j * stride + t - padding
                if r >= 0, r < h, q >= 0, q < w {
                    dx[b, k, r, q] += g * weight[f, k, s, t]
                    dW[f, k, s, t] += g * x[b, k, r, q]
                }
            } } }
        } } } }
        return (dx, dW, db)
    }
}
