import Datasets
import Foundation

let plotCommand = Command(
    name: "plot", usage: "plot loss|accuracy [log] [png=FILE]",
    positionals: [.choice(["loss", "accuracy"]), .choice(["log"])], options: ["png": .file],
    action: .workspace { ws, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 2)
        let what = try args.positional(0, tr("plot.what"))
        let axis = args.optionalPositional(1)
        guard axis == nil || axis == "log" else { throw ShellError(tr("plot.unexpected", axis!), expected: tr("plot.unexpected.expected")) }
        guard !ws.epochs.isEmpty || !ws.batchLosses.isEmpty else {
            throw ShellError(tr("plot.nothing"), hint: tr("plot.nothing.hint"))
        }
        var chart = try trainingChart(what, ws)
        chart.logarithmic = axis == "log"
        chart.height = min(max(out.rows - 8, 8), 20)
        chart.markers = ws.runStarts.dropFirst().map { Chart.Marker(x: Double($0.epoch), label: "run \($0.run)") }
        out.styled { chart.render(color: $0, columns: out.columns) }
        out.picture(chart)
        if let path = args.string("png") {
            try writeAtomically(Data(PNG.greyscale(width: 640, height: 360, pixels: chart.raster())), to: path)
            out.line(tr("plot.saved", path) + (chart.frame.map {
                ": x \(Format.fixed($0.xLo, 2))…\(Format.fixed($0.xHi, 2)), y \(chart.label($0.yLo))…\(chart.label($0.yHi))"
            } ?? ""))
        }
    })

/// The series `plot` draws for `what`, numbered by the epochs of the network's whole training.
private func trainingChart(_ what: String, _ ws: Workspace) throws(ShellError) -> Chart {
    switch what {
    case "loss":
        var series = [
            Chart.Series(name: "batch loss", marker: ".", color: "2", points: ws.batchLosses.map { ($0.epoch, Double($0.loss)) }, joined: false, setsRange: false),
        ]
        if !ws.epochs.isEmpty { series.append(Chart.Series(name: "train loss", marker: "*", color: "33", points: ws.epochs.map { (Double($0.epoch), $0.loss) })) }
        let validation = ws.epochs.compactMap { r in r.validationLoss.map { (Double(r.epoch), $0) } }
        if !validation.isEmpty { series.append(Chart.Series(name: "validation loss", marker: "o", color: "36", points: validation)) }
        return Chart(series: series, xLabel: "epoch")
    case "accuracy":
        guard !ws.epochs.isEmpty else { throw ShellError(tr("plot.no-epoch"), hint: tr("plot.no-epoch.hint")) }
        var series = [Chart.Series(name: "train accuracy %", marker: "*", color: "33", points: ws.epochs.map { (Double($0.epoch), $0.trainAccuracy * 100) })]
        let validation = ws.epochs.compactMap { r in r.validationAccuracy.map { (Double(r.epoch), $0 * 100) } }
        if !validation.isEmpty { series.append(Chart.Series(name: "validation accuracy %", marker: "o", color: "36", points: validation)) }
        return Chart(series: series, xLabel: "epoch", digits: 2)
    default:
        throw ShellError(tr("plot.cannot", what), expected: tr("plot.cannot.expected"))
    }
}
