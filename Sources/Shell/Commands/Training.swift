import NN
import Tensors

let trainCommand = Command(
    name: "train", usage: "train [epochs=E] [batch=B] [decay=F] [x=NAME] [y=NAME] [val=NAME|none] [batches=K]",
    summary: "mini-batch training with a line per epoch",
    help: """
    Each epoch shuffles x (x_train by default) with the session's seed and cuts it into batches of B (64): for each batch, forward, softmax cross-entropy loss, backward, and one optimizer step (see 'help optimizer'). After each epoch, prints the mean loss, the accuracy on the batches as they were seen, and the accuracy on the validation set (x_val and y_val when they exist; val=x_test uses x_test and y_test; val=none skips it).
    The learning rate follows the optimizer's schedule (see 'help optimizer'): net lenet's recipe anneals it by cosine over the run. With a constant schedule, decay=F multiplies it by F after each epoch (1, no change, by default).
    batches=K stops after K batches in all. Ctrl-C stops at the next batch boundary and keeps the weights trained so far; the session records how many batches ran, so a replay ends in the same place.
    """,
    options: ["epochs": .number, "batch": .number, "decay": .number, "x": .workspaceName, "y": .workspaceName,
              "val": .oneOf([.workspaceName, .choice(["none"])]), "batches": .number],
    action: .workspace { ws, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 0)
        var net = try ws.requireNetwork()
        let classes = try classCount(net)
        let epochs = try args.int("epochs", default: 1, in: 1...10_000)!
        let batchSize = try args.int("batch", default: 64, in: 1...65_536)!
        let limit = try args.int("batches", in: 1...Int(Int32.max))
        let decay = try args.float("decay", default: 1, in: 0.01...1, expected: "a factor from 0.01 to 1")!
        if decay != 1 && ws.schedule != .constant {
            throw ShellError("train: decay=\(args.string("decay")!) needs a constant learning rate, and the optimizer's schedule is \(ws.schedule.rawValue)",
                             expected: "no decay= with schedule=\(ws.schedule.rawValue)", hint: "choose 'optimizer ... schedule=constant' first")
        }
        let xName = args.string("x") ?? "x_train"
        let x = try batch(ws, xName, for: net)
        let y = try labels(ws, args.string("y") ?? labelName(for: xName), count: x.shape[0], classes: classes)
        try checkMemory(net, batch: min(batchSize, x.shape[0]))
        var validation: (x: Tensor, labels: Tensor)?
        let valName = args.string("val") ?? (ws.tensors["x_val"] != nil && ws.tensors["y_val"] != nil ? "x_val" : "none")
        if valName != "none" {
            let vx = try batch(ws, valName, for: net)
            validation = (vx, try labels(ws, labelName(for: valName), count: vx.shape[0], classes: classes))
        }
        out.line("training on \(xName) (\(Format.grouped(x.shape[0])) samples), batch \(batchSize), \(ws.optimizerSummary)" + (validation == nil ? "" : ", validating on \(valName)"))
        let first = ws.epochs.count
        var done = 0, interrupted = false, seen = 0, fault: (epoch: Int, batch: Int)?
        let reports = net.train(
            x: x, labels: y, epochs: epochs, batchSize: batchSize, optimizer: &ws.optimizer, rng: &ws.rng, validation: validation,
            learningRateDecay: decay, schedule: ws.schedule,
            shouldStop: {
                if Interrupt.isRequested { interrupted = true; return true }
                if let limit, done >= limit { return true }
                done += 1
                return false
            },
            onBatch: { loss, count in
                seen += count
                let epoch = Double(first) + Double(seen) / Double(x.shape[0])
                ws.batchLosses.append((epoch, loss))
                out.report("train", done: seen, total: x.shape[0] * epochs, unit: "images", detail: "loss \(Format.fixed(loss, 4))")
            },
            onNonFinite: { epoch, batch in fault = (epoch, batch) },
            onEpoch: { r in
                out.line("epoch \(first + r.epoch)  loss \(Format.fixed(r.loss, 4))  train \(Format.percent(r.trainAccuracy))"
                         + (r.validationAccuracy.map { "  val \(Format.percent($0))" } ?? "") + out.timing(r.seconds))
            })
        ws.epochs += reports.map { r in var r = r; r.epoch += first; return r }
        ws.network = net
        ws.outputs = [:]
        ws.forwardInput = nil
        ws.hasGradients = false
        ws.steps += done
        let perEpoch = (x.shape[0] + batchSize - 1) / batchSize
        if let fault {
            done -= 1  // the faulty batch took no step
            ws.steps -= 1
            out.line("training stopped: the loss or the weights stopped being finite numbers at epoch \(first + fault.epoch), batch \(fault.batch) of \(perEpoch); the network keeps its weights from before that step (hint: lower the learning rate, now \(ws.optimizer.learningRate))")
        } else if reports.count < epochs {
            out.line("\(interrupted ? "interrupted" : "stopped") after \(done) batches (epoch \(first + reports.count + 1), batch \(done - reports.count * perEpoch) of \(perEpoch)); the network keeps the weights trained so far")
        }
        if fault != nil || interrupted {
            // A replay of the log must end where this run ended: record how many batches ran.
            // (An interrupt request stays set so that a script or replay running this command stops too.)
            let kept = args.options.filter { $0.key != "batches" }.map { "\($0.key)=\($0.value)" }
            ws.recordAs = (["train"] + kept + ["batches=\(done)"]).joined(separator: " ")
        }
    })

