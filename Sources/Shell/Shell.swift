import Datasets
import Tensors

/// The workspace and its commands. The full command table comes with the shell issue; for now
/// `load mnist [dir=PATH]` and `help`.
public struct Shell {
    public private(set) var tensors: [String: Tensor] = [:]

    public init() {}

    public struct CommandError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs one command line and returns what it prints.
    public mutating func run(_ line: String) throws(CommandError) -> String {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let name = words.first else { return "" }
        switch name {
        case "help":
            return "commands:\n  load mnist|fashion-mnist [dir=PATH]   load an IDX image set into x_train, y_train, x_test, y_test\n  help                                   this list\n"
        case "load":
            return try load(Array(words.dropFirst()))
        default:
            throw CommandError(description: "unknown command '\(name)' (hint: type 'help' for the list)")
        }
    }

    mutating func load(_ args: [String]) throws(CommandError) -> String {
        guard let what = args.first, ["mnist", "fashion-mnist"].contains(what) else {
            throw CommandError(description: "load: expected 'mnist' or 'fashion-mnist' (usage: load mnist [dir=PATH])")
        }
        var directory = what == "mnist" ? ImageDataset.bundledMNISTDirectory : "/usr/share/datasets/fashion-mnist"
        for option in args.dropFirst() {
            guard option.hasPrefix("dir=") else { throw CommandError(description: "load: unknown option '\(option)' (expected dir=PATH)") }
            directory = String(option.dropFirst(4))
        }
        guard let directory else { throw CommandError(description: "load: the bundled MNIST files are missing from this build") }
        let set: ImageDataset
        do { set = try ImageDataset(directory: directory) } catch { throw CommandError(description: "load: \(error)") }
        tensors["x_train"] = set.trainImages
        tensors["y_train"] = set.trainLabels
        tensors["x_test"] = set.testImages
        tensors["y_test"] = set.testLabels
        return """
        loaded \(what): \(set.trainImages.shape[0]) training and \(set.testImages.shape[0]) test images from \(directory)
          x_train  \(set.trainImages.shapeDescription)
          y_train  \(set.trainLabels.shapeDescription)
          x_test   \(set.testImages.shapeDescription)
          y_test   \(set.testLabels.shapeDescription)

        """
    }
}
