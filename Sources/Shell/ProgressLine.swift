/// The text of the progress bar the front end draws on standard error: one line that never wraps
/// (a wrapped bar cannot be erased with `\r`, and each redraw would leave a stale copy behind).
public enum ProgressLine {
    /// Rates and time left mean something only after this long: a bar drawn 2 µs after the start
    /// would report hundreds of millions of images per second.
    public static let meaningfulSeconds = 1.0

    /// `train ████░░░░ 40% 24,000/60,000 images  loss 0.1234  0:03 elapsed, 0:04 left  8,000 images/s`,
    /// most important first, cut at a gap between its parts to fit `columns − 3` display columns: the
    /// last column would wrap on some terminals, and the `^C` a terminal echoes must fit after it.
    public static func render(_ p: CommandProgress, elapsed: Double, columns: Int) -> String {
        let fraction = p.total > 0 ? min(max(Double(p.done) / Double(p.total), 0), 1) : 0
        var parts = ["\(Int(fraction * 100))% \(Format.grouped(p.done))/\(Format.grouped(p.total)) \(p.unit)"]
        if !p.detail.isEmpty { parts.append(p.detail) }
        if elapsed >= meaningfulSeconds && p.done > 0 {
            let rate = Double(p.done) / elapsed
            parts.append(tr("tables.progress.time", clock(elapsed), clock(Double(p.total - p.done) / rate)))
            parts.append(tr("tables.progress.rate", Format.grouped(Int(rate)), p.unit))
        }
        let room = max(columns - 3, 1)
        let barWidth = max(10, min(30, room - p.what.displayWidth - 2 - parts[0].displayWidth))
        let filled = Int(fraction * Double(barWidth))
        var line = p.what + " " + String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled) + " " + parts[0]
        for part in parts.dropFirst() {
            guard line.displayWidth + 2 + part.displayWidth <= room else { break }
            line += "  " + part
        }
        return line.prefix(width: room)
    }

    /// `1:05`
    public static func clock(_ seconds: Double) -> String {
        let s = seconds.isFinite ? Int(min(seconds, 1e9).rounded()) : 0
        return "\(s / 60):" + (s % 60 < 10 ? "0" : "") + "\(s % 60)"
    }
}
