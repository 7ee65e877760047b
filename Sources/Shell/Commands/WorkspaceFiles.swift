import Foundation

/// `save workspace FILE`, called from `save`.
func saveWorkspace(_ ws: Workspace, _ args: Arguments, out: Output) throws(ShellError) {
    try args.expectPositionals(atMost: 2)
    try args.expectOptions([])
    let path = try args.positional(1, tr("save.workspace.what"))
    try ShellError.in("save workspace") { () throws(ShellError) in
        try writeAtomically(Data(try WorkspaceFile.bytes(of: ws)), to: path)
    }
    out.line(tr("save.workspace.saved", path, summary(ws)))
}

/// `load workspace FILE`, called from `load`: the file's workspace replaces this one, log and all.
func loadWorkspace(_ ws: inout Workspace, _ args: Arguments, out: Output) throws(ShellError) {
    try args.expectPositionals(atMost: 2)
    try args.expectOptions([])
    let path = try args.positional(1, tr("load.workspace.what"))
    let loaded = try ShellError.in("load workspace") { () throws(ShellError) in
        try WorkspaceFile.workspace(from: try readFile(path), path: path)
    }
    ws = loaded
    ws.unrecorded = true
    out.line(tr("load.workspace.loaded", path, summary(ws)))
}

/// `3 tensors, lenet-like network of 13 layers trained 2 epochs (1,876 steps), 9 commands in the log`.
private func summary(_ ws: Workspace) -> String {
    var parts = [tr(plural: "workspace.tensors", ws.tensors.count, ws.tensors.count)]
    if let net = ws.network {
        parts.append(tr(plural: "workspace.network", net.layers.count, net.layers.count)
                     + (ws.steps > 0 ? tr(plural: "workspace.trained", ws.epochs.count, ws.epochs.count, Format.grouped(ws.steps)) : ""))
    }
    parts.append(tr(plural: "workspace.log", ws.log.count, ws.log.count))
    return parts.joined(separator: tr("format.list.separator"))
}
