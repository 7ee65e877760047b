import Datasets
import Foundation

/// The version written in saved sessions. 0.4.0: weights are drawn from a seed per layer (blueprints), so
/// sessions saved by 0.3.0 replay with other numbers.
public let cnnshVersion = "0.4.0"

let saveCommand = Command(
    name: "save", usage: "save session FILE\nsave notebook FILE.ipynb\nsave notebook FILE.md\nsave NAME FILE.npy\nsave weights FILE.npz\nsave workspace FILE\nsave png NAME FILE.png [scale=K]",
    positionals: [.workspaceName, .file],
    forms: [("session", [.file]), ("notebook", [.file]), ("png", [.workspaceName, .file]), ("weights", [.file]), ("workspace", [.file])],
    options: ["scale": .number], recorded: false,
    action: .workspace { ws, args, out throws(ShellError) in
        let what = try args.positional(0, tr("save.what"))
        switch what {
        case "session", "notebook":
            try args.expectPositionals(atMost: 2)
            try args.expectOptions([])
            let path = try args.positional(1, what == "session" ? tr("save.session.what") : tr("save.notebook.what"))
            let stamp = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate, .withTime, .withColonSeparatorInTime])
            let data = what == "session" ? Data(sessionScript(ws, path: path, stamp: stamp).utf8) : try Notebook.contents(ws, path: path, stamp: stamp)
            try writeAtomically(data, to: path)
            out.line(tr("save.session.saved", ws.log.count, path))
        case "png":
            try args.expectPositionals(atMost: 3)
            let name = try args.positional(1, tr("save.png.name.what"))
            let path = try args.positional(2, "FILE.png")
            let t = try ws.value(of: name)
            guard t.rank >= 2 else { throw ShellError(tr("save.png.shape", name, t.shapeDescription), expected: tr("save.png.shape.expected"), in: "save png") }
            let picture = t.rank == 2
                ? Picture(tiles: [Picture.Tile(caption: "", height: t.shape[0], width: t.shape[1], values: t.scalars)], scale: .fitting(t.scalars))
                : TensorPictures.picture(of: t, name: name, workspace: ws, force: true)!.0
            let scale = try args.int("scale", default: picture.defaultRasterScale, in: 1...64)!
            let image = picture.raster(scale: scale)
            guard image.width * image.height <= 100_000_000 else { throw ShellError(tr("save.png.too-large", image.width, image.height), hint: tr("save.png.too-large.hint"), in: "save png") }
            try ShellError.in("save png") { () throws(ShellError) in
                try writeAtomically(Data(PNG.greyscale(width: image.width, height: image.height, pixels: image.pixels)), to: path)
            }
            out.line(tr(plural: "save.png.saved", picture.tiles.count, name, image.width, image.height, picture.tiles.count, scale, path))
        case "weights":
            try saveNumPy(ws, args, out: out)
        case "workspace":
            try saveWorkspace(ws, args, out: out)
        default:
            guard args.positionals.count >= 2 else {
                throw ShellError(tr("save.missing-file"), expected: tr("save.missing-file.expected"))
            }
            try saveNumPy(ws, args, out: out)
        }
    })

private func sessionScript(_ ws: Workspace, path: String, stamp: String) -> String {
    var text = "# cnnsh \(cnnshVersion) session, saved \(stamp) UTC\n# replay with: \(PosixShell.cnnsh(script: path))\n"
    // The seed every session starts with, for a replay in a session whose generator has moved on;
    // quiet, since the session it replays printed nothing for it.
    if !(ws.log.first?.hasPrefix("seed ") ?? false) { text += "seed 0 --quiet\n" }
    return text + ws.log.map { $0 + "\n" }.joined()
}

let replayCommand = Command(
    name: "replay", usage: "replay FILE [from=LINE] [--step]",
    positionals: [.file, .choice(["--step"])], options: ["from": .number], recorded: false,
    action: .shell { shell, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 2)
        let path = try args.positional(0, "FILE")
        let step = args.optionalPositional(1) == "--step"
        guard args.positionals.count < 2 || step else {
            throw ShellError(tr("replay.unexpected", args.positionals[1]), hint: tr("args.usage", "replay FILE [from=LINE] [--step]"))
        }
        guard !step || out.pause != nil else { throw ShellError(tr("replay.step.no-terminal"), hint: tr("replay.step.no-terminal.hint")) }
        guard shell.replayDepth < 8 else { throw ShellError(tr("replay.nested"), hint: tr("replay.nested.hint")) }
        let text = try readScript(path)
        let count = Shell.lines(of: text).count
        let first = try args.int("from", default: 1, in: 1...max(count, 1))!
        shell.replayDepth += 1
        defer { shell.replayDepth -= 1 }
        // The memory limit lives outside the workspace; a failed replay undoes it with the rest.
        let limit = MemoryGuard.limit
        var failure: ShellError?
        let end = shell.runLines(text, echo: true, step: step, from: first, fromFile: true, output: out) { line, error in
            failure = ShellError("\(path):\(line): \(error)")
            return false
        }
        if let failure {
            MemoryGuard.limit = limit
            throw failure
        }
        let goOn = { (line: Int) in tr("replay.go-on", Shell.replayCommand(path, from: line, step: step)) }
        switch end {
        case .ended:
            break
        case .interrupted(let line):
            out.line(tr("replay.interrupted", path, line) + (step ? tr("replay.then", goOn(line + 1)) : ""))
            if shell.replayDepth == 1 { Interrupt.clear() }
        case .cancelled(let line):
            out.line(tr("replay.cancelled", path, line) + tr("replay.then", goOn(line)))
            if shell.replayDepth == 1 { Interrupt.clear() }
        case .stopped(let line):
            out.line(tr("replay.stopped", path, line) + tr("replay.then", goOn(line)))
        }
    })

extension Shell {
    /// The `replay` command, as typed at the prompt, that goes on at `line` of `path` (in demo mode with `step`).
    public static func replayCommand(_ path: String, from line: Int, step: Bool) -> String {
        Words.line(["replay", path, "from=\(line)"] + (step ? ["--step"] : []))
    }
}

let historyCommand = Command(
    name: "history", usage: "history",
    recorded: false,
    action: .workspace { ws, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 0)
        guard !ws.log.isEmpty else { out.line(tr("history.empty")); return }
        let width = String(ws.log.count).count
        // The notes line up after the longest annotated command (up to a point).
        let noted = min(40, ws.logNotes.keys.filter { $0 < ws.log.count }.map { ws.log[$0].displayWidth }.max() ?? 0)
        for (i, line) in ws.log.enumerated() {
            let n = String(i + 1)
            let note = ws.logNotes[i].map { String(repeating: " ", count: max(noted - line.displayWidth, 0)) + "  # " + $0 } ?? ""
            out.line(String(repeating: " ", count: width - n.count) + n + "  " + line + note)
        }
    })

let quitCommand = Command(
    name: "quit", usage: "quit",
    recorded: false,
    action: .shell { shell, args, _ throws(ShellError) in
        try args.expectPositionals(atMost: 0)
        shell.quitRequested = true
    })
