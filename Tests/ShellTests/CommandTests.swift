import Foundation
import Shell
import XCTest

/// Each command with no arguments, with good arguments and with bad ones.
final class CommandTests: XCTestCase {
    func testHelpListsEveryCommandAndExplainsOne() {
        var h = Harness()
        let list = h.run("help")
        for name in ["seed", "load", "net", "add", "optimizer", "shapes", "outsize", "im2col", "col2im", "forward", "backward", "explain",
                     "step", "train", "accuracy", "predict", "gradcheck", "show", "vars", "save", "replay", "history"] {
            XCTAssertTrue(list.contains("\n  \(name) "), "help lists \(name)")
        }
        let add = h.run("help add")
        XCTAssertTrue(add.hasPrefix("usage: add conv2d FILTERS KxK"))
        XCTAssertTrue(add.contains("M·C·KH·KW + M"), "long help gives the parameter formula")
        XCTAssertTrue(h.run("help outsize").contains("O = (N + 2P − F)/S + 1"))
        h.fails("help forwrd", "unknown command 'forwrd'", "did you mean 'forward'?")
        h.fails("help a b", "unexpected argument 'b'")
    }

    /// Every command in the table, run bare and with an option it does not have, in a workspace with
    /// data and a trained network: bare either works or says what is missing; the bad option is
    /// always refused by name; neither failure changes anything.
    func testEveryCommandBareAndWithABadOption() {
        var h = Harness()
        h.run("seed 1; load mnist train=200 test=50; net lenet; train batches=2; forward x_train[0:2]; backward y_train[0:2]")
        let names = h.run("help").split(separator: "\n").dropFirst().map { String($0.split(separator: " ")[0]) }
        XCTAssertEqual(names.count, 34)
        for name in names where name != "quit" && name != "bench" {
            let before = h.shell.workspace.fingerprint
            var printed = ""
            do {
                try h.shell.run(name, output: Output { printed += $0 })
                XCTAssertFalse(printed.isEmpty, "\(name) with no arguments prints something")
            } catch {
                XCTAssertTrue(error.description.hasPrefix("\(name): missing "), "\(name): \(error)")
                XCTAssertTrue(error.description.contains("usage: \(name)"), "\(name): \(error)")
                XCTAssertEqual(h.shell.workspace.fingerprint, before, name)
            }
            h.fails("\(name) bogus=1", "\(name): unknown option 'bogus=1'")
        }
        h.fails("quit now", "unexpected argument 'now'")
        XCTAssertFalse(h.shell.quitRequested)
        h.run("exit")
        XCTAssertTrue(h.shell.quitRequested)
    }

    func testUnknownCommandsAndOptionsPointAtTheBadToken() {
        var h = Harness()
        XCTAssertEqual(h.fails("forwrd x"), "unknown command 'forwrd' — did you mean 'forward'?")
        h.fails("xyzzy", "unknown command 'xyzzy'", "'help' lists the commands")
        h.fails("outsize 28 5 strid=2", "unknown option 'strid=2'", "did you mean 'stride='?")
        h.fails("outsize 28 5 stride=2 stride=3", "given twice")
        h.fails("show \"x_train", "unclosed double quote")
        h.fails("seed 1\u{0}", "NUL")
        XCTAssertEqual(h.run("  # a comment; seed 5"), "")
        XCTAssertEqual(h.run(""), "")
    }

    func testSeedMakesRandomTensorsRepeat() {
        var h = Harness()
        XCTAssertEqual(h.run("seed"), "seed 0\n")
        h.run("seed 42; tensor a 3x3 fill=randn")
        let a = h.run("show a")
        h.run("seed 42; tensor a 3x3 fill=randn")
        XCTAssertEqual(h.run("show a"), a)
        h.run("tensor a 3x3 fill=randn")
        XCTAssertNotEqual(h.run("show a"), a, "the generator moves on")
        h.fails("seed -1", "expected a whole number from 0")
        h.fails("seed abc", "'abc' is not a seed")
        h.fails("seed 1 2", "unexpected argument '2'")
    }

    func testLoadMakesTheSetsAndASeededValidationSplit() {
        var h = Harness()
        h.fails("load", "missing what to load")
        h.fails("load mnsit", "unknown image set 'mnsit'", "did you mean 'mnist'?")
        h.fails("load mnist dir=/nonexistent", "no such file")
        h.fails("load mnist train=0", "train=0 is out of range")
        h.fails("load mnist train=70000", "out of range")
        h.fails("load mnist val=1.5", "val=1.5 is out of range")
        h.fails("load mnist val=nan", "not a finite number")
        let text = h.run("load mnist train=1000 test=200 val=0.2")
        XCTAssertTrue(text.hasPrefix("loaded mnist: 800 training, 200 validation, 200 test images\n"))
        XCTAssertTrue(text.contains("  x_val    200×1×28×28\n"))
        XCTAssertEqual(h.shell.workspace.tensors["x_train"]?.shape, [800, 1, 28, 28])
        XCTAssertEqual(h.shell.workspace.tensors["y_val"]?.shape, [200])
        // Fails after clearing x_val in its working copy: the workspace must still have it.
        h.fails("load mnist train=2 val=0.4", "leaves one part empty")
        XCTAssertNotNil(h.shell.workspace.tensors["x_val"])
        h.run("load mnist train=10 test=10")
        XCTAssertNil(h.shell.workspace.tensors["x_val"], "a load without val= drops the old split")
    }

