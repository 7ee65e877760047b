import Datasets
import Foundation
import NN
import Tensors

/// A whole workspace as one file: an .npz (NumPy opens it) of the workspace's arrays beside a
/// `manifest.json` holding everything else (see `WorkspaceManifest`). Every entry carries the ZIP's
/// CRC-32, so a damaged file is refused, as is a truncated one (its directory is at the end).
///
/// Kept: the named tensors, the network (layers as recipes, each allocated layer's weights,
/// gradients and buffers, dropout's generator), the optimizer with its state, the schedule, the seed
/// and the generator's position, the training history, the log and cells. Not kept: the last
/// forward's outputs and backward's input gradients (run forward again), and the memory limit, a
/// setting of the machine.
enum WorkspaceFile {
    /// The archive's arrays, by entry name, and the manifest.
    static func contents(of ws: Workspace) throws(ShellError) -> (arrays: [(name: String, tensor: Tensor)], manifest: WorkspaceManifest) {
        var arrays = ws.tensors.keys.sorted().map { (name: "tensors/\($0)", tensor: ws.tensors[$0]!) }
        var network: WorkspaceManifest.SavedNetwork?
        if let net = ws.network {
            var layers: [WorkspaceManifest.SavedLayer] = []
            for (i, layer) in net.layers.enumerated() {
                let name = net.names[i]
                guard let recipe = LayerRecipe(layer) else { throw ShellError(tr("workspace.file.no-recipe", name, layer.summary)) }
                if layer.isAllocated {
                    // A gradient not yet made is zeros, as a new layer's (an allocated value has its shape).
                    arrays += net.namedArrays(ofLayer: i).map { ("network/\($0.name)", $0.value.shape == $0.shape ? $0.value : Tensor(shape: $0.shape)) }
                }
                layers.append(.init(name: name, recipe: recipe, seed: net.seeds[i], allocated: layer.isAllocated, generator: (layer as? Dropout)?.generator))
            }
            network = .init(input: net.inputShape, layers: layers)
        }
        let (optimizer, state) = ws.optimizer.record
        arrays += state.keys.sorted().map { ("optimizer/\($0)", Tensor(state[$0]!)) }
        let manifest = WorkspaceManifest(
            seed: ws.seed, rng: ws.rng, tensors: ws.tensors.keys.sorted(), network: network, optimizer: optimizer,
            freshOptimizer: ws.freshOptimizer.record.record, schedule: ws.schedule.rawValue, staleGradients: ws.staleGradients || ws.hasGradients,
            steps: ws.steps, optimizerReplacedAfter: ws.optimizerReplacedAfter, epochs: ws.epochs, batchLosses: ws.batchLosses, trainingRuns: ws.trainingRuns,
            log: ws.log, logNotes: ws.logNotes, cells: ws.cells.map { .init(narration: $0.narration, command: $0.command, output: $0.output) },
            narration: ws.narration)
        return (arrays, manifest)
    }

    /// The file's bytes.
    static func bytes(of ws: Workspace) throws(ShellError) -> [UInt8] {
        let (arrays, manifest) = try contents(of: ws)
        // Each entry's .npy bytes, the archive, and its copy handed to the writer.
        let needed = Double(arrays.reduce(0) { $0 + $1.tensor.byteCount }) * 3
        try MemoryGuard.check(needed, for: tr("workspace.file.what"), hint: MemoryGuard.raiseHint(needed, otherwise: tr("workspace.file.delete.hint")))
        let json: Data
        do { json = try WorkspaceManifest.encoder.encode(manifest) } catch { throw ShellError(tr("workspace.file.manifest", "\(error)")) }
        do { return try NumPy.npz(arrays, files: [(WorkspaceManifest.entryName, [UInt8](json))]) } catch {
            throw ShellError("\(error)", hint: tr("workspace.file.delete.hint"))
        }
    }
}
