import Foundation
import NN
import Tensors

let accuracyCommand = Command(
    name: "accuracy", usage: "accuracy [X [Y]] [threads=T]",
    helpArguments: { [ThreadsOption.help] },
    positionals: [.workspaceName, .workspaceName], options: ThreadsOption.declared,
    action: .workspaceOnThreads { ws, args, out, threads throws(ShellError) in
        let (net, xName, x, truth, _) = try evaluationSet(ws, args)
        let start = Date()
        let predicted = try predictedClasses(net, x, progress: "accuracy", out: out) { done in
            let right = zip(done, truth).filter { $0 == $1 }.count
            return tr("accuracy.so-far", Format.percent(Double(right) / Double(max(done.count, 1))))
        }
        let right = zip(predicted, truth).filter { $0 == $1 }.count
        out.line(tr("accuracy.result", xName, Format.percent(Double(right) / Double(x.shape[0])), Format.grouped(right), Format.grouped(x.shape[0])))
        out.speed(images: x.shape[0], since: start, threads: threads)
    })

let predictCommand = Command(
    name: "predict", usage: "predict X [Y] [threads=T]",
    helpArguments: { [ThreadsOption.help] },
    positionals: [.workspaceName, .workspaceName], options: ThreadsOption.declared,
    action: .workspaceOnThreads { ws, args, out, threads throws(ShellError) in
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
        let start = Date()
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
        out.speed(images: predicted.count, since: start, threads: threads)
    })

let confusionCommand = Command(
    name: "confusion", usage: "confusion [X [Y]]",
    helpArguments: { [String(maxPrintedClasses)] },
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
        let which = [trueClass.map { tr("mistakes.which.true", $0) }, predictedClass.map { tr("mistakes.which.predicted", $0) }].compactMap { $0 }
            .joined(separator: tr("format.list.separator"))
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
