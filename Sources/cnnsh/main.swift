import ArgumentParser
import Foundation
import Shell
#if canImport(Glibc)
import Glibc
#endif

struct CNNShell: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cnnsh", abstract: "A shell for learning convolutional neural networks.")

    @Option(name: .short, help: "Commands to run, separated by ';'.")
    var command: String?

    mutating func run() throws {
        var shell = Shell()
        guard let command else {
            print("cnnsh: the interactive prompt is not built yet; use -c \"load mnist\"")
            return
        }
        for line in command.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !line.isEmpty {
            do {
                print(try shell.run(line), terminator: "")
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}


CNNShell.main()
