import Shell
import XCTest

/// The command table is the one description of each command: its usage text, the options the
/// dispatcher accepts, and what tab completion offers must agree.
final class CommandTableTests: XCTestCase {
    /// Each command's name and usage lines, read from `help` as a user reads them.
    func commands(_ h: inout Harness) -> [(name: String, usage: [String])] {
        let names = h.run("help").split(separator: "\n").dropFirst().map { String($0.split(separator: " ")[0]) }
        return names.map { name in
            let text = h.run("help \(name)").components(separatedBy: "\n\n")[0]
            let lines = text.split(separator: "\n").map { $0.replacingOccurrences(of: "usage:", with: "").trimmingCharacters(in: .whitespaces) }
            return (name, lines)
        }
    }

    /// The option keys a command declares, from the list its unknown-option error gives.
    func declaredOptions(_ h: inout Harness, _ name: String) -> [String] {
        let message = h.fails("\(name) bogus=1", "unknown option 'bogus=1'")
        guard let list = message.components(separatedBy: "; expected ").dropFirst().first?.components(separatedBy: " (hint:")[0],
              list != "no options" else { return [] }
        return list.components(separatedBy: ", ").map { String($0.dropLast()) }
    }

    func testUsageOptionsAndCompletionAgree() {
        var h = Harness()
        h.run("tensor x_small 2x1x28x28; net lenet")
        let commands = commands(&h)
        XCTAssertEqual(commands.count, 34)
        for (name, usage) in commands {
            let declared = declaredOptions(&h, name)
            let offered = h.shell.completions(before: "\(name) ", word: "")
            for key in declared where name != "replay" {
                XCTAssertTrue(offered.contains("\(key)="), "\(name): completion offers \(key)=")
            }
            for line in usage {
                let words = line.split(separator: " ").map(String.init)
                // The words that pick a form (`load npy`, `optimizer sgd|adam`) are offered first.
                if words.count > 1, words[1].first?.isLowercase == true, !words[1].contains("=") {
                    for form in words[1].split(separator: "|") {
                        XCTAssertTrue(offered.contains(String(form)), "\(name): completion offers '\(form)' from '\(line)'")
                    }
                }
                // Every option the usage shows is declared, and the choices it lists complete.
                for word in words where word.hasPrefix("[") && word.contains("=") {
                    let option = word.dropFirst().prefix { $0 != "]" }
                    let key = String(option.prefix { $0 != "=" }), values = option.drop { $0 != "=" }.dropFirst()
                    XCTAssertTrue(declared.contains(key), "\(name): '\(line)' shows \(key)= but the command does not declare it")
                    let completed = h.shell.completions(before: "\(name) ", word: "\(key)=")
                    // Capitals stand for something to type (N, FILE) or a name, old or new (NAME).
                    for value in values.split(separator: "|") where value.first?.isLowercase == true && !value.contains("...") && !value.contains(",") {
                        XCTAssertTrue(completed.contains("\(key)=\(value)"), "\(name): \(key)= completes \(value), as '\(line)' shows")
                    }
                }
            }
        }
    }
}
