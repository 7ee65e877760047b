import Foundation

/// A line chart of series over a shared x axis, drawn as text (`render`, in ChartText.swift) or as
/// pixels for a PNG (`raster`, in ChartRaster.swift). This part holds what both draw from: the
/// points that can be drawn and the frame, the ranges the axes show.
struct Chart {
    struct Series {
        var name: String
        var marker: Character
        /// ANSI colour code for the marker, like "31".
        var color: String
        var points: [(x: Double, y: Double)]
        /// Joined points draw a line; unjoined ones (many per-batch losses) draw dots.
        var joined = true
        /// Whether the y axis stretches to show all of it. A noisy series that does not (per-batch
        /// losses, whose first batch can be ten times the rest) has its points outside the frame left
        /// out: pinned to the edge they would draw a band that is no data.
        var setsRange = true
    }

    /// A vertical line where something began (a training run), labelled under the x axis.
    struct Marker {
        var x: Double
        var label: String
    }

    /// The ranges the axes show; y in axis units (log10 of the values on a logarithmic axis).
    struct Frame {
        var xLo, xHi, yLo, yHi: Double
    }

    var series: [Series]
    var xLabel: String
    /// Decimals of the y tick labels.
    var digits = 4
    /// Rows of the text chart's plotting area.
    var height = 12
    /// A log10 y axis, for losses that fall by orders of magnitude.
    var logarithmic = false
    var markers: [Marker] = []

    /// The series as they are drawn: without points that cannot be (a loss that became NaN or
    /// infinite, or on a logarithmic axis one that is not positive), y in axis units.
    var drawable: [Series] {
        series.map { s in
            var s = s
            s.points = s.points.filter { $0.x.isFinite && $0.y.isFinite && (!logarithmic || $0.y > 0) }
            if logarithmic { s.points = s.points.map { ($0.x, log10($0.y)) } }
            return s
        }
    }

    /// The x range covers every point and marker, from a whole number. The y range covers the series that set it, with a
    /// margin of 5% either way; when those have fewer than two x positions (one epoch so far), the
    /// other series join in, within `fenced`. Nil when there is nothing to draw.
    var frame: Frame? {
        let series = drawable
        let all = series.flatMap(\.points)
        guard !all.isEmpty else { return nil }
        let xs = all.map(\.x) + markers.map(\.x).filter(\.isFinite)
        let setting = series.filter(\.setsRange).flatMap(\.points)
        var ys = setting.map(\.y)
        if Set(setting.map(\.x)).count < 2 { ys += Self.fenced(series.filter { !$0.setsRange }.flatMap { $0.points.map(\.y) }) }
        let (lo, hi) = (ys.min()!, ys.max()!)
        let pad = hi == lo ? max(abs(hi) * 0.05, 0.01) : (hi - lo) * 0.05
        // A range of values that are never negative (losses, accuracies) does not dip below 0.
        let floor = !logarithmic && lo >= 0 ? 0 : -Double.infinity
        // From the whole number at or before the first point: batch losses start just after epoch 0.
        return Frame(xLo: xs.min()!.rounded(.down), xHi: xs.max()!, yLo: max(lo - pad, floor), yHi: hi + pad)
    }

    /// The values up to Tukey's far fence (third quartile + 3 interquartile ranges): a first batch's
    /// spike does not set the scale, and the trend of the rest stays readable.
    static func fenced(_ ys: [Double]) -> [Double] {
        guard ys.count >= 4 else { return ys }
        let sorted = ys.sorted()
        let (q1, q3) = (sorted[sorted.count / 4], sorted[(3 * sorted.count) / 4])
        return sorted.filter { $0 <= q3 + 3 * (q3 - q1) }
    }

    /// A y tick label for a position on the axis: fixed decimals, or 3 significant digits where
    /// those would take more than 10 characters or (on a logarithmic axis) keep fewer than 2.
    func label(_ axis: Double) -> String {
        let value = logarithmic ? pow(10, axis) : axis
        let fixed = Format.fixed(value, digits)
        let fewDigits = logarithmic && abs(value) < pow(10, Double(2 - digits))
        return fixed.count <= 10 && !fewDigits ? fixed : Format.printf("%.3g", value)
    }
}
