import NN
import Tensors

let explainCommand = Command(
    name: "explain", usage: "explain NAME[i][j]...", summary: "trace one value to the course's formula, with the numbers",
    help: """
    Takes one element of a layer's output (LAYER.out, after 'forward'), of a
    gradient (LAYER.dx, LAYER.dW, LAYER.db, after 'backward') or the loss, and
    prints the course's formula, the same formula with the element's indices,
    every term with its numbers (for a long sum, each window as a grid: the input
    patch beside the filter slice, their products and sum; or the largest terms
    first and what the rest add up to), the result recomputed in Double from the
    stored inputs, and whether it equals the stored value. Give every index
    (negative ones count from the end): explain conv1.out[0][2][10][12],
    explain loss, explain loss[3].
    S is the stride, P the padding, dA the gradient at the layer's output (the
    next layer's dx, or what backward started from), N the batch:
    """ + "\n" + ExplainFormulas.help + "\n" + """
    Values that agree to float32 rounding are marked ✓; a difference means the
    weights changed after the forward or backward that made the value.
    """,
    positionals: [.workspaceName],
    action: .workspace { ws, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 1)
        let expression = try args.positional(0, tr("explain.missing"))
        let target = try ExplainTarget(expression, in: ws)
        let (lines, value, magnitude) = try ExplainText(target, ExplainInputs(target, ws), ws).render()
        for line in lines + ExplainText.comparison(target, value: value, magnitude: magnitude) { out.line(line) }
    })
