import Datasets
import Foundation
import NN
import Tensors

extension WorkspaceFile {
    /// The workspace a file holds, checked whole before anything is returned: a file of another
    /// version, a damaged or truncated one, or one whose arrays do not fit its recipes is refused.
    static func workspace(from bytes: [UInt8], path: String) throws(ShellError) -> Workspace {
        func damaged(_ why: String) -> ShellError {
            ShellError(tr("workspace.file.damaged", path, why), hint: tr("workspace.file.damaged.hint"))
        }
        let archive: (arrays: [(name: String, tensor: Tensor)], files: [String: [UInt8]])
        do { archive = try NumPy.archive(npz: bytes, maxBytes: MemoryGuard.limit, files: [WorkspaceManifest.entryName]) } catch {
            if case .overLimit = error { throw ShellError("\(path): \(error)", hint: MemoryGuard.raiseHint(Double(bytes.count) * 2)) }
            throw damaged("\(error)")
        }
        guard let json = archive.files[WorkspaceManifest.entryName] else {
            throw ShellError(tr("workspace.file.not-workspace", path, WorkspaceManifest.entryName), hint: tr("workspace.file.not-workspace.hint", path))
        }
        guard let version = try? WorkspaceManifest.decoder.decode(WorkspaceManifest.Version.self, from: Data(json)) else {
            throw damaged(tr("workspace.damaged.not-json", WorkspaceManifest.entryName))
        }
        guard version.format == WorkspaceManifest.currentFormat, version.cnnsh == cnnshVersion else {
            throw ShellError(tr("workspace.file.version", path, version.cnnsh ?? tr("workspace.file.unknown"), version.format.map(String.init) ?? tr("workspace.file.unknown")),
                             expected: tr("workspace.file.version.expected", cnnshVersion, WorkspaceManifest.currentFormat),
                             hint: tr("workspace.file.version.hint"))
        }
        let manifest: WorkspaceManifest
        do { manifest = try WorkspaceManifest.decoder.decode(WorkspaceManifest.self, from: Data(json)) } catch {
            throw damaged(tr("workspace.damaged.manifest", WorkspaceManifest.entryName, error))
        }
        var arrays = Dictionary(archive.arrays.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
        func take(_ name: String, shape: [Int]? = nil) throws(ShellError) -> Tensor {
            guard let t = arrays.removeValue(forKey: name) else { throw damaged(tr("workspace.damaged.lacks", name)) }
            if let shape, t.shape != shape { throw damaged(tr("workspace.damaged.shape", name, t.shapeDescription, Tensor.describe(shape))) }
            return t
        }

        var ws = Workspace()
        for name in manifest.tensors {
            guard Workspace.isValidName(name) else { throw damaged(tr("workspace.damaged.tensor-name", name)) }
            ws.tensors[name] = try take("tensors/\(name)")
        }
        if let saved = manifest.network { ws.network = try network(saved, take: take, damaged: damaged) }
        var counts: [String: Int] = [:]
        for (i, layer) in (ws.network?.layers ?? []).enumerated() where layer.isAllocated {
            for p in layer.parameters { counts["\(ws.network!.names[i]).\(p.name)"] = p.value.count }
        }
        let state = Dictionary(uniqueKeysWithValues: arrays.keys.filter { $0.hasPrefix("optimizer/") }.map { (String($0.dropFirst(10)), arrays.removeValue(forKey: $0)!.scalars) })
        do {
            ws.optimizer = try manifest.optimizer.optimizer(state: state, counts: counts)
            ws.freshOptimizer = try manifest.freshOptimizer.optimizer(state: [:], counts: [:])
        } catch { throw damaged("\(error)") }
        guard arrays.isEmpty else { throw damaged(tr("workspace.damaged.extra", arrays.keys.sorted().prefix(5).joined(separator: ", "))) }
        guard let schedule = LearningRateSchedule(rawValue: manifest.schedule) else { throw damaged(tr("workspace.damaged.schedule", manifest.schedule)) }
        // Counters a session could reach, no more: a hand-edited 2⁶³ − 1 would trap at the next `+= 1`.
        let counter = 0...(1 << 40), epochRange = 0.0...Double(1 << 31)
        guard counter.contains(manifest.steps) else { throw damaged(tr("workspace.damaged.steps", manifest.steps)) }
        (ws.seed, ws.rng, ws.schedule, ws.staleGradients, ws.steps) = (manifest.seed, manifest.rng, schedule, manifest.staleGradients, manifest.steps)
        if let after = manifest.optimizerReplacedAfter {
            guard after >= 1, after <= manifest.steps else { throw damaged(tr("workspace.damaged.replaced", after, manifest.steps)) }
            ws.optimizerReplacedAfter = after
        }
        guard (0...(1 << 31)).contains(manifest.trainingRuns),
              manifest.epochs.allSatisfy({ epochRange.contains(Double($0.epoch)) && (0...manifest.trainingRuns).contains($0.run) }),
              manifest.batchLosses.allSatisfy({ epochRange.contains($0.epoch) && (0...manifest.trainingRuns).contains($0.run) }) else {
            throw damaged(tr("workspace.damaged.history"))
        }
        (ws.epochs, ws.batchLosses, ws.trainingRuns, ws.logNotes) = (manifest.epochs, manifest.batchLosses, manifest.trainingRuns, manifest.logNotes)
        (ws.log, ws.cells) = (manifest.log, manifest.cells.map { NotebookCell(narration: $0.narration ?? [], command: $0.command, output: $0.output) })
        ws.narration = manifest.narration ?? []
        return ws
    }

    /// The network rebuilt layer by layer from its recipes, as `add` builds it, each allocated layer
    /// given its saved values (whose shapes must be those its recipe makes).
    private static func network(_ saved: WorkspaceManifest.SavedNetwork, take: (String, [Int]?) throws(ShellError) -> Tensor,
                                damaged: (String) -> ShellError) throws(ShellError) -> Network {
        guard (1...4).contains(saved.input.count), saved.input.allSatisfy({ $0 >= 1 && $0 <= Limits.maxElements }), Tensor.checkedProduct(saved.input) != nil else {
            throw damaged(tr("workspace.damaged.input", saved.input))
        }
        var net = Network(inputShape: saved.input)
        for l in saved.layers {
            guard Workspace.isValidName(l.name), !net.names.contains(l.name) else { throw damaged(tr("workspace.damaged.layer-name", l.name)) }
            guard plausible(l.recipe) else { throw damaged(tr("workspace.damaged.recipe", l.name)) }
            var layer = l.recipe.layer(for: net.outputShape)
            guard layer.parameters.allSatisfy({ $0.count != nil }) else { throw damaged(tr("workspace.damaged.parameters", l.name)) }
            if l.allocated {
                for j in layer.parameters.indices {
                    let p = layer.parameters[j]
                    layer.parameters[j].value = try take("network/\(l.name).\(p.name)", p.shape)
                    layer.parameters[j].gradient = try take("network/\(l.name).d\(p.name)", p.shape)
                }
                for j in layer.buffers.indices {
                    layer.buffers[j].value = try take("network/\(l.name).\(layer.buffers[j].name)", layer.buffers[j].shape)
                }
                if var dropout = layer as? Dropout {
                    guard let generator = l.generator else { throw damaged(tr("workspace.damaged.generator", l.name)) }
                    dropout.resume(from: generator)
                    layer = dropout
                }
            }
            do { try net.append(layer, name: l.name, seed: l.seed) } catch { throw damaged("\(error)") }
        }
        return net
    }

    /// Whether `add` could have made the recipe: the layers' initializers trap on settings it refuses.
    private static func plausible(_ recipe: LayerRecipe) -> Bool {
        func fits(_ a: Window.Axis) -> Bool { a.kernel >= 1 && a.stride >= 1 && a.padding >= 0 && a.kernel <= 1 << 20 && a.padding <= 1 << 20 }
        func fits(_ i: Initializer) -> Bool { if case let .gaussian(sigma) = i { sigma.isFinite && sigma > 0 } else { true } }
        switch recipe {
        case let .conv2d(filters, window, initializer): return (1...4096).contains(filters) && fits(window.height) && fits(window.width) && fits(initializer)
        case let .maxpool(window), let .avgpool(window): return fits(window.height) && fits(window.width) && window.coversImageEverywhere
        case let .conv1d(filters, axis, initializer): return (1...4096).contains(filters) && fits(axis) && fits(initializer)
        case let .maxpool1d(axis): return fits(axis) && axis.padding < axis.kernel
        case let .fc(outputs, initializer): return (1...1_000_000).contains(outputs) && fits(initializer)
        case .flatten, .relu, .tanh, .sigmoid, .softmax: return true
        case let .dropout(rate): return rate >= 0 && rate < 1
        case let .batchnorm(momentum, epsilon): return momentum >= 0 && momentum <= 1 && epsilon >= Float.leastNormalMagnitude && epsilon <= 1
        case let .leakyrelu(slope): return slope >= 0 && slope <= 1
        }
    }
}