let accuracyCommand = Command(
    name: "accuracy", usage: "accuracy [X [Y]]", summary: "the fraction of X the network classifies right",
    help: "accuracy = (number of samples whose highest class score is the true label) / N. X and Y default to x_test and y_test; with X alone, Y is X's name with x replaced by y (x_val → y_val). Runs in chunks, so any number of samples fits in memory; Ctrl-C stops it between chunks.",
    positionals: [.workspaceName, .workspaceName],
    action: .workspace { ws, args, out throws(ShellError) in
        let (net, xName, x, truth, _) = try evaluationSet(ws, args)
        let predicted = try predictedClasses(net, x, progress: "accuracy", out: out) { done in
            let right = zip(done, truth).filter { $0 == $1 }.count
            return " (\(Format.percent(Double(right) / Double(max(done.count, 1)))) right so far)"
        }
        let right = zip(predicted, truth).filter { $0 == $1 }.count
        out.line("accuracy on \(xName): \(Format.percent(Double(right) / Double(x.shape[0]))) (\(Format.grouped(right)) of \(Format.grouped(x.shape[0])))")
    })

let predictCommand = Command(
    name: "predict", usage: "predict X [Y]", summary: "the network's class for each sample, beside its label",
    help: "Prints, for each sample of X (the first 20 when there are more), the predicted class (the highest score), its softmax probability and, when labels are known (Y, or X's name with x replaced by y), the true label. Keeps every prediction as 'predictions'.",
    positionals: [.workspaceName, .workspaceName],
    action: .workspace { ws, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 2)
        let net = try ws.requireNetwork()
        let classes = try classCount(net)
        let xName = try args.positional(0, "X, like x_test[0:10]")
        let x = try batch(ws, xName, for: net)
        let yName = args.optionalPositional(1) ?? labelName(for: xName)
        let truth: [Int]?
        if args.optionalPositional(1) != nil || (try? ws.value(of: yName)) != nil {
            let y = try labels(ws, yName, count: x.shape[0], classes: classes)
            truth = classIndices(y)
        } else {
            truth = nil
        }
        var predicted: [Int] = [], confidence: [Float] = []
        try inChunks(of: x.shape[0], size: 500, progress: "predict", out: out) { rows in
            let probabilities = Softmax().inference(net.inference(try! x.slice(rows)))
            for r in 0..<rows.count {
                let row = probabilities.scalars[r * classes..<(r + 1) * classes]
                let best = row.indices.max { row[$0] < row[$1] }!
                predicted.append(best - row.startIndex)
                confidence.append(row[best])
            }
        }
        var rows = [["sample", "predicted", "probability"] + (truth == nil ? [] : ["label", ""])]
        for i in 0..<min(20, predicted.count) {
            var row = ["\(i)", "\(predicted[i])", Format.fixed(confidence[i], 4)]
            if let truth { row += ["\(truth[i])", truth[i] == predicted[i] ? "✓" : "✗"] }
            rows.append(row)
        }
        out.text(Format.table(rows, rightAligned: [0, 1, 2, 3], indent: "  "))
        if predicted.count > 20 { out.line("  ... \(Format.grouped(predicted.count - 20)) more in 'predictions'") }
        if let truth {
            let right = zip(predicted, truth).filter { $0 == $1 }.count
            out.line("\(right) of \(predicted.count) right (\(Format.percent(Double(right) / Double(predicted.count))))")
        }
        ws.tensors["predictions"] = Tensor(predicted.map(Float.init))
    })

/// The number of class scores the network ends with; an error if its output is not a vector.
func classCount(_ net: Network) throws(ShellError) -> Int {
    let logits = net.logitLayers > 0 ? net.shapes[net.logitLayers - 1] : net.inputShape
    guard logits.count == 1, logits[0] >= 2 else {
        throw ShellError("the network ends in \(Tensor.describe(logits)) per sample", expected: "a vector of class scores", hint: "end it with flatten, fc 10 and softmax")
    }
    return logits[0]
}

/// Labels as class indices, from indices or one-hot rows (already checked by `labels`).
func classIndices(_ y: Tensor) -> [Int] {
    y.rank == 2 ? y.argmaxRows() : y.scalars.map { Int($0) }
}

/// x_train → y_train, x_test[0:10] → y_test[0:10]: the labels that go with a set of images.
func labelName(for images: String) -> String {
    images.hasPrefix("x") ? "y" + images.dropFirst() : images + "_labels"
}
