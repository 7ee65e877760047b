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
        var net = try ws.requireNetwork()
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
        try checkMemory(net, batch: min(500, x.shape[0]))
        net = try net.withWeights()
        var predicted: [Int] = [], confidence: [Float] = []
        try inChunks(of: x.shape[0], size: 500, progress: "predict", out: out) { rows in
            let probabilities = net.probabilities(try! x.slice(rows))
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
        out.text(Format.table(rows, rightAligned: [0, 1, 2, 3], indent: "  ", width: out.columns))
        if predicted.count > 20 { out.line("  ... \(Format.grouped(predicted.count - 20)) more in 'predictions'") }
        if let truth {
            let right = zip(predicted, truth).filter { $0 == $1 }.count
            out.line("\(right) of \(predicted.count) right (\(Format.percent(Double(right) / Double(predicted.count))))")
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
        try MemoryGuard.check(Double(classes) * Double(classes) * 12, for: "the \(classes)×\(classes) confusion matrix", hint: "a network with fewer classes")
        let predicted = try predictedClasses(net, x, progress: "confusion", out: out)
        var counts = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
        for (p, t) in zip(predicted, truth) { counts[t][p] += 1 }
        ws.tensors["confusion"] = Tensor(shape: [classes, classes], scalars: counts.flatMap { $0.map(Float.init) })
        let right = (0..<classes).reduce(0) { $0 + counts[$1][$1] }
        let accuracy = "accuracy \(Format.percent(Double(right) / Double(truth.count))) (\(Format.grouped(right)) of \(Format.grouped(truth.count)))"
        guard classes <= maxPrintedClasses else {
            out.line("confusion on \(xName): \(Format.grouped(classes)) classes, too many to print as a table (at most \(maxPrintedClasses)); the counts are kept as 'confusion' ('show confusion[0:5]' prints rows)")
            out.line(accuracy)
            return
        }
        out.text(Format.wrap("confusion on \(xName): rows are true labels, columns predictions", width: out.columns))
        var rows = [[""] + (0..<classes).map(String.init) + ["right"]]
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
    name: "mistakes", usage: "mistakes [N] [x=NAME] [y=NAME]", summary: "draw the images the network gets wrong",
    help: "Draws the first N (16 by default) samples of x (x_test by default; labels y, or x's name with x replaced by y) that the network misclassifies, each captioned with its index, the predicted class and the true one. Keeps their indices as 'mistaken'.",
    positionals: [.number], options: ["x": .workspaceName, "y": .workspaceName],
    action: .workspace { ws, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 1)
        let n = try args.optionalPositional(0).map { (text: String) throws(ShellError) -> Int in try Parse.int(text, what: "N ", in: 1...TensorPictures.maxTiles) } ?? 16
        let net = try ws.requireNetwork()
        let classes = try classCount(net)
        let xName = args.string("x") ?? "x_test"
        let x = try batch(ws, xName, for: net)
        let truth = classIndices(try labels(ws, args.string("y") ?? labelName(for: xName), count: x.shape[0], classes: classes))
        let predicted = try predictedClasses(net, x, progress: "mistakes", out: out)
        let wrong = predicted.indices.filter { predicted[$0] != truth[$0] }
        out.text(Format.wrap("\(Format.grouped(wrong.count)) of \(Format.grouped(x.shape[0])) samples of \(xName) are misclassified" + (wrong.isEmpty ? "" : "; the first \(min(n, wrong.count)):"), width: out.columns))
        ws.tensors["mistaken"] = Tensor(wrong.map(Float.init))
        guard !wrong.isEmpty else { return }
        guard x.rank >= 3 else {
            // Samples that are not images (a flat vector per sample): their indices, as a table.
            let rows = [["sample", "predicted", "true"]] + wrong.prefix(n).map { ["\($0)", "\(predicted[$0])", "\(truth[$0])"] }
            out.text(Format.table(rows, rightAligned: [0, 1, 2], indent: "  ", width: out.columns))
            return
        }
        let plane = x.count / x.shape[0]
        let tiles = wrong.prefix(n).map { i in
            Picture.Tile(caption: "[\(i)] \(predicted[i]), true \(truth[i])", height: x.shape[x.rank - 2], width: x.shape[x.rank - 1],
                         values: Array(x.scalars[i * plane..<i * plane + x.shape[x.rank - 2] * x.shape[x.rank - 1]]))
        }
        let picture = Picture(tiles: tiles, scale: .fitting(tiles.flatMap(\.values)))
        out.styled { picture.render(color: $0, columns: out.columns) }
        out.picture(picture)
    })
