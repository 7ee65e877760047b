import Datasets
import Foundation

let plotCommand = Command(
    name: "plot", usage: "plot loss|accuracy [png=FILE]", summary: "chart the training so far: loss or accuracy per epoch",
    help: "plot loss draws every batch's loss (dots) and each epoch's mean loss (*) against epochs; plot accuracy draws the accuracy on the training batches (*) and on the validation set (o) after each epoch. Training with a new network starts the curves again. png=FILE also writes the chart as a 640×360 greyscale PNG, with tick labels and a legend.",
    positionals: [.choice(["loss", "accuracy"])], options: ["png": .file],
    action: .workspace { ws, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 1)
        let what = try args.positional(0, "what to plot: loss or accuracy")
        guard !ws.epochs.isEmpty || !ws.batchLosses.isEmpty else {
            throw ShellError("nothing to plot yet", hint: "train first, e.g. 'train epochs=3'")
        }
        let chart: Chart
        switch what {
        case "loss":
            chart = Chart(series: [
                Chart.Series(name: "batch loss", marker: ".", color: "2", points: ws.batchLosses.map { ($0.epoch, Double($0.loss)) }, joined: false),
                Chart.Series(name: "epoch mean loss", marker: "*", color: "33", points: ws.epochs.map { (Double($0.epoch), $0.loss) }),
            ], xLabel: "epoch")
        case "accuracy":
            guard !ws.epochs.isEmpty else { throw ShellError("no epoch has finished yet", hint: "train at least one whole epoch") }
            var series = [Chart.Series(name: "train", marker: "*", color: "33", points: ws.epochs.map { (Double($0.epoch), $0.trainAccuracy * 100) })]
            let validation = ws.epochs.compactMap { r in r.validationAccuracy.map { (Double(r.epoch), $0 * 100) } }
            if !validation.isEmpty { series.append(Chart.Series(name: "validation", marker: "o", color: "36", points: validation)) }
            chart = Chart(series: series, xLabel: "epoch (accuracy %)", digits: 2)
        default:
            throw ShellError("cannot plot '\(what)'", expected: "loss or accuracy")
        }
        out.styled { chart.render(color: $0, columns: out.columns) }
        out.picture(chart)
        if let path = args.string("png") {
            let ys = chart.drawable.flatMap(\.points).map(\.y), xs = chart.drawable.flatMap(\.points).map(\.x)
            try writeAtomically(Data(PNG.greyscale(width: 640, height: 360, pixels: chart.raster())), to: path)
            out.line("saved the chart as a 640×360 PNG to \(path)" + (xs.isEmpty ? "" : ": x \(Format.fixed(xs.min()!, 2))…\(Format.fixed(xs.max()!, 2)), y \(Format.fixed(ys.min()!, 4))…\(Format.fixed(ys.max()!, 4))"))
        }
    })
