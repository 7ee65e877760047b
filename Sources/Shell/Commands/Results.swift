import NN
import Tensors

let accuracyCommand = Command(
    name: "accuracy", usage: "accuracy [X [Y]]",
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
    name: "predict", usage: "predict X [Y]",
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
            truth = Network.classIndices(y)
        } else {
            truth = nil
        }
        let (predicted, confidence) = try predictedWithConfidence(net, x, progress: "predict", out: out)
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
    name: "confusion", usage: "confusion [X [Y]]",
    helpArguments: { [String(maxPrintedClasses)] },
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
    name: "mistakes", usage: "mistakes [N] [true=D] [predicted=D] [x=NAME] [y=NAME]",
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
        let which = [trueClass.map { "true \($0)" }, predictedClass.map { "predicted \($0)" }].compactMap { $0 }.joined(separator: ", ")
        out.text(Format.wrap("\(Format.grouped(wrong.count)) of \(Format.grouped(x.shape[0])) samples of \(xName) are misclassified"
                             + (which.isEmpty ? "" : ", \(Format.grouped(chosen.count)) of them \(which)")
                             + (chosen.isEmpty ? "" : "; the \(min(n, chosen.count)) most confident:"), width: out.columns))
        ws.tensors["mistaken"] = Tensor(chosen.map(Float.init))
        guard !chosen.isEmpty else { return }
        guard x.rank >= 3 else {
            // Samples that are not images (a flat vector per sample): their indices, as a table.
            let rows = [["sample", "predicted", "probability", "true"]] + chosen.prefix(n).map { ["\($0)", "\(predicted[$0])", Format.fixed(confidence[$0], 2), "\(truth[$0])"] }
            out.text(Format.table(rows, rightAligned: [0, 1, 2, 3], indent: "  ", width: out.columns))
            return
        }
        let (h, w) = (x.shape[x.rank - 2], x.shape[x.rank - 1])
        let plane = x.count / x.shape[0]
        let tiles = chosen.prefix(n).map { i in
            Picture.Tile(caption: "[\(i)]\npredicted \(predicted[i]) (p \(Format.fixed(confidence[i], 2))), true \(truth[i])", height: h, width: w,
                         values: Array(x.scalars[i * plane..<i * plane + h * w]))
        }
        let picture = Picture(tiles: tiles, scale: .fitting(tiles.flatMap(\.values)))
        out.styled { picture.render(color: $0, columns: out.columns) }
        out.picture(picture)
    })
