import Foundation
import NN
import Shell
import Tensors
import XCTest

/// Random and mutated command lines, built from the real vocabulary and from random bytes, fed to
/// the dispatcher: nothing may crash or hang, and every command that fails must leave the
/// workspace's fingerprint (names, shapes, contents, generator, optimizer, log) as it was.
final class FuzzTests: XCTestCase {
    static let vocabulary: [String] = [
        "help", "vars", "show", "del", "tensor", "seed", "load", "limit", "net", "add", "optimizer", "shapes", "outsize", "im2col",
        "col2im", "forward", "backward", "step", "train", "accuracy", "predict", "gradcheck", "confusion", "mistakes", "plot", "save",
        "replay", "history", "undo", "quit", "exit", "forwrd", "explain", "lang", "ja", "en", "course", "dnn4", "im2col",
        "new", "lenet", "alexnet", "vgg16", "simpleconvnet", "conv2d", "maxpool", "avgpool", "conv1d", "maxpool1d", "flatten", "fc", "relu", "tanh", "sigmoid", "softmax",
        "sgd", "momentum", "adagrad", "rmsprop", "adam", "loss", "accuracy", "npy", "weights", "workspace", "session", "notebook", "png",
        "as", "--step", "x", "y", "a", "b", "w", "x[0]", "x[0:2]", "x[-1]", "x[5:1]", "x[", "x[]", "y[0:2]", "conv1.W", "conv1.dW",
        "conv1.out", "conv1.out[0]", "conv1.out[0][1][2][3]", "loss", "loss[1]", "fc1.b", "pool1.out", "dx", "cols", "predictions", "confusion",
        "0", "1", "2", "3", "-1", "7", "64", "100000", "1e9", "nan", "inf", "-inf", "0.5", "-0.0", "99999999999999999999",
        "2x2", "3x3", "1x4x4", "1x6x6", "4x1x6x6", "2x1x6x6", "0x3", "3x", "x3", "1048576x1048576", "5", "2x", "×",
        "epochs=1", "epochs=2", "epochs=0", "batch=2", "batch=0", "batches=1", "stride=2", "stride=0", "stride=1x2", "pad=1", "pad=-1", "pad=same", "pad=0x1",
        "init=he", "init=xavier", "init=gauss:0.1", "init=gauss:-1", "lr=0.1", "lr=0", "lr=nan", "lr=1e30", "momentum=0.9",
        "decay=0.5", "decay=2", "schedule=cosine", "schedule=constant", "schedule=cos", "val=none", "val=x", "x=x", "y=y", "x=a", "fill=randn", "fill=arange", "fill=zeros",
        "values=1,2,3,4", "values=1,,2", "input=1x6x6", "input=2x12", "input=0", "classes=3", "filters=4", "entries=2", "scale=2",
        "memory=1MB", "memory=0", "name=head", "name=9", "dir=/nonexistent", "train=5", "test=0", "bogus=1", "as=picture",
        "as=values", "png=/nonexistent/p.png", "\"quoted word\"", "\"", ";", "#", "'", "\\", "=", "a=", "=b",
        "'single quoted'", "'x;y'", "a'b c'd", "\"a \\\" b\"", "'open", "\"open", "end\\", "\\ ", "x\\;y", "''", "#c", "-h", "--help", "?",
        "f.npy", "f.npz", "s.cnn", "n.md", "p.png", "/nonexistent/f.npy", "/", ".",
        "npz", "csv", "d.csv", "x=x_train", "label=1", "label=none", "shape=1x1x2", "as=p_",
        "threads=1", "threads=2", "threads=0", "threads=65",
    ]

    func testHundredThousandLinesNeverCrashOrChangeTheWorkspaceWhenTheyFail() throws {
        try fuzz(grammar: false, seed: 2026)
    }

    /// The grammar-aware run: a fifth of the choices fill a real command's template, and the rest
    /// of the mix keeps the workspace changing under them.
    func testHundredThousandGrammarLinesNeverCrashOrChangeTheWorkspaceWhenTheyFail() throws {
        try fuzz(grammar: true, seed: 2027)
    }