    func testNamesSlicesAndVars() {
        var h = Harness()
        XCTAssertTrue(h.run("vars").contains("the workspace is empty"))
        h.run("tensor x 5x2x3 fill=arange")
        XCTAssertEqual(h.run("show x[1][0]"), "x[1][0]: 3\n[6 7 8]\n")
        XCTAssertEqual(h.run("show x[-1:]").components(separatedBy: "\n")[0], "x[-1:]: 1×2×3")
        XCTAssertTrue(h.run("show x[:2]").hasPrefix("x[:2]: 2×2×3\n[0]\n   0  1  2\n   3  4  5\n[1]\n"))
        h.fails("show x[5]", "index 5 is out of range for x, which has 5 rows")
        h.fails("show x[3:2]", "empty or out of range")
        h.fails("show x[a]", "'a' in x[a] is not a whole number")
        h.fails("show x[0", "not a name or a slice")
        XCTAssertTrue(h.fails("show y", "no tensor named 'y'").hasPrefix("show: "), "the dispatcher names the command")
        h.fails("show", "missing NAME")
        h.run("net new input=2x3; add flatten; add fc 4 name=head")
        XCTAssertEqual(h.run("show head.W").components(separatedBy: "\n")[0], "head.W: 6×4")
        XCTAssertEqual(h.run("show head.db"), "head.db: 4\n[0 0 0 0]\n")
        h.fails("show head.out", "head.out does not exist yet", "run 'forward X' first")
        h.fails("show head.Q", "has no 'Q'", "head.W, head.dW, head.b, head.db, head.out")
        h.run("forward x")
        XCTAssertEqual(h.run("show head.out").components(separatedBy: "\n")[0], "head.out: 5×4")
        let vars = h.run("vars")
        let rows = vars.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        for row in [["x", "5×2×3", "30", "120", "B"], ["head.W", "6×4", "24", "96", "B"], ["head.out", "5×4", "20", "80", "B"]] {
            XCTAssertTrue(rows.contains(row), "vars has \(row):\n\(vars)")
        }
        h.run("del x")
        h.fails("del x", "no tensor named 'x'")
        h.fails("del", "missing NAME")
    }

    func testTensorByHand() {
        var h = Harness()
        XCTAssertEqual(h.run("tensor v 3 values=1,2.5,-3"), "v: 3\n")
        XCTAssertEqual(h.run("show v"), "v: 3\n[ 1.0000  2.5000 -3.0000]\n")
        h.fails("tensor v 3 values=1,2", "values= has 2 numbers but 3 holds 3")
        h.fails("tensor v 3 values=1,inf,2", "'inf' in values= is not a finite number")
        h.fails("tensor 9v 3", "'9v' is not a valid name")
        h.fails("tensor v 0x3", "is not a size")
        h.fails("tensor v 100000x100000", "too large")
        h.fails("tensor v 3 fill=lots", "unknown fill 'lots'")
        h.fails("tensor v", "missing SHAPE")
    }

    func testNetAndAddCheckShapesAsLayersAreAdded() {
        var h = Harness()
        h.fails("add relu", "there is no network yet", "'net new'")
        h.fails("net", "there is no network yet")
        h.fails("net lenet input=1x8x8", "input 1×8×8 does not fit lenet, designed for 1×28×28: conv2 (conv2d 16@5×5)", "no window fits",
                "(hint: the smallest square input it takes is input=1x16x16)")
        h.fails("net big", "unknown network 'big'")
        XCTAssertEqual(h.run("net new input=1x28x28"), "new network for input 1×28×28; add layers with 'add'\n")
        XCTAssertEqual(h.run("add conv2d 6 5x5"), "conv1: conv2d 6@5×5 → 6×24×24, 156 parameters\n")
        h.fails("add conv2d 6 30x30", "conv2 (conv2d 6@30×30", "cannot take input of shape 6×24×24", "no window fits")
        h.fails("add conv2d 0 3x3", "filters 0 is out of range")
        h.fails("add conv2d 6 3x3x3", "has 3 sides")
        h.fails("add conv2d 6 3x3 init=uniform", "init=uniform is not an initializer")
        h.fails("add conv2d 6 3x3 init=gauss:-1", "not an initializer")
        h.fails("add conv2d 6 3x3 pad=-1", "pad=-1 is out of range")
        h.fails("add conv2d 6", "missing the kernel size")
        h.fails("add fc 10", "cannot take input of shape 6×24×24", "add flatten first")
        h.fails("add fc 1000000", "cannot take input of shape 6×24×24", "add flatten first")
        h.fails("add maxpool 2x2 init=he", "unknown option 'init=he'")
        h.fails("add maxpool 2x2 pad=2", "pad=2 is not smaller than the 2×2 window")
        h.fails("add relu 3", "unexpected argument '3'")
        h.fails("add dense 10", "unknown layer 'dense'")
        h.fails("add", "missing the kind of layer")
        h.fails("add relu name=x y", "unexpected argument 'y'")
        h.fails("add relu name=conv1", "a layer named 'conv1' already exists")
        h.fails("add conv2d 100000 5x5", "out of range")
        XCTAssertEqual(h.run("add maxpool 2x2"), "pool1: maxpool 2×2 → 6×12×12\n")
        h.run("add flatten")
        XCTAssertEqual(h.run("add fc 10 init=xavier"), "fc1: fc 864→10 → 10, 8,650 parameters\n")
        h.fails("add conv2d 3 3x3", "cannot take input of shape 10", "before flatten")
    }

