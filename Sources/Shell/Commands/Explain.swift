import NN
import Tensors

let explainCommand = Command(
    name: "explain", usage: "explain NAME[i][j]...", summary: "trace one value to the course's formula, with the numbers",
    help: """
    Takes one element of a layer's output (LAYER.out, after 'forward'), of a gradient (LAYER.dx, LAYER.dW, LAYER.db, after 'backward') or the loss, and prints the course's formula, the same formula with the element's indices, every term with its numbers (for a long sum, each window as a grid: the input patch beside the filter slice, their products and sum; or the largest terms first and what the rest add up to), the result recomputed in Double from the stored inputs, and whether it equals the stored value. Give every index (negative ones count from the end): explain conv1.out[0][2][10][12], explain loss, explain loss[3].
    S is the stride, P the padding, dA the gradient at the layer's output (the next layer's dx, or what backward started from), N the batch:
        conv2d   a[n,m,i,j]  = Σ_k Σ_s Σ_t x[n,k,i·S+s−P,j·S+t−P]·W[m,k,s,t] + b[m]
                 dW[m,k,s,t] = Σ_n Σ_i Σ_j dA[n,m,i,j]·x[n,k,i·S+s−P,j·S+t−P]
                 db[m]       = Σ_n Σ_i Σ_j dA[n,m,i,j]
                 dx[n,k,r,c] = Σ_m Σ_(i,j) dA[n,m,i,j]·W[m,k,r+P−i·S,c+P−j·S] over the
                               windows (i,j) covering (r,c): the sum col2im adds up
                 (cells in the padding are 0)
        maxpool  y[n,c,i,j]  = max_s,t x[n,c,i·S+s−P,j·S+t−P]   (padding never wins)
                 dx[n,c,r,q] = Σ dA[n,c,i,j] over the windows whose maximum is at (r,q)
        avgpool  y[n,c,i,j]  = 1/(KH·KW) · Σ_s Σ_t x[n,c,i·S+s−P,j·S+t−P]
                 dx[n,c,r,q] = 1/(KH·KW) · Σ dA[n,c,i,j] over the windows covering (r,q)
        fc       y[n,j] = Σ_i x[n,i]·W[i,j] + b[j]     dx[n,i] = Σ_j dA[n,j]·W[i,j]
                 dW[i,j] = Σ_n x[n,i]·dA[n,j]          db[j]   = Σ_n dA[n,j]
        relu     y = max(0, x)       dx = dA·(1 if x > 0, else 0)
        tanh     y = tanh(x)         dx = dA·(1 − tanh²(x))
        sigmoid  y = 1/(1 + e^−x)    dx = dA·y·(1 − y)
        flatten  y[n,(c·H+h)·W+w] = x[n,c,h,w], and dx the other way round
        softmax  y[n,c] = e^(x[n,c] − max x[n]) / Σ_j e^(x[n,j] − max x[n])
                 dx[n,c] = y[n,c]·(dA[n,c] − Σ_j dA[n,j]·y[n,j]), or (y − t)/N
                 when the loss folds the softmax in
        loss     L = (1/N) Σ_n L_n,  L_n = −log y[n,t_n],  y = softmax(z), t_n the label
                 (explain loss[n] gives one sample's L_n)
    Values that agree to float32 rounding are marked ✓; a difference means the weights changed after the forward or backward that made the value.
    """,
    positionals: [.workspaceName],
    action: .workspace { ws, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 1)
        let expression = try args.positional(0, "NAME[i][j]..., one element (like conv1.out[0][0][5][5], or loss)")
        let target = try ExplainTarget(expression, in: ws)
        let (lines, value, magnitude) = try ExplainText(target, ExplainInputs(target, ws), ws).render()
        for line in lines + ExplainText.comparison(target, value: value, magnitude: magnitude) { out.line(line) }
    })
