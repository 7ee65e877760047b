import Foundation
import Shell

/// The progress bar on standard error: redrawn in place at most ten times a second while a long
/// command runs, erased when it ends. Only on a terminal; scripts and pipes see nothing of it.
final class ProgressBar {
    private var started = Date()
    private var lastDraw = Date.distantPast
    private var current: String?
    private var drawn = false
    let width: Int

    init(columns: Int) { width = columns }

    func update(_ p: CommandProgress) {
        if current != p.what || p.done == 0 { current = p.what; started = Date() }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1, p.total > 0 else { return }
        lastDraw = now
        let fraction = min(Double(p.done) / Double(p.total), 1)
        let elapsed = now.timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(p.done) / elapsed : 0
        let left = rate > 0 ? Double(p.total - p.done) / rate : 0
        let text = " \(Int(fraction * 100))% \(p.done)/\(p.total) \(p.unit)  \(Self.clock(elapsed)) elapsed, \(Self.clock(left)) left  \(Int(rate)) \(p.unit)/s"
            + (p.detail.isEmpty ? "" : "  " + p.detail)
        let barWidth = max(10, min(30, width - text.count - p.what.count - 4))
        let filled = Int(fraction * Double(barWidth))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
        FileHandle.standardError.write(Data("\r\u{1b}[K\(p.what) \(bar)\(text)".utf8))
        drawn = true
    }

    /// Takes the bar off the screen; the next update draws it again.
    func erase() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1b}[K".utf8)) }
        drawn = false
    }

    /// Erases the bar once the command is over.
    func finish() {
        erase()
        current = nil
        lastDraw = .distantPast
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return "\(s / 60):" + (s % 60 < 10 ? "0" : "") + "\(s % 60)"
    }
}
