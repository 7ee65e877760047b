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
        let what = try args.positional(0, "what to save: session, notebook or png")
        switch what {
        case "session", "notebook":
            try args.expectPositionals(atMost: 2)
            try args.expectOptions([])
            let path = try args.positional(1, what == "session" ? "FILE, like sessions/mine.cnn" : "FILE, like notes.ipynb or notes.md")
            let stamp = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate, .withTime, .withColonSeparatorInTime])
            let data = what == "session" ? Data(sessionScript(ws, path: path, stamp: stamp).utf8) : try Notebook.contents(ws, path: path, stamp: stamp)
            try writeAtomically(data, to: path)
            out.line("saved \(ws.log.count) commands to \(path)")
        case "png":
            try args.expectPositionals(atMost: 3)
            let name = try args.positional(1, "NAME, the tensor to draw")
            let path = try args.positional(2, "FILE.png")
            let t = try ws.value(of: name)
            guard t.rank >= 2 else { throw ShellError("\(name) is \(t.shapeDescription)", expected: "an image H×W, C×H×W or N×C×H×W", in: "save png") }
            let picture = t.rank == 2
                ? Picture(tiles: [Picture.Tile(caption: "", height: t.shape[0], width: t.shape[1], values: t.scalars)], scale: .fitting(t.scalars))
                : TensorPictures.picture(of: t, name: name, workspace: ws, force: true)!.0
            let scale = try args.int("scale", default: picture.defaultRasterScale, in: 1...64)!
            let image = picture.raster(scale: scale)
            guard image.width * image.height <= 100_000_000 else { throw ShellError("\(image.width)×\(image.height) pixels is too large", hint: "use a smaller scale=", in: "save png") }
            try ShellError.in("save png") { () throws(ShellError) in
                try writeAtomically(Data(PNG.greyscale(width: image.width, height: image.height, pixels: image.pixels)), to: path)
            }
            out.line("saved \(name) as a \(image.width)×\(image.height) PNG (\(picture.tiles.count) tile\(picture.tiles.count == 1 ? "" : "s"), \(scale)×) to \(path)")
        case "weights":
            try saveNumPy(ws, args, out: out)
        case "workspace":
            try saveWorkspace(ws, args, out: out)
        default:
            guard args.positionals.count >= 2 else {
                throw ShellError("missing FILE", expected: "save session FILE, save notebook FILE.ipynb, save NAME FILE.npy, save weights FILE.npz, save workspace FILE or save png NAME FILE.png")
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
            throw ShellError("unexpected argument '\(args.positionals[1])'", hint: "usage: replay FILE [from=LINE] [--step]")
        }
        guard !step || out.pause != nil else { throw ShellError("--step needs a terminal to wait at", hint: "run it at the prompt") }
        guard shell.replayDepth < 8 else { throw ShellError("scripts nested 8 deep", hint: "a script may be replaying itself") }
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
        let goOn = { (line: Int) in "'\(Shell.replayCommand(path, from: line, step: step))' goes on from there" }
        switch end {
        case .ended:
            break
        case .interrupted(let line):
            out.line("replay interrupted at \(path):\(line); the workspace keeps what ran before" + (step ? "; \(goOn(line + 1))" : ""))
            if shell.replayDepth == 1 { Interrupt.clear() }
        case .cancelled(let line):
            out.line("\(path):\(line): stopped; the workspace keeps what ran before; \(goOn(line))")
            if shell.replayDepth == 1 { Interrupt.clear() }
        case .stopped(let line):
            out.line("stopped at \(path):\(line); the workspace keeps what ran before; \(goOn(line))")
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
        guard !ws.log.isEmpty else { out.line("no commands yet"); return }
        let width = String(ws.log.count).count
        // The notes line up after the longest annotated command (up to a point).
        let noted = min(40, ws.logNotes.keys.filter { $0 < ws.log.count }.map { ws.log[$0].count }.max() ?? 0)
        for (i, line) in ws.log.enumerated() {
            let n = String(i + 1)
            let note = ws.logNotes[i].map { String(repeating: " ", count: max(noted - line.count, 0)) + "  # " + $0 } ?? ""
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
