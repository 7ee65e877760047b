import NN
import Tensors

let explainCommand = Command(
    name: "explain", usage: "explain NAME[i][j]...",
    helpArguments: { [ExplainFormulas.help] },
    positionals: [.workspaceName],
    action: .workspace { ws, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 1)
        let expression = try args.positional(0, tr("explain.missing"))
        let target = try ExplainTarget(expression, in: ws)
        let (lines, value, magnitude) = try ExplainText(target, ExplainInputs(target, ws), ws).render()
        for line in lines + ExplainText.comparison(target, value: value, magnitude: magnitude) { out.line(line) }
    })