    func fuzz(grammar: Bool, seed: UInt64) throws {
        let count = ProcessInfo.processInfo.environment["CNNSH_FUZZ_LINES"].flatMap(Int.init) ?? 100_000
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cnnsh-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let previous = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(directory.path))  // relative file names land here
        try Data("a,b,label\n0.5,1,2\n3,4,0\n".utf8).write(to: directory.appendingPathComponent("d.csv"))
        // The device the grammar names: a link here, since `save x /dev/zero` would write /dev/zero.npy as root.
        for name in ["zero", "zero.npy"] { try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent(name).path, withDestinationPath: "/dev/zero") }
        let savedLimit = MemoryGuard.limit
        MemoryGuard.limit = 4_000_000  // keeps every tensor small, so the run stays fast
        defer {
            MemoryGuard.limit = savedLimit
            _ = FileManager.default.changeCurrentDirectoryPath(previous)
            try? FileManager.default.removeItem(at: directory)
        }
        var rng = RandomGenerator(seed: seed)
        var shell = Shell()
        let output = Output { _ in }
        let setup = "seed 1; tensor x 4x1x6x6 fill=randn; tensor y 4 values=0,1,2,1; net new input=1x6x6; add conv2d 2 3x3; add relu; add maxpool 2x2; add flatten; add fc 3; add softmax"
        try shell.run(setup, output: output)
        let valid = ["forward x", "backward y", "step", "train epochs=1 batch=2 x=x y=y", "show conv1.W", "tensor a 2x3 fill=randn",
                     "outsize 28 5 stride=2", "im2col x 2x2", "col2im cols 1x6x6 2x2", "explain conv1.out[0][1][2][3]", "explain loss[-1]", "gradcheck entries=2", "save x f.npy", "load npy f.npy as b",
                     "save weights f.npz", "load weights f.npz", "save session s.cnn", "predict x", "plot loss", "del a",
                     "undo", "save workspace w.npz", "load workspace w.npz", "load csv d.csv shape=1x1x2 as=c", "load npz f.npz as=w_"]
        var failures = 0, successes = 0
        let threads = Parallelism.threads
        let start = Date()
        for i in 0..<count {
            // A fresh session every 1,000 lines keeps the log, and so the fingerprint, short.
            if i % 1000 == 0 { shell = Shell(); try shell.run(setup, output: output) }
            let line: String
            switch rng.integer(below: grammar ? 5 : 4) {
            case 4:  // a command of the real grammar, with extreme values in its slots
                line = Self.grammarLine(&rng)
            case 3:  // a valid command, so that the workspace keeps changing
                line = valid[rng.integer(below: valid.count)]
            case 0:  // words from the vocabulary
                line = (0..<(1 + rng.integer(below: 6))).map { _ in Self.vocabulary[rng.integer(below: Self.vocabulary.count)] }.joined(separator: " ")
            case 1:  // a valid command, mutated
                var chars = Array(valid[rng.integer(below: valid.count)])
                for _ in 0..<(1 + rng.integer(below: 3)) {
                    let at = rng.integer(below: chars.count + 1)
                    let byte = Character(UnicodeScalar(UInt8(32 + rng.integer(below: 95))))
                    switch rng.integer(below: 3) {
                    case 0: chars.insert(byte, at: at)
                    case 1: if at < chars.count { chars.remove(at: at) }
                    default: if at < chars.count { chars[at] = byte }
                    }
                }
                line = String(chars)
            default:  // random bytes, decoded as a terminal would hand them over
                let bytes = (0..<rng.integer(below: 120)).map { _ in UInt8(rng.integer(below: 256)) }
                line = String(decoding: bytes, as: UTF8.self)
            }
            // A line's commands (split at ';' as the shell splits them) each succeed or fail alone.
            let commands: [String]
            do { commands = try Shell.commands(in: line) } catch {
                failures += 1
                continue
            }
            for command in commands {
                if shell.quitRequested { shell = Shell(); try shell.run(setup, output: output) }
                let before = shell.workspace.fingerprint
                do {
                    try shell.run(command, output: output)
                    successes += 1
                } catch {
                    failures += 1
                    if shell.workspace.fingerprint != before {
                        XCTFail("line \(i) '\(line)': '\(command)' failed (\(error)) but changed the workspace")
                        return
                    }
                }
                if Parallelism.threads != threads {
                    XCTFail("line \(i) '\(line)': '\(command)' left \(Parallelism.threads) threads, not \(threads)")
                    return
                }
                Interrupt.clear()
                MemoryGuard.limit = 4_000_000  // a fuzzed 'limit memory=1e20GB' must not let later lines allocate gigabytes
            }
        }
        let seconds = Date().timeIntervalSince(start)
        print("fuzz\(grammar ? " (grammar)" : ""): \(count) lines in \(Format.seconds(seconds)) s, \(successes) succeeded, \(failures) failed cleanly")
        XCTAssertGreaterThan(failures, count / 2, "most random lines are errors")
        XCTAssertGreaterThan(successes, count / 10, "a good share are commands that work, so failures are tried on a changing workspace")
    }
}

