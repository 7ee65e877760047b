import Foundation
import NN
import Tensors

/// The `manifest.json` of a workspace file: everything but the arrays, which are the archive's
/// other entries. Codable throughout, so a field added to a saved type (an `EpochReport`'s) is saved
/// and loaded without this file changing.
struct WorkspaceManifest: Codable {
    /// Bumped when the layout of the file changes; a file of another format or cnnsh version is refused.
    static let currentFormat = 1
    static let entryName = "manifest.json"

    var format = Self.currentFormat
    var cnnsh = cnnshVersion
    var seed: UInt64
    var rng: RandomGenerator
    /// The named tensors, each the entry `tensors/NAME`.
    var tensors: [String]
    var network: SavedNetwork?
    var optimizer: OptimizerRecord
    var freshOptimizer: OptimizerRecord
    var schedule: String
    var staleGradients: Bool
    var steps: Int
    /// `steps` when `optimizer` replaced the optimizer, until the next step; absent when it did not
    /// (and in files saved before this was kept).
    var optimizerReplacedAfter: Int?
    var epochs: [EpochReport]
    var batchLosses: [BatchLoss]
    var trainingRuns: Int
    var log: [String]
    /// What `history` prints beside a command of the log, by its index.
    var logNotes: [Int: String]
    var cells: [Cell]
    /// A script's comments after its last command, which the next cell takes as narration.
    var narration: [String]?

    /// The layers as recipes, rebuilt by the same code as `add`; an allocated layer's values are the
    /// entries `network/LAYER.W`, its gradients `network/LAYER.dW`, its buffers `network/LAYER.running_mean`.
    struct SavedNetwork: Codable {
        var input: [Int]
        var layers: [SavedLayer]
    }

    struct SavedLayer: Codable {
        var name: String
        var recipe: LayerRecipe
        var seed: UInt64
        var allocated: Bool
        /// Dropout's generator, where its next mask comes from.
        var generator: RandomGenerator?
    }

    /// A notebook cell without its pictures (they are drawn again by no one: a resumed notebook
    /// has the text of the commands before the save, and the pictures of those after it).
    struct Cell: Codable {
        var narration: [String]?
        var command: String
        var output: String
    }

    /// Only what says which version wrote a file, read before the rest so that a file of another
    /// version is refused as such rather than as damaged.
    struct Version: Decodable {
        var format: Int?
        var cnnsh: String?
    }

    static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }

    static var decoder: JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }
}
