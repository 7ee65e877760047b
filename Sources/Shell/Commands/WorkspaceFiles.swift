import Foundation

/// `save workspace FILE`, called from `save`.
func saveWorkspace(_ ws: Workspace, _ args: Arguments, out: Output) throws(ShellError) {
    try args.expectPositionals(atMost: 2)
    try args.expectOptions([])
    let path = try args.positional(1, "FILE, like mine.npz")
    try ShellError.in("save workspace") { () throws(ShellError) in
        try writeAtomically(Data(try WorkspaceFile.bytes(of: ws)), to: path)
    }
    out.line("saved the workspace to \(path): \(summary(ws)); 'load workspace \(path)' resumes it")
}

/// `load workspace FILE`, called from `load`: the file's workspace replaces this one, log and all.
func loadWorkspace(_ ws: inout Workspace, _ args: Arguments, out: Output) throws(ShellError) {
    try args.expectPositionals(atMost: 2)
    try args.expectOptions([])
    let path = try args.positional(1, "FILE, as 'save workspace' wrote it")
    let loaded = try ShellError.in("load workspace") { () throws(ShellError) in
        try WorkspaceFile.workspace(from: try readFile(path), path: path)
    }
    ws = loaded
    ws.unrecorded = true
    out.line("loaded the workspace from \(path), replacing this one: \(summary(ws))")
}

/// `3 tensors, lenet-like network of 13 layers trained 2 epochs (1,876 steps), 9 commands in the log`.
private func summary(_ ws: Workspace) -> String {
    var parts = ["\(ws.tensors.count) tensor\(ws.tensors.count == 1 ? "" : "s")"]
    if let net = ws.network {
        parts.append("a network of \(net.layers.count) layer\(net.layers.count == 1 ? "" : "s")"
                     + (ws.steps > 0 ? " trained \(ws.epochs.count) epoch\(ws.epochs.count == 1 ? "" : "s") (\(Format.grouped(ws.steps)) steps)" : ""))
    }
    parts.append("\(ws.log.count) command\(ws.log.count == 1 ? "" : "s") in the log")
    return parts.joined(separator: ", ")
}