extension FuzzTests {
    /// Grammar-aware lines: every command in its real shape, its slots filled with extreme values
    /// (zero, negative, 2³¹, 2⁶³, huge shapes), odd paths (`.`, `/`, `""`, devices, long names),
    /// chained on a workspace that keeps changing (issue 14).
    static let templates = [
        "tensor {name} {shape} fill={fill}", "tensor {name} {shape} values={values}", "del {name}", "seed {int}",
        "net new input={shape}", "net {preset} input={shape} classes={int}", "net {preset}", "add conv2d {int} {kernel} stride={stride} pad={pad} init={init}",
        "add maxpool {kernel} stride={stride} pad={pad}", "add avgpool {kernel} pad={pad}", "add conv1d {int} {int} stride={stride} pad={pad}",
        "add maxpool1d {int} stride={int} pad={pad}", "add fc {int} name={name}", "add {layer}",
        "outsize {shape} {kernel} stride={stride} pad={pad} filters={int}", "im2col {expr} {kernel} stride={stride} pad={pad} as={name}",
        "col2im {expr} {shape} {kernel} stride={stride} pad={pad} as={name}",
        "show {expr} as={showas}", "save {expr} {path}", "save session {path}", "save notebook {path}", "save weights {path}",
        "save png {expr} {path} scale={int}", "load npy {path} as {name}", "load weights {path}", "load mnist train={int} test={int} val={float} dir={path}",
        "train epochs={epochs} batch={int} batches={int} x={expr} y={expr} val={expr}", "train decay={float} batches={int}",
        "accuracy {expr} {expr}", "predict {expr} {expr}", "train batches={int} threads={threads}", "accuracy {expr} threads={threads}",
        "predict {expr} {expr} threads={threads}", "confusion {expr} {expr}", "mistakes {int} x={expr} y={expr}",
        "forward {expr}", "backward {expr}", "explain {element}", "step", "gradcheck {layer} entries={epochs} x={expr}", "limit memory={size}",
        "optimizer {optimizer} lr={float} momentum={float} decay={float} schedule={schedule}", "plot {plot} png={path}",
        "replay {path}", "history", "vars", "shapes", "help {word}", "undo {int}", "save workspace {path}", "load workspace {path}",
        "load npz {path} x={name} y={name} as={name}", "load csv {path} label={label} shape={shape} as={name}",
    ]
    static let slots: [String: [String]] = [
        "int": ["0", "1", "2", "3", "-1", "7", "64", "1023", "1024", "65535", "65536", "2147483647", "2147483648",
                "9223372036854775807", "99999999999999999999", "1e3", "", "+5"],
        // Counts of repeated work: small, or refused outright, so that a line stays quick.
        "epochs": ["0", "1", "2", "-1", "10001", "2147483648", ""],
        "float": ["0", "0.5", "1", "-1", "1e-45", "3.4e38", "1e39", "nan", "inf", "-0", "0.99", "", "1/2"],
        "shape": ["1", "0", "1x1", "2x0x3", "4x1x6x6", "1x6x6", "1x28x28", "3x3", "1048576", "1048577", "1048576x1048576",
                  "1x1048576x2048", "2x2x2x2x2x2x2x2x2", "x", "3x", "-1x4", "1×6×6", "2x12"],
        // Per axis, pad=same, and what neither reads.
        "stride": ["1", "2", "1x2", "2x1", "0x1", "1x2x3", "1024x1", "1025", "x", ""],
        "pad": ["0", "1", "same", "0x1", "1x0", "2x2", "-1", "1x-1", "1x2x3", "1025", "x", ""],
        "kernel": ["1", "1x1", "2x2", "3x3", "5x5", "0x3", "3x0", "1048576x1", "6x6", "7x7", "2x2x2", "", "x"],
        "name": ["a", "b", "x", "y", "z9", "_", "9a", "conv1", "a.b", String(repeating: "n", count: 64), String(repeating: "n", count: 65), "é", "\"\""],
        "expr": ["x", "y", "a", "x[0]", "x[0:2]", "x[-1]", "x[-5]", "x[3:1]", "x[0:0]", "x[99999999999999999999]", "conv1.W", "conv1.dW",
                 "conv1.out[0]", "fc1.b", "dx", "cols", "x[0][0][0][0]", "x[0][0][0][0][0]", "predictions", "confusion", "nothing"],
        "element": ["conv1.out[0][0][0][0]", "conv1.out[-1][-1][-1][-1]", "conv1.out[4][0][0][0]", "conv1.out[0][0][0]", "conv1.dW[1][0][2][2]",
                    "conv1.db[-1]", "conv1.dx[3][0][5][5]", "relu1.dx[0][1][3][3]", "pool1.out[0][0][1][1]", "pool1.dx[0][0][0][0]",
                    "flatten1.out[0][7]", "flatten1.dx[0][0][1][1]", "fc1.out[0][2]", "fc1.dW[5][1]", "fc1.db[0]", "fc1.dx[1][3]",
                    "softmax1.out[0][0]", "softmax1.dx[1][2]", "loss", "loss[3]", "loss[4]", "loss[0][0]", "x[0][0][0][0]", "dx[0][0][0][0]",
                    "conv1.W[0][0][0][0]", "conv1.out[0][0][0:1][0]", "conv1.out[", "conv1.out[99999999999999999999][0][0][0]", "nothing[0]"],
        "path": [".", "./", "/", "..", "\"\"", "f.npy", "f", "f.cnn", "f.md", "f.npz", "f.png", "sub/x.npy", "/nonexistent/x.npy",
                 "zero", "/proc/self/status", "\"a b.npy\"", "'a b.npy'", "a\\ b.npy", "'it'\\''s.npy'", "'open.npy", String(repeating: "p", count: 300) + ".npy",
                 "d.csv", "w.npz"],
        "fill": ["arange", "zeros", "ones", "randn", "rand", "", "nan"],
        "values": ["1", "1,2", "1,2,3,4", "nan", "inf", "1e39", ",", "", "3e38,3e38,3e38,3e38"],
        "init": ["he", "xavier", "gauss:0.01", "gauss:0", "gauss:-1", "gauss:inf", "gauss:", "bogus"],
        "preset": ["lenet", "alexnet", "vgg16", "vgg11", "simpleconvnet", "fc", "new", "bogus"],
        "layer": ["relu", "tanh", "sigmoid", "softmax", "flatten", "conv1", "fc1", "pool1", "bogus"],
        "showas": ["picture", "values", "stats", "", "bogus"],
        "lang": ["ja", "en", "ja_JP.UTF-8", "C", "fr", ""],
        "size": ["1MB", "4MB", "0", "1B", "1e20GB", "0x10GB", "-4MB", "1.5GB", "GB", ""],
        "optimizer": ["sgd", "momentum", "adagrad", "rmsprop", "adam", "bogus"],
        "schedule": ["constant", "cosine", "cos", ""],
        "plot": ["loss", "accuracy", "bogus"],
        "word": ["train", "add", "bogus", "", "help"],
        "label": ["label", "a", "1", "3", "4", "0", "none", "", "-1"],
        "threads": ["1", "2", "64", "0", "65", "-1", "x", "", "2147483648"],
    ]

    /// One template with each `{slot}` filled at random.
    static func grammarLine(_ rng: inout RandomGenerator) -> String {
        var line = templates[rng.integer(below: templates.count)]
        while let open = line.firstIndex(of: "{"), let close = line[open...].firstIndex(of: "}") {
            let choices = slots[String(line[line.index(after: open)..<close])]!
            line.replaceSubrange(open...close, with: choices[rng.integer(below: choices.count)])
        }
        return line
    }
}

private enum Format {
    static func seconds(_ s: Double) -> String { String(format: "%.1f", s) }
}