    func testShapesMatchesTheCourseLeNetArithmetic() {
        var h = Harness()
        h.fails("shapes", "there is no network yet")
        let table = h.run("net lenet")
        XCTAssertTrue(table.contains("conv1     conv2d 6@5×5   6×24×24       6·1·5·5 + 6 = 156\n"), table)
        XCTAssertTrue(table.contains("fc1       fc 256→120     120      256·120 + 120 = 30,840\n"), table)
        let recipe = "optimizer adam lr=0.003 beta1=0.9 beta2=0.999 eps=1e-08 schedule=cosine\n  (LeNet's training recipe; 'optimizer' chooses another)\n"
        let origin = "lenet: LeCun et al. 1998, in the course's modern form (ReLU and max pooling\n  where the paper had sigmoid and subsampling)\n"
        XCTAssertTrue(table.contains("""
            total: 44,426 parameters (44.4 k, 177.7 kB as float32) in 13 layers
            memory per sample: 43.1 kB of layer outputs (below), 46.2 kB in a forward with
              the input
            weights: not drawn yet (710.8 kB with their gradients and Adam's state); the
              first command that runs the network draws them

            layer
            """), table)
        XCTAssertTrue(table.hasSuffix("total: 281,640 (281.6 k) multiply-adds per sample\n" + recipe), table)
        XCTAssertEqual(origin + h.run("shapes") + recipe, table)
        XCTAssertEqual(origin + h.run("net") + recipe, table)
        h.run("tensor x 2x1x28x28 fill=randn")
        h.run("forward x")
        XCTAssertFalse(h.run("shapes").contains("not drawn"), "allocated by forward")
        h.run("add fc 3")
        XCTAssertTrue(h.run("shapes").contains("weights of 33 parameters: not drawn yet (528 B with their gradients"))
        h.fails("shapes all", "unexpected argument 'all'")
    }

    /// The famous networks are blueprints: their shapes and totals at once, their weights refused
    /// with the figures when over the limit, and drawn with the same values whenever they are needed.
    func testBlueprintsAllocateOnlyWhenNeeded() {
        let saved = MemoryGuard.limit
        defer { MemoryGuard.limit = saved }
        var h = Harness()
        let vgg = h.run("net vgg16")
        XCTAssertTrue(vgg.contains("total: 138,357,544 parameters (138.4 M, 553.4 MB as float32) in 40 layers\n"), vgg)
        XCTAssertTrue(vgg.contains("total: 15,470,264,320 (15.5 G) multiply-adds per sample\n"), vgg)
        XCTAssertTrue(vgg.contains("fc1       fc 25088→4096"), vgg)
        XCTAssertTrue(h.run("vars").contains("conv1.W    64×3×3×3           1,728  not allocated\n"))
        XCTAssertTrue(h.run("net alexnet").contains("total: 62,378,344 parameters"))
        h.run("net vgg16")
        h.run("limit memory=1GB")
        h.run("tensor x 1x3x224x224 fill=randn")
        // 138,357,544 parameters of 16 bytes (value, gradient, Adam's m and v) and 115 MB of layer outputs
        // and input (convolutions build their im2col columns one image at a time, which is not counted)
        h.fails("forward x", "one sample's layer outputs and the weights still to draw would need 2.3 GB",
                "expected at most the memory limit, 1.0 GB", "'limit memory=2.9GB'")
        h.fails("save weights vgg.npz", "the archive of 138,357,544 values would need 3.9 GB")
        h.fails("show fc1.W", "fc1's 102,764,544 parameters with their gradients and optimizer state would need 1.6 GB")
        // The values shown before allocation are those the network then keeps.
        h.run("seed 4; net simpleconvnet; tensor x 1x1x28x28 fill=randn")
        let drawn = h.shell.workspace.tensors.isEmpty ? "" : h.run("show conv1.b as=values")
        h.run("forward x")
        XCTAssertEqual(h.run("show conv1.b as=values"), drawn)
        XCTAssertFalse(h.run("vars").contains("not allocated"))
    }

