import NN

let optimizerNames = ["sgd", "momentum", "adagrad", "rmsprop", "adam"]

/// The update rules of the optimizers with no words in them, for `help optimizer` in every
/// language (Adam's, which has words, is each catalogue's).
let optimizerRules = """
    sgd:      W ← W − lr·dW  (lr 0.01)
    momentum: v ← momentum·v − lr·dW;  W ← W + v  (lr 0.01, momentum 0.9)
    adagrad:  h ← h + dW²;  W ← W − lr·dW/(√h + 1e-7)  (lr 0.01)
    rmsprop:  h ← decay·h + (1 − decay)·dW²;  W ← W − lr·dW/(√h + 1e-7)  (lr 0.01, decay 0.99)
    """

let optimizerCommand = Command(
    name: "optimizer", usage: "optimizer sgd|momentum|adagrad|rmsprop|adam [lr=...] [momentum=...] [decay=...] [beta1=...] [beta2=...] [eps=...] [schedule=constant|cosine]",
    helpArguments: { [optimizerRules] },
    positionals: [.choice(optimizerNames)],
    options: ["lr": .number, "momentum": .number, "decay": .number, "beta1": .number, "beta2": .number, "eps": .number,
              "schedule": .choice(LearningRateSchedule.allCases.map(\.rawValue))],
    action: .workspace { ws, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 1)
        guard let kind = args.optionalPositional(0) else {
            out.line("optimizer \(ws.describe(ws.freshOptimizer))")
            return
        }
        let allowed = ["sgd": ["lr"], "momentum": ["lr", "momentum"], "adagrad": ["lr"], "rmsprop": ["lr", "decay"], "adam": ["lr", "beta1", "beta2", "eps"]]
        guard let keys = allowed[kind] else {
            let close = Suggestion.hint(for: kind, among: optimizerNames)
            throw ShellError(tr("optimizer.unknown", kind), expected: optimizerNames.joined(separator: ", "), hint: close)
        }
        try args.expectOptions(keys + ["schedule"])
        let schedule = try args.word("schedule", among: LearningRateSchedule.allCases.map(\.rawValue), default: "constant")
        func value(_ key: String, _ fallback: Float) throws(ShellError) -> Float { try args.float(key, default: fallback)! }
        let made: any Optimizer
        do {
            switch kind {
            case "sgd": made = try SGD(learningRate: try value("lr", 0.01))
            case "momentum": made = try Momentum(learningRate: try value("lr", 0.01), momentum: try value("momentum", 0.9))
            case "adagrad": made = try AdaGrad(learningRate: try value("lr", 0.01))
            case "rmsprop": made = try RMSProp(learningRate: try value("lr", 0.01), decay: try value("decay", 0.99))
            default: made = try Adam(learningRate: try value("lr", 0.001), beta1: try value("beta1", 0.9), beta2: try value("beta2", 0.999), epsilon: try value("eps", 1e-8))
            }
        } catch let error as HyperparameterError {
            throw ShellError("\(error)")
        } catch let error as ShellError {
            throw error
        } catch {
            throw ShellError("\(error)")
        }
        ws.optimizer = made
        ws.freshOptimizer = made
        ws.optimizerReplacedAfter = ws.steps > 0 ? ws.steps : nil
        ws.schedule = LearningRateSchedule(rawValue: schedule)!
        out.line("optimizer \(ws.optimizerSummary)")
    })
