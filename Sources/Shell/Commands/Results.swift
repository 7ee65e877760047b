import NN
import Tensors

let accuracyCommand = Command(
    name: "accuracy", usage: "accuracy [X [Y]]", summary: "the fraction of X the network classifies right",
    help: "accuracy = (number of samples whose highest class score is the true label) / N. X and Y default to x_test and y_test; with X alone, Y is X's name with x replaced by y (x_val → y_val). Runs in chunks, so any number of samples fits in memory; Ctrl-C stops it between chunks.",
    positionals: [.workspaceName, .workspaceName],
    action: .workspace { ws, args, out throws(ShellError) in
        let (net, xName, x, truth, _) = try evaluationSet(ws, args)
        let predicted = try predictedClasses(net, x, progress: "accuracy", out: out) { done in
            let right = zip(done, truth).filter { $0 == $1 }.count
            return tr("accuracy.so-far", Format.percent(Double(right) / Double(max(done.count, 1))))
        }
        let right = zip(predicted, truth).filter { $0 == $1 }.count
        out.line(tr("accuracy.result", xName, Format.percent(Double(right) / Double(x.shape[0])), Format.grouped(right), Format.grouped(x.shape[0])))
    })

let predictCommand = Command(
    name: "predict", usage: "predict X [Y]", summary: "the network's class for each sample, beside its label",
    help: "Prints, for each sample of X (the first 20 when there are more), the predicted class (the highest score), its softmax probability and, when labels are known (Y, or X's name with x replaced by y), the true label. Keeps every prediction as 'predictions'.",
    positionals: [.workspaceName, .workspaceName],
    action: .workspace { ws, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 2)
        let net = try ws.requireNetwork()
        let classes = try classCount(net)
        let xName = try args.positional(0, tr("predict.x.what"))
        let x = try batch(ws, xName, for: net)
        let yName = args.optionalPositional(1) ?? labelName(for: xName)
        let truth: [Int]?
        if args.optionalPositional(1) != nil || (try? ws.value(of: yName)) != nil {
            let y = try labels(ws, yName, count: x.shape[0], classes: classes)
            truth = Network.classIndices(y)
        } else {
            truth = nil
        }
        let (predicted, confidence) = try predictedWithConfidence(net, x, progress: "predict", out: out)
        var rows = [[tr("predict.sample"), tr("predict.predicted"), tr("predict.probability")] + (truth == nil ? [] : [tr("predict.label"), ""])]
        for i in 0..<min(20, predicted.count) {
            var row = ["\(i)", "\(predicted[i])", Format.fixed(confidence[i], 4)]
            if let truth { row += ["\(truth[i])", truth[i] == predicted[i] ? "✓" : "✗"] }
            rows.append(row)
        }
        out.text(Format.table(rows, rightAligned: [0, 1, 2, 3], indent: "  ", width: out.columns))
        if predicted.count > 20 { out.line(tr("predict.more", Format.grouped(predicted.count - 20))) }
        if let truth {
            let right = zip(predicted, truth).filter { $0 == $1 }.count
            out.line(tr("predict.right", right, predicted.count, Format.percent(Double(right) / Double(predicted.count))))
        }
        ws.tensors["predictions"] = Tensor(predicted.map(Float.init))
    })

let confusionCommand = Command(
    name: "confusion", usage: "confusion [X [Y]]", summary: "the confusion matrix with each class's accuracy",
    help: "Counts, for every true class (rows) and predicted class (columns), how many samples of X (x_test by default; Y as for 'accuracy') fall there; the diagonal is what the network gets right. Each row ends with that class's accuracy (its diagonal over its row's total). Keeps the counts as 'confusion'. With more than \(maxPrintedClasses) classes the table would not fit a screen: only the accuracy is printed, and 'show confusion[0:5]' prints rows.",
    positionals: [.workspaceName, .workspaceName],
    action: .workspace { ws, args, out throws(ShellError) in
        let (net, xName, x, truth, classes) = try evaluationSet(ws, args)
        // Int counts and their Float copy: 12 bytes a cell.
        try MemoryGuard.check(Double(classes) * Double(classes) * 12, for: tr("confusion.memory", classes), hint: tr("confusion.memory.hint"))
        let predicted = try predictedClasses(net, x, progress: "confusion", out: out)
        var counts = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
        for (p, t) in zip(predicted, truth) { counts[t][p] += 1 }
        ws.tensors["confusion"] = Tensor(shape: [classes, classes], scalars: counts.flatMap { $0.map(Float.init) })
        let right = (0..<classes).reduce(0) { $0 + counts[$1][$1] }
        let accuracy = tr("confusion.accuracy", Format.percent(Double(right) / Double(truth.count)), Format.grouped(right), Format.grouped(truth.count))
        guard classes <= maxPrintedClasses else {
            out.line(tr("confusion.too-many", xName, Format.grouped(classes), maxPrintedClasses))
            out.line(accuracy)
            return
        }
        out.text(Format.wrap(tr("confusion.caption", xName), width: out.columns))
        var rows = [[""] + (0..<classes).map(String.init) + [tr("tables.confusion.right")]]
        for t in 0..<classes {
            let total = counts[t].reduce(0, +)
            rows.append(["\(t)"] + counts[t].map { $0 == 0 ? "." : "\($0)" }
                        + [total == 0 ? "-" : Format.percent(Double(counts[t][t]) / Double(total))])
        }
        out.text(Format.table(rows, rightAligned: Set(0...(classes + 1)), indent: "  ", width: out.columns))
        out.line(accuracy)
    })

