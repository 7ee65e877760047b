import Foundation

/// Where commands print. Wall-clock times go through `timing` so that transcripts, which must be the
/// same on every replay, can leave them out; pictures come in colour only on a terminal that wants
/// it, as plain ASCII otherwise; progress goes to a separate channel the front end draws on stderr.
public final class Output {
    /// Plain ASCII, 24-bit colour (`COLORTERM=truecolor`), or the same pictures in xterm's 256-colour palette.
    public enum Style: Sendable { case plain, color, palette256 }

    private let write: (String) -> Void
    /// Whether commands append how long they took (on for the interactive prompt, off for scripts).
    public var showsTimings: Bool
    /// Colour pictures (24-bit, half blocks) or plain ASCII shading.
    public var style: Style
    /// The terminal's width, which pictures, tables and charts fit.
    public var columns: Int
    /// The terminal's height, which charts fit (24 when not a terminal).
    public var rows: Int
    /// Reads the terminal's size again; called before every command, so a resized window is fitted.
    public var measure: (() -> (columns: Int, rows: Int))?
    /// Hears how far a long command has got; nil draws nothing (scripts, tests, pipes).
    public var progress: ((CommandProgress) -> Void)?
    /// Asked before each command of a `replay ... --step`: run it, or stop the replay.
    public var pause: ((_ upcoming: String) -> StepAnswer)?
    /// Hears that a command has ended (the progress bar is erased then).
    public var commandEnded: (() -> Void)?
    /// What the current command printed, in plain style, for `save notebook`: at most
    /// `capturedLimit` characters of it, so that a huge printout is not kept twice.
    var captured: String?
    static let capturedLimit = 100_000
    /// The pictures and charts the current command drew, for the notebook's images: kept undrawn,
    /// and only while their values come to at most `capturedPictureLimit` (16 MB of floats), so a
    /// huge picture is not kept twice either; the notebook still has its ASCII form.
    var capturedPictures: [NotebookPicture]?
    static let capturedPictureLimit = 4_000_000

    public init(showsTimings: Bool = false, style: Style = .plain, columns: Int = 80, rows: Int = 24, write: @escaping (String) -> Void) {
        self.showsTimings = showsTimings
        self.style = style
        self.columns = Self.clamped(columns: columns)
        self.rows = Self.clamped(rows: rows)
        self.write = write
    }

    public func line(_ text: String = "") { self.text(text + "\n") }

    /// `text` broken into lines of `width` display columns (see `Format.wrap`), for the front end's own messages.
    public static func wrapped(_ text: String, width: Int) -> String { Format.wrap(text, width: width) }

    /// Takes the terminal's size as it is now (see `measure`).
    func refreshSize() {
        guard let size = measure?() else { return }
        columns = Self.clamped(columns: size.columns)
        rows = Self.clamped(rows: size.rows)
    }

    /// A size pictures and charts can be drawn at: no narrower than 20 columns, no wider than 1,000
    /// (a $COLUMNS of 10⁹ would ask for a chart of gigabytes); 10 to 500 rows.
    static func clamped(columns: Int) -> Int { min(max(columns, 20), 1000) }
    static func clamped(rows: Int) -> Int { min(max(rows, 10), 500) }

    /// A script's comment shown as narration in step mode: bold cyan on a colour terminal, so that
    /// what the teacher wrote stands apart from what the commands print; as written in plain style.
    func narration(_ comment: String) {
        // Too long for the window (a projector's large font): broken as Format.wrap breaks; else as written.
        let lines = comment.displayWidth > columns ? Format.wrap(comment, width: columns, indent: "# ") : comment + "\n"
        styled { $0 ? "\u{1b}[1;36m\(lines.dropLast())\u{1b}[0m\n" : lines }
    }

    public func text(_ text: String) {
        write(text)
        capture(text)
    }

    /// Text whose terminal form (colour) differs from its plain form, drawn by `render(color)`: the
    /// terminal gets its style, the notebook the plain one, and plain style renders only once.
    func styled(_ render: (_ color: Bool) -> String) {
        let plain = render(false)
        switch style {
        case .plain: write(plain)
        case .color: write(render(true))
        case .palette256: write(Palette.downgraded(render(true)))
        }
        capture(plain)
    }

    private func capture(_ text: String) {
        guard let kept = captured, kept.utf8.count < Self.capturedLimit else { return }
        let room = Self.capturedLimit - kept.utf8.count
        guard text.utf8.count > room else { captured = kept + text; return }
        var cut = text.utf8.index(text.utf8.startIndex, offsetBy: room)
        while cut.samePosition(in: text) == nil && cut > text.startIndex { cut = text.utf8.index(before: cut) }  // whole characters only
        captured = kept + text[..<cut] + "\n" + tr("output.notebook-cut") + "\n"
    }

    /// Keeps `picture` for the notebook while the current command's pictures fit the limit.
    func keep(_ picture: NotebookPicture) {
        guard let kept = capturedPictures, kept.reduce(picture.cost, { $0 + $1.cost }) <= Self.capturedPictureLimit else { return }
        capturedPictures = kept + [picture]
    }

    /// ` (1.23 s)` when timings are shown, else nothing.
    func timing(_ seconds: Double) -> String { showsTimings ? " (\(Format.fixed(seconds, 2)) s)" : "" }

    /// How fast a command went over `images` images, from `start` until now on `threads` threads,
    /// as a line of its own when timings are shown (`2,000 images in 1.23 s: 1,626 images/s on 2
    /// threads`), else nothing: the same command on another count shows the speed-up.
    func speed(images: Int, since start: Date, threads: Int) {
        guard showsTimings, images > 0 else { return }
        let seconds = Date().timeIntervalSince(start)
        let rate = Int(Double(images) / max(seconds, 1e-6))
        line(tr(plural: "output.speed", threads, Format.grouped(images), Format.fixed(seconds, 2), Format.grouped(rate), threads))
    }

    func report(_ what: String, done: Int, total: Int, unit: String, detail: String = "") {
        progress?(CommandProgress(what: what, done: done, total: total, unit: unit, detail: detail))
    }
}

/// What the teacher answered at a step prompt.
public enum StepAnswer: Sendable {
    /// Enter: run the command shown.
    case run
    /// q: stop here, keeping what ran.
    case stop
    /// Ctrl-C: the command shown does not run, and the replay stops at once.
    case interrupted
}

/// How far a long command has got, for a progress bar.
public struct CommandProgress: Sendable {
    public var what: String
    public var done: Int
    public var total: Int
    /// What is counted: `images`, `lines`.
    public var unit: String
    /// Extra text such as the running loss.
    public var detail: String

    public init(what: String, done: Int, total: Int, unit: String, detail: String = "") {
        (self.what, self.done, self.total, self.unit, self.detail) = (what, done, total, unit, detail)
    }
}
