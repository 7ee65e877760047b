import Datasets
import Foundation
import NN
import Synchronization
import Tensors

let seedCommand = Command(
    name: "seed", usage: "seed [N [--quiet]]",
    positionals: [.number, .choice(["--quiet"])],
    action: .workspace { ws, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 2)
        let usage = tr("seed.usage", seedCommand.usage)
        if args.optionalPositional(0) == "--quiet" {
            throw ShellError(tr("seed.quiet-first"), expected: "seed N --quiet", hint: usage)
        }
        if args.positionals.count == 2 && args.positionals[1] != "--quiet" {
            throw ShellError(tr("args.unexpected", args.positionals[1]), hint: usage)
        }
        guard let text = args.optionalPositional(0) else { out.line("seed \(ws.seed)"); return }
        guard let n = UInt64(text) else {
            throw ShellError(tr("seed.not-a-seed", text), expected: tr("seed.expected", UInt64.max))
        }
        ws.seed = n
        ws.rng = RandomGenerator(seed: n)
        if args.optionalPositional(1) == nil { out.line("seed \(n)") }
    })

let loadCommand = Command(
    name: "load", usage: "load mnist|fashion-mnist [train=N] [test=N] [val=FRACTION] [dir=PATH]\nload npz FILE [x=KEY] [y=KEY] [as=PREFIX]\nload csv FILE [label=COLUMN|none] [shape=CxHxW] [as=SET]\nload npy FILE as NAME\nload weights FILE.npz\nload workspace FILE",
    helpArguments: { [Format.grouped(Samples.maxLabel)] },
    forms: loadForms,
    options: ["train": .number, "test": .number, "val": .number, "dir": .file, "x": .text, "y": .text, "as": .text,
              "label": .oneOf([.text, .choice(["none"])]), "shape": .number],
    action: .workspace { ws, args, out throws(ShellError) in
        let which = try args.positional(0, tr("load.what", loadFormList))
        if which == "npy" || which == "weights" {
            try loadNumPy(&ws, args, out: out)
            return
        }
        if which == "workspace" { return try loadWorkspace(&ws, args, out: out) }
        if which == "npz" { return try ShellError.in("load npz") { () throws(ShellError) in try loadNPZ(&ws, args, out: out) } }
        if which == "csv" { return try ShellError.in("load csv") { () throws(ShellError) in try loadCSV(&ws, args, out: out) } }
        try args.expectPositionals(atMost: 1)
        try args.expectOptions(["train", "test", "val", "dir"])
        let given = args.string("dir")
        let directory: String
        switch which {
        case "mnist":
            if let given { directory = given } else { directory = try ImageDataset.bundledMNIST.mapError(missingMNIST).get() }
        case "fashion-mnist": directory = given ?? "/usr/share/datasets/fashion-mnist"
        default:
            let close = Suggestion.hint(for: which, among: loadForms.map(\.word))
            throw ShellError(tr("load.unknown-set", which), expected: loadFormList, hint: close ?? tr("load.unknown-set.hint"))
        }
        let fraction = try args.float("val", default: 0, in: 0...0.99, expected: tr("load.val.expected"))!
        let set = try DatasetCache.load(directory)
        let train = try args.int("train", default: set.trainImages.shape[0], in: 1...set.trainImages.shape[0])!
        let test = try args.int("test", default: set.testImages.shape[0], in: 1...set.testImages.shape[0])!
        var x = try! set.trainImages.slice(0..<train), y = try! set.trainLabels.slice(0..<train)
        ws.tensors["x_val"] = nil
        ws.tensors["y_val"] = nil
        if fraction > 0 {
            let split = trainValidationSplit(images: x, labels: y, validationFraction: Double(fraction), using: &ws.rng)
            guard split.validationImages.shape[0] > 0, split.trainImages.shape[0] > 0 else {
                throw ShellError(tr("load.val.empty", "val=\(fraction)", train), hint: tr("load.val.empty.hint"))
            }
            (x, y) = (split.trainImages, split.trainLabels)
            ws.tensors["x_val"] = split.validationImages
            ws.tensors["y_val"] = split.validationLabels
        }
        ws.tensors["x_train"] = x
        ws.tensors["y_train"] = y
        ws.tensors["x_test"] = try! set.testImages.slice(0..<test)
        ws.tensors["y_test"] = try! set.testLabels.slice(0..<test)
        let validation = (ws.tensors["x_val"]?.shape[0]).map { tr("load.loaded.validation", Format.grouped($0)) } ?? ""
        out.text(Format.wrap(tr("load.loaded", which, Format.grouped(x.shape[0]), validation, Format.grouped(test)), width: out.columns))
        let names = ["x_train", "y_train"] + (fraction > 0 ? ["x_val", "y_val"] : []) + ["x_test", "y_test"]
        out.text(Format.table(names.map { [$0, ws.tensors[$0]!.shapeDescription] }, indent: "  ", width: out.columns))
    })

/// What `load` reads, by its first word: completion, the error for an unknown word and its
/// suggestion all take them from here.
private let loadForms: [(word: String, then: [WordKind])] = [
    ("mnist", []), ("fashion-mnist", []), ("npz", [.file]), ("csv", [.file]), ("npy", [.file, .choice(["as"]), .text]), ("weights", [.file]), ("workspace", [.file]),
]

/// `mnist, fashion-mnist, ... or workspace`.
private var loadFormList: String { Format.choiceList(loadForms.map(\.word)) }

/// Parsed image sets by directory, so a second `load` (and every transcript test) skips the
/// gunzip and conversion. Holds at most a few sets of about 200 MB each.
enum DatasetCache {
    private static let sets = Mutex<[String: ImageDataset]>([:])

    static func load(_ directory: String) throws(ShellError) -> ImageDataset {
        if let set = sets.withLock({ $0[directory] }) { return set }
        let set: ImageDataset
        do { set = try ImageDataset(directory: directory, maxBytes: MemoryGuard.limit) } catch {
            throw ShellError("\(error)", hint: tr(directory.hasPrefix("/usr/share/datasets/fashion-mnist") ? "load.fashion.hint" : "load.mnist.files.hint"))
        }
        sets.withLock { $0[directory] = set }
        return set
    }
}

/// The bundled MNIST was in none of the places an installed cnnsh looks: say where, and how to fix it.
func missingMNIST(_ missing: BundledData.Missing) -> ShellError {
    ShellError(tr("load.mnist.missing", missing.looked.joined(separator: ", ")), hint: tr("load.mnist.missing.hint"))
}
