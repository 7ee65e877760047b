import Foundation
import Shell

/// The progress bar on standard error: redrawn in place at most ten times a second while a long
/// command runs, erased when it ends. Only on a terminal that understands `ESC[K`; scripts and pipes
/// see nothing of it. Its width is read at each redraw, so a resized window gets a bar that fits.
final class ProgressBar {
    private var started = Date()
    private var lastDraw = Date.distantPast
    private var current: String?
    private var drawn = false
    private let columns: () -> Int

    init(columns: @escaping () -> Int) { self.columns = columns }

    func update(_ p: CommandProgress) {
        if current != p.what || p.done == 0 { current = p.what; started = Date() }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1, p.total > 0 else { return }
        lastDraw = now
        let line = ProgressLine.render(p, elapsed: now.timeIntervalSince(started), columns: columns())
        Terminal.writeError("\r\u{1b}[K" + line)
        drawn = true
    }

    /// Takes the bar off the screen; the next update draws it again.
    func erase() {
        if drawn { Terminal.writeError("\r\u{1b}[K") }
        drawn = false
    }

    /// Erases the bar once the command is over.
    func finish() {
        erase()
        current = nil
        lastDraw = .distantPast
    }
}