/// Classes past which `confusion` keeps its counts without printing them: a table wider than a
/// screen helps nobody, and 10,000 classes would print half a gigabyte.
let maxPrintedClasses = 30

let mistakesCommand = Command(
    name: "mistakes", usage: "mistakes [N] [true=D] [predicted=D] [x=NAME] [y=NAME]", summary: "draw the images the network gets wrong, most confident first",
    help: "Draws N (16 by default) of the samples of x (x_test by default; labels y, or x's name with x replaced by y) that the network misclassifies, the most confident mistakes first: each captioned with its index, the predicted class with its softmax probability and the true class. true=D keeps the samples of class D, predicted=D those taken for D (true=4 predicted=9: the 4s read as 9s). Keeps the indices of every mistake that passes the filters, drawn or not, in that order, as 'mistaken'.",
    positionals: [.number], options: ["x": .workspaceName, "y": .workspaceName, "true": .number, "predicted": .number],
    action: .workspace { ws, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 1)
        let n = try args.optionalPositional(0).map { (text: String) throws(ShellError) -> Int in try Parse.int(text, what: "N ", in: 1...TensorPictures.maxTiles) } ?? 16
        let net = try ws.requireNetwork()
        let classes = try classCount(net)
        let (trueClass, predictedClass) = (try args.int("true", in: 0...(classes - 1)), try args.int("predicted", in: 0...(classes - 1)))
        let xName = args.string("x") ?? "x_test"
        let x = try batch(ws, xName, for: net)
        let truth = Network.classIndices(try labels(ws, args.string("y") ?? labelName(for: xName), count: x.shape[0], classes: classes))
        let (predicted, confidence) = try predictedWithConfidence(net, x, progress: "mistakes", out: out)
        let wrong = predicted.indices.filter { predicted[$0] != truth[$0] }
        // Most confident first; equal probabilities in index order, so the order is the same on every run.
        let chosen = wrong.filter { i in (trueClass ?? truth[i]) == truth[i] && (predictedClass ?? predicted[i]) == predicted[i] }
            .sorted { (confidence[$0], -$0) > (confidence[$1], -$1) }
        let which = [trueClass.map { tr("mistakes.which.true", $0) }, predictedClass.map { tr("mistakes.which.predicted", $0) }].compactMap { $0 }
            .joined(separator: tr("list.separator"))
        out.text(Format.wrap(tr("mistakes.count", Format.grouped(wrong.count), Format.grouped(x.shape[0]), xName)
                             + (which.isEmpty ? "" : tr("mistakes.chosen", Format.grouped(chosen.count), which))
                             + (chosen.isEmpty ? "" : tr("mistakes.shown", min(n, chosen.count))), width: out.columns))
        ws.tensors["mistaken"] = Tensor(chosen.map(Float.init))
        guard !chosen.isEmpty else { return }
        guard x.rank >= 3 else {
            // Samples that are not images (a flat vector per sample): their indices, as a table.
            let rows = [[tr("predict.sample"), tr("predict.predicted"), tr("predict.probability"), tr("mistakes.true")]] + chosen.prefix(n).map { ["\($0)", "\(predicted[$0])", Format.fixed(confidence[$0], 2), "\(truth[$0])"] }
            out.text(Format.table(rows, rightAligned: [0, 1, 2, 3], indent: "  ", width: out.columns))
            return
        }
        let (h, w) = (x.shape[x.rank - 2], x.shape[x.rank - 1])
        let plane = x.count / x.shape[0]
        let tiles = chosen.prefix(n).map { i in
            Picture.Tile(caption: tr("mistakes.caption", i, predicted[i], Format.fixed(confidence[i], 2), truth[i]), height: h, width: w,
                         values: Array(x.scalars[i * plane..<i * plane + h * w]))
        }
        let picture = Picture(tiles: tiles, scale: .fitting(tiles.flatMap(\.values)))
        out.styled { picture.render(color: $0, columns: out.columns) }
        out.picture(picture)
    })