    /// The receptive fields for LeNet (conv1 5, pool1 6, conv2 14, pool2 16 with jump 4) and
    /// the multiply-adds per layer written out.
    func testShapesShowsReceptiveFieldsAndMultiplyAdds() {
        var h = Harness()
        let table = h.run("net lenet")
        let rows = Dictionary(table.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
            .filter { $0.count > 2 }.map { ($0[0], Array($0.dropFirst())) }, uniquingKeysWith: { _, last in last })
        // rf, jump, one sample's output in memory (6·24·24 floats of 4 bytes = 13,824 B), multiply-adds
        XCTAssertEqual(rows["conv1"], ["5", "1", "13.8", "kB", "24·24·6·1·5·5", "=", "86,400"], table)
        XCTAssertEqual(rows["relu1"], ["5", "1", "13.8", "kB", "0"])
        XCTAssertEqual(rows["pool1"], ["6", "2", "3.5", "kB", "0"])
        XCTAssertEqual(rows["conv2"], ["14", "2", "4.1", "kB", "8·8·16·6·5·5", "=", "153,600"])
        XCTAssertEqual(rows["pool2"], ["16", "4", "1.0", "kB", "0"])
        XCTAssertEqual(rows["fc1"], ["all", "480", "B", "256·120", "=", "30,720"])
        XCTAssertTrue(table.contains("\nlayer      rf  jump   memory  multiply-adds per sample\ninput       1     1   3.1 kB\n"), table)
        XCTAssertTrue(table.split(separator: "\n").allSatisfy { $0.count <= 80 }, "fits 80 columns")
        XCTAssertTrue(h.run("help shapes").contains("r_out = r_in + (K − 1)·j_in,   j_out = j_in·S"))

        h.run("net new input=1x28x28")
        XCTAssertFalse(h.run("shapes").contains("rf"), "no layers, no second table")
        h.run("add conv2d 4 7x7 pad=3")
        var three = Harness()
        three.run("net new input=1x28x28")
        for _ in 0..<3 { three.run("add conv2d 4 3x3 pad=1") }
        XCTAssertTrue(h.run("shapes").contains("\nconv1   7     1"))
        XCTAssertTrue(three.run("shapes").contains("\nconv3   7     1"), "three 3×3 see as far as one 7×7")
    }

    /// add warns as outsize does when a stride leaves the edge uncovered, and only then.
    func testAddWarnsWhenTheStrideDropsTheEdge() {
        var h = Harness()
        h.run("net new input=1x28x28")
        let conv = h.run("add conv2d 4 3x3 stride=2")
        XCTAssertEqual(conv, "conv1: conv2d 4@3×3 stride 2 → 4×13×13, 40 parameters\n"
                       + "warning: stride 2 does not divide 28 + 2·0 − 3 = 25; frameworks floor, so the\n"
                       + "  last 1 row and column of the input are never covered\n")
        XCTAssertEqual(h.run("outsize 28 3 stride=2").split(separator: "\n")[2...3], conv.split(separator: "\n")[1...2], "the same words as outsize")
        XCTAssertTrue(h.run("add maxpool 3x3").contains("warning: stride 3 does not divide 13 + 2·0 − 3 = 10"))
        XCTAssertFalse(h.run("add maxpool 2x2 stride=1").contains("warning"))
        XCTAssertFalse(h.run("add relu").contains("warning"))
    }

