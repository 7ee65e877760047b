import Foundation

/// What `help load` and `help save` say of workspace files.
let workspaceFileHelp = """
    save workspace FILE writes the whole workspace to one file, an .npz that numpy.load also opens (tensors/NAME, network/LAYER.W, optimizer/m/LAYER.W... beside a manifest.json): the named tensors, the network's layers as recipes with their weights, gradients and batchnorm statistics, the optimizer and its state (Adam's moments and step count), the schedule, the seed and the random generator's position, the training history ('plot loss'), and the session log. load workspace FILE replaces the whole workspace with it: 'train' then continues exactly as the saved shell would have, and 'save session' writes the loaded log followed by the commands since. Neither is recorded in the log (a replay could not count on the file); 'undo' undoes a load. Not kept: the last forward's outputs (run forward again) and the memory limit. A file from another version of cnnsh, a damaged or a truncated one is refused and the workspace stays as it was.
    """

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
    return parts.joined(separator: tr("list.separator"))
}