    /// Only padding left over drops no input value: no warning. More than the padding left over
    /// drops remainder − P rows and columns of the input itself, and the warning counts those.
    func testTheStrideWarningCountsOnlyInputValuesDropped() {
        var h = Harness()
        h.run("net new input=1x5x5")
        // (5 + 2·1 − 2) = 5, 5 mod 2 = 1 = P: the one row and column left over are padding.
        XCTAssertEqual(h.run("add maxpool 2x2 pad=1 stride=2"), "pool1: maxpool 2×2 pad 1 → 1×3×3\n")
        XCTAssertFalse(h.run("outsize 28 3 stride=2 pad=1").contains("warning"))
        XCTAssertFalse(h.run("outsize 11 3 stride=5 pad=2").contains("warning"), "(11 + 4 − 3) mod 5 = 2 = P: padding only")
        // (10 + 2·1 − 2) = 10, 10 mod 4 = 2 > P = 1: one row and column of the input are dropped, then one of padding.
        let dropped = h.run("outsize 10 2 stride=4 pad=1")
        XCTAssertTrue(dropped.contains("warning: stride 4 does not divide 10 + 2·1 − 2 = 10; frameworks floor, so the\n"
                                       + "  last 1 row and column of the input are never covered, nor the 1 row and column\n"
                                       + "  of padding after them\n"), dropped)
        // (9 + 2·1 − 2) = 9, 9 mod 5 = 4 > P = 1: three of the input are dropped.
        h.run("net new input=1x9x9")
        let pool = h.run("add maxpool 2x2 pad=1 stride=5")
        XCTAssertTrue(pool.hasSuffix("frameworks floor, so the last\n  3 rows and columns of the input are never covered, nor the 1 row and column of\n  padding after them\n"), pool)
        for line in (dropped + pool).split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 80, String(line)) }
    }

    func testOptimizerChoicesAndTheirValidation() {
        var h = Harness()
        XCTAssertEqual(h.run("optimizer"), "optimizer adam lr=0.001 beta1=0.9 beta2=0.999 eps=1e-08\n")
        XCTAssertEqual(h.run("optimizer sgd lr=0.1"), "optimizer sgd lr=0.1\n")
        XCTAssertEqual(h.run("optimizer momentum momentum=0.5"), "optimizer momentum lr=0.01 momentum=0.5\n")
        h.run("optimizer adagrad; optimizer rmsprop decay=0.9")
        h.fails("optimizer sgd lr=0", "lr=0.0 is not allowed")
        h.fails("optimizer sgd lr=-1", "lr=-1.0 is not allowed")
        h.fails("optimizer sgd lr=inf", "not a finite number")
        h.fails("optimizer sgd momentum=0.9", "unknown option 'momentum=0.9'", "lr=")
        h.fails("optimizer adamw", "unknown optimizer 'adamw'", "did you mean 'adam'?")
        h.fails("optimizer adam beta1=1", "beta1=1.0 is not allowed")
        XCTAssertEqual(h.run("optimizer sgd lr=0.1 schedule=cosine"), "optimizer sgd lr=0.1 schedule=cosine\n")
        XCTAssertEqual(h.run("optimizer"), "optimizer sgd lr=0.1 schedule=cosine\n")
        h.fails("optimizer adam schedule=linear", "schedule=linear is not one of the choices", "schedule=constant or schedule=cosine")
        XCTAssertEqual(h.run("optimizer sgd lr=0.1"), "optimizer sgd lr=0.1\n", "constant unless asked")
    }

    /// net lenet brings its training recipe; a per-epoch decay does not mix with its cosine.
    func testLeNetSetsItsRecipeAndDecayNeedsAConstantSchedule() {
        var h = Harness()
        h.run("seed 1; load mnist train=128 test=10; optimizer sgd lr=0.1; net lenet")
        XCTAssertEqual(h.run("optimizer"), "optimizer adam lr=0.003 beta1=0.9 beta2=0.999 eps=1e-08 schedule=cosine\n")
        h.fails("train decay=0.5", "decay=0.5 needs a constant learning rate, and the optimizer's schedule is cosine", "schedule=constant")
        let trained = h.run("train batches=1")
        XCTAssertTrue(trained.hasPrefix("run 1: epoch 1, training on x_train (128 samples), batch 64, adam lr=0.003 beta1=0.9 beta2=0.999 eps=1e-08 schedule=cosine\n"), trained)
        XCTAssertEqual(h.run("optimizer"), "optimizer adam lr=0.003 beta1=0.9 beta2=0.999 eps=1e-08 schedule=cosine\n", "the peak rate stays for the next run")
        h.run("optimizer adam")
        XCTAssertTrue(h.run("train epochs=2 decay=0.5").contains("epoch 2  loss"))
        XCTAssertTrue(h.run("train batches=1").contains("adam lr=0.00025 beta1"), "decayed twice, and it stays so")
    }

    func testOutsizeGivesTheCourseProblemsWithTheirArithmetic() {
        var h = Harness()
        XCTAssertEqual(h.run("outsize 28 5"), "height: (28 + 2·0 − 5)/1 + 1 = 24\nwidth:  (28 + 2·0 − 5)/1 + 1 = 24\noutput: 24×24\n"
                       + "receptive field: 5×5, jump 1 (r = 1 + (5 − 1)·1 = 5, j = 1·1 = 1)\n")
        let one = h.run("outsize 144x144x3 3x3x6 stride=1")
        XCTAssertTrue(one.contains("output: 142×142×6 = 120,984 values\nparameters: (3·3·3 + 1)·6 = 168 (162 weights + 6 biases)\n"), one)
        let two = h.run("outsize 60x60x24 3x3 filters=48")
        XCTAssertTrue(two.contains("output: 58×58×48 = 161,472 values\nparameters: (3·3·24 + 1)·48 = 10,416"), two)
        let three = h.run("outsize 20x20x10 3x3x20 stride=2")
        XCTAssertTrue(three.contains("output: 9×9×20 = 1,620 values\nparameters: (3·3·10 + 1)·20 = 1,820"), three)
        XCTAssertTrue(three.contains("warning: stride 2 does not divide 20 + 2·0 − 3 = 17; frameworks floor"), three)
        XCTAssertFalse(one.contains("warning"))
        XCTAssertTrue(three.hasSuffix("receptive field: 3×3, jump 2 (r = 1 + (3 − 1)·1 = 3, j = 1·2 = 2)\n"), three)
        let uneven = h.run("outsize 20x19 3 stride=3")
        XCTAssertTrue(uneven.contains("warning: stride 3 does not divide 20 + 2·0 − 3 = 17 nor 19 + 2·0 − 3 = 16;\n"
                                      + "  frameworks floor, so the last 2 rows and 1 column of the input are never\n  covered\n"), uneven)
        XCTAssertTrue(h.run("outsize 9 3x5").contains("receptive field: 3×5, jump 1 (height r = 1 + (3 − 1)·1 = 3, j = 1·1 = 1; width r = 1 + (5 − 1)·1 = 5, j = 1·1 = 1)"))
        h.fails("outsize", "missing INPUT")
        h.fails("outsize 28", "missing KERNEL")
        h.fails("outsize 5 7", "kernel 7 is larger than the padded input 5")
        h.fails("outsize 28 5 stride=0", "stride=0 is out of range")
        h.fails("outsize 28 3x3x6 filters=5", "the kernel says 6 filters but filters=5")
        h.fails("outsize -3 2", "is not a size")
        h.fails("outsize 1x2x3x4 2", "has 4 sides")
    }

    func testIm2colReproducesTheCourseExample() {
        var h = Harness()
        h.fails("im2col", "missing TENSOR")
        h.run("tensor x 2x1x4x4 fill=arange")
        let text = h.run("im2col x 2x2")
        let lines = text.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        XCTAssertEqual(lines.count, 19)
        XCTAssertTrue(text.hasPrefix("cols = im2col(x): (N·OH·OW)×(C·KH·KW) = (2·3·3)×(1·2·2) = 18×4\n"))
        XCTAssertEqual(lines[1], ["0", "1", "4", "5"])
        XCTAssertEqual(lines[9], ["10", "11", "14", "15"])
        XCTAssertEqual(lines[10], ["16", "17", "20", "21"], "the second image starts at row 9")
        XCTAssertEqual(h.shell.workspace.tensors["cols"]?.shape, [18, 4])
        XCTAssertTrue(h.run("im2col x[0] 3x3 pad=1 as=c2").contains("= 16×9"))
        h.fails("im2col x 5x5", "kernel 5 is larger than the padded input 4")
        h.fails("im2col x 2x2 as=1a", "not a valid name")
        h.run("tensor v 4")
        h.fails("im2col v 2x2", "expected images N×C×H×W")
    }

    /// The course's 2×1×4×4 example round-trips: col2im(im2col(x)) = x ⊙ counts, and both are kept.
    func testCol2imFoldsBackAndCountsTheWindows() throws {
        var h = Harness()
        h.run("tensor x 2x1x4x4 fill=arange; im2col x 3x3")
        let text = h.run("col2im cols 1x4x4 3x3")
        XCTAssertTrue(text.hasPrefix("image = col2im(cols): (2·2·2)×(1·3·3) = 8×9 → N×C×H×W = 2×1×4×4\n[0, 0]\n    0   2   4   3\n"), text)
        XCTAssertTrue(text.contains("counts: how many windows cover each pixel (H×W, the same in every image)\n  1 2 2 1\n  2 4 4 2\n  2 4 4 2\n  1 2 2 1\n"), text)
        let ws = h.shell.workspace
        let (x, image, counts) = (try XCTUnwrap(ws.tensors["x"]), try XCTUnwrap(ws.tensors["image"]), try XCTUnwrap(ws.tensors["counts"]))
        XCTAssertEqual(counts.shape, [4, 4])
        XCTAssertEqual(image.shape, x.shape)
        XCTAssertEqual(image.scalars, x.scalars.indices.map { x.scalars[$0] * counts.scalars[$0 % 16] })

        // Stride and padding, several channels, random values, as=.
        h.run("seed 3; tensor y 3x2x5x6 fill=randn; im2col y 3x2 stride=2 pad=1 as=c")
        XCTAssertTrue(h.run("col2im c 2x5x6 3x2 stride=2 pad=1 as=back").contains("→ N×C×H×W = 3×2×5×6"))
        let (y, back, grid) = (try XCTUnwrap(h.shell.workspace.tensors["y"]), try XCTUnwrap(h.shell.workspace.tensors["back"]), try XCTUnwrap(h.shell.workspace.tensors["counts"]))
        XCTAssertEqual(grid.scalars, [1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1],
                       "3-row windows at stride 2 over 5+2 padded rows overlap on rows 1 and 3")
        let err = y.scalars.indices.map { abs(back.scalars[$0] - y.scalars[$0] * grid.scalars[$0 % 30]) }.max()!
        XCTAssertLessThan(err, 1e-5)
        XCTAssertTrue(h.run("help col2im").replacingOccurrences(of: "\n", with: " ").contains("col2im(im2col(x)) = x ⊙ counts"), "(help is broken into lines at the window's width)")
        // A digit-sized image is drawn, as 'show' draws it: 784 values would not fit a line.
        h.run("tensor d 1x1x28x28 fill=rand; im2col d 14x14 stride=7 as=dc")
        let drawn = h.run("col2im dc 1x28x28 14x14 stride=7 as=folded")
        XCTAssertTrue(drawn.contains("scale: ") && drawn.split(separator: "\n").allSatisfy { $0.count <= 80 }, drawn)

        h.fails("col2im", "missing TENSOR")
        h.fails("col2im cols", "missing the image shape")
        h.fails("col2im cols 1x4x4", "missing the window")
        h.fails("col2im cols 1x4x4 2x2", "cols is 8×9", "(N·3·3)×(1·2·2) = (N·9)×4", "a matrix (N·9)×4")
        h.fails("col2im cols 2x4x4 3x3", "cols is 8×9", "(N·2·2)×(2·3·3) = (N·4)×18")
        h.fails("col2im x 1x4x4 3x3", "x is 2×1×4×4", "(N·4)×9")
        h.fails("col2im cols[0:3] 1x4x4 3x3", "cols[0:3] is 3×9", "for some N ≥ 1")
        h.fails("col2im cols 4x4 3x3", "has 2 sides", "C×H×W")
        h.fails("col2im cols 1x4x4 5x5", "kernel 5 is larger than the padded input 4")
        h.fails("col2im cols 1x4x4 3x3 as=counts", "as=counts would be overwritten")
        h.fails("col2im cols 1x4x4 3x3 as=1a", "not a valid name")
        h.fails("col2im nothing 1x4x4 3x3", "nothing")
    }

    func testForwardBackwardStepByHand() {
        var h = Harness()
        h.fails("forward x", "there is no network yet")
        h.run("seed 3; tensor x 4x1x6x6 fill=randn; tensor y 4 values=0,1,2,1")
        h.run("net new input=1x6x6; add conv2d 2 3x3; add relu; add flatten; add fc 3; add softmax")
        h.fails("backward", "no forward pass", "run 'forward X' first")
        h.fails("step", "no gradients")
        h.fails("forward", "missing X")
        h.fails("forward y", "y is 4, but the network takes N×1×6×6")
        let forward = h.run("forward x")
        XCTAssertTrue(forward.contains("  conv1.out     conv2d   4×2×4×4\n"), forward)
        XCTAssertTrue(h.run("forward x[0]").contains("1×3"), "one sample runs as a batch of 1")
        h.run("tensor many 1500x1x6x6 fill=rand")
        let chunked = h.run("forward many")
        XCTAssertTrue(chunked.contains("in chunks of 500, keeping only the last output"), chunked)
        XCTAssertEqual(h.shell.workspace.fingerprint.contains("softmax1.out 1500×3"), true)
        h.fails("backward y", "no forward pass", "run 'forward X' first")
        h.run("forward x")
        h.fails("backward x", "labels x are 4×1×6×6")
        h.run("tensor bad 4 values=0,1,7,1")
        h.fails("backward bad", "label 7.0 in bad is not a class")
        let backward = h.run("backward y")
        XCTAssertTrue(backward.hasPrefix("loss "), backward)
        XCTAssertTrue(backward.contains("conv1.dW  2×1×3×3"))
        XCTAssertEqual(h.shell.workspace.tensors["dx"]?.shape, [4, 1, 6, 6])
        let before = h.run("show fc1.W")
        XCTAssertTrue(h.run("step").hasPrefix("step 1 (adam"))
        XCTAssertNotEqual(h.run("show fc1.W"), before, "step moves the weights")
        h.fails("step now", "unexpected argument 'now'")
        // A loss needs class scores: backward with labels refuses a network ending in images.
        h.run("net new input=1x6x6; add conv2d 2 3x3; forward x")
        h.fails("backward y", "N×classes")
        XCTAssertTrue(h.run("backward").hasPrefix("backpropagated ones from conv1.out (4×2×4×4)"))
    }

    func testTrainAccuracyPredict() {
        var h = Harness()
        h.fails("train", "there is no network yet")
        h.run("seed 1; load mnist train=640 test=200 val=0.1")
        h.run("net new; add conv2d 4 5x5; add relu; add maxpool 2x2")
        h.fails("train", "the network ends in 4×12×12 per sample", "flatten, fc 10")
        h.run("add flatten; add fc 10; add softmax")
        h.fails("train epochs=0", "epochs=0 is out of range")
        h.fails("train batch=-5", "batch=-5 is out of range")
        h.fails("train x=y_train", "y_train is 576, but the network takes N×1×28×28")
        h.fails("train val=x_nothing", "no tensor named 'x_nothing'")
        h.fails("train x=x_train y=y_test", "labels y_test are 200", "576 class indices")
        let text = h.run("train epochs=2 batch=32")
        let lines = text.split(separator: "\n")
        XCTAssertEqual(lines.count, 3, text)
        XCTAssertTrue(lines[1].hasPrefix("epoch 1  loss "), text)
        XCTAssertTrue(lines[2].contains("val "), "validates on x_val by default")
        XCTAssertTrue(h.run("train batches=3 val=none").contains("stopped after 3 batches (epoch 3, batch 3 of 9)"))
        let accuracy = h.run("accuracy")
        XCTAssertTrue(accuracy.hasPrefix("accuracy on x_test: "), accuracy)
        XCTAssertTrue(h.run("accuracy x_val").hasPrefix("accuracy on x_val: "))
        h.fails("accuracy x_test y_train", "labels y_train are 576", "200 class indices")
        let predict = h.run("predict x_test[0:5]")
        XCTAssertTrue(predict.contains("sample  predicted  probability  label"), predict)
        XCTAssertTrue(predict.contains(" of 5 right ("))
        XCTAssertEqual(h.shell.workspace.tensors["predictions"]?.shape, [5])
        h.fails("predict", "missing X")
    }

    func testTrainingThatDivergesStopsWithTheWeightsFromBeforeTheFault() {
        var h = Harness()
        h.run("seed 1; load mnist train=640 test=64; net lenet; optimizer sgd lr=1e6")
        let text = h.run("train epochs=3")
        XCTAssertTrue(text.contains("training stopped: the loss or the weights stopped being finite numbers at epoch 1, batch "), text)
        XCTAssertTrue(text.contains("hint: lower the learning rate"))
        for name in ["conv1.W", "conv2.W", "fc1.W", "fc3.b"] {
            XCTAssertFalse(h.shell.workspace.fingerprint.split(separator: "\n").first { $0.hasPrefix(name + " ") }!.contains("nan"), name)
        }
        XCTAssertTrue(h.shell.workspace.log.last!.hasPrefix("train epochs=3 batches="), "the log replays to the same place")
        XCTAssertTrue(h.run("plot loss").contains("+-----"), "a NaN batch loss is left out of the chart")
    }

    /// A fault at the very first batch keeps the command as typed (batches=0 is no valid line), and
    /// the log still replays, to the same fault.
    func testAFaultAtTheFirstBatchLeavesAReplayableLog() throws {
        var h = Harness()
        h.run("seed 2; net new input=2; add fc 2 init=gauss:100; tensor x 4x2 values=3e38,3e38,3e38,3e38,3e38,3e38,3e38,3e38; tensor y 4 values=0,1,0,1")
        let text = h.run("train x=x y=y val=none")
        XCTAssertTrue(text.contains("stopped being finite numbers at epoch 1, batch 1 of 1"), text)
        XCTAssertEqual(h.shell.workspace.log.last, "train x=x y=y val=none")
        var replay = Harness()
        for line in h.shell.workspace.log { replay.run(line) }
        XCTAssertEqual(replay.shell.workspace.fingerprint, h.shell.workspace.fingerprint)
    }

    func testTrainingLearnsAndGradcheckPasses() {
        var h = Harness()
        h.fails("gradcheck", "there is no network yet")
        h.run("seed 2; net lenet")
        let check = h.run("gradcheck")
        XCTAssertTrue(check.hasPrefix("gradcheck on two random inputs"), check)
        XCTAssertEqual(check.split(separator: "\n").filter { $0.hasSuffix(" ok") }.count, 10, check)
        XCTAssertFalse(check.contains("CHECK"))
        h.fails("gradcheck relu1", "has no parameters")
        h.fails("gradcheck conv9", "no layer named 'conv9'", "did you mean 'conv1'?")
        let fc3 = h.run("gradcheck fc3 entries=3")
        XCTAssertEqual(fc3.split(separator: "\n").filter { $0.hasPrefix("  fc3.") }.count, 2, fc3)
        XCTAssertTrue(fc3.split(separator: "\n").allSatisfy { $0.count <= 80 }, fc3)
        h.run("load mnist train=2000 test=500")
        let before = h.run("accuracy")
        h.run("train epochs=2")
        let after = h.run("accuracy")
        func percent(_ s: String) -> Double { Double(s.split(separator: " ")[3].dropLast())! }
        XCTAssertLessThan(percent(before), 30)
        XCTAssertGreaterThan(percent(after), 70, "two epochs on 2,000 digits learn something")
    }
}
