/// Each command's one-line summary and long help (`command.NAME.summary`, `command.NAME.help`),
/// and the words of `help` itself. Formulas are code: the Japanese help writes them identically.
extension EnglishText {
    static let help: [String: String] = [
        "help.list": "'course' maps each problem to its commands and script; help COMMAND for usage:",
        "help.usage": "usage:",
        "command.shared.window-options": "stride= and pad= take one number for both axes or one per axis, height first (stride=2x1, pad=0x1). pad=same pads P = (K − 1)/2 on each axis, which keeps the size at stride 1 (O = (N + K − 1 − K)/1 + 1 = N) and gives ⌈N/S⌉ otherwise; it needs an odd kernel.",
        "command.shared.threads-option": "threads=T runs the command on T threads, {0} to {1} (by default 2, or 1 on a single core), and puts the count back afterwards. Results are the same to the bit for any T, so a session records threads=T as typed and its replay builds the same workspace. At the prompt (or with --timings) it ends with a line of how many images it went over in how many seconds, and how many images a second on how many threads (train's time includes its validation): threads=1, then threads=2, shows the speed-up. Scripts leave that line out, so that their output is the same on every machine.",
        "command.net.preset": "  {0} ({1}): {2}.",
        "command.help.summary": "list the commands, or explain one (also ?, or COMMAND --help)",
        "command.help.help": "With no argument, lists every command with its one-line summary. With a command name, prints its usage, what it does and the course's formula for that step. '?' is 'help' too, and 'COMMAND --help' or 'COMMAND -h' is 'help COMMAND'.",
        "command.lang.summary": "show or choose the language of messages",
        "command.lang.help": "Chooses the language cnnsh prints in: en (English) or ja (Japanese, with the course's own terms: 畳み込み層, 出力サイズ, 逆伝播...). Commands, option names and workspace names stay as typed, so a script runs the same in either language. The language starts as the environment's (LC_ALL, LC_MESSAGES, then LANG: ja... is Japanese) or as cnnsh --lang says; 'save session' records a 'lang' typed here, so a replay speaks the same.",
        "command.vars.summary": "list the workspace: names, shapes, sizes",
        "command.vars.help": "Lists every tensor in the workspace, then the network's parameters (LAYER.W, LAYER.b), their gradients (LAYER.dW, LAYER.db), the layers' last outputs (LAYER.out) and the gradients that reached their inputs in the last backward (LAYER.dx), each with its shape and size in memory.",
        "command.show.summary": "draw images, filters and feature maps; print small tensors' values",
        "command.show.help": """
            Draws what reads as pictures: a digit (show x_train[0]), a grid of them with their labels (show x_train[0:16]), every filter of a convolution (show conv1.W, signed values on a blue–black–red scale whose range is printed), the feature maps of one image (show conv1.out[0]). On a terminal with colour, two pixels share a character cell (▀); in scripts, pipes, with NO_COLOR or --plain, the same pictures come as ASCII shading ' .:-=+*#%@' (signed: % = - ' for negative, . + * # for positive).
            scale=K draws every pixel as K×K (K columns wide): by default small tiles are enlarged until their longer side is at least {0} (a 5×5 filter at 2), as far as the terminal's width allows; a 28×28 digit stays at 1. A scale at which one tile would be wider than the terminal is refused. Tiles that do not fit side by side go on to the next rows.
            Other tensors print their values when they have at most 256 (matrices as rows, higher ranks one matrix per leading index), else their shape and statistics: min, max, mean and standard deviation. as= chooses.
            """,
        "command.del.summary": "remove tensors from the workspace",
        "command.del.help": "Removes the named tensors, freeing their memory once nothing else shares it. Layer parameters belong to the network and are not removed this way; 'net new' starts over.",
        "command.tensor.summary": "make a tensor by hand (the course's small examples)",
        "command.tensor.help": """
            Makes a tensor of SHAPE (like 2x1x4x4). fill=arange numbers it 0, 1, 2... in row-major order (the default), zeros and ones fill it, randn draws from N(0, 1) and rand from U[0, 1) with the session's seed; values= gives every value, comma-separated.
            The course's im2col example: tensor x 2x1x4x4, then im2col x 2x2.
            """,
        "command.seed.summary": "make every random choice after it follow from N",
        "command.seed.help": "Restarts the random generator from N (a whole number from 0). Initial weights, shuffles before each epoch, validation splits and random tensors all draw from it, so the same commands after the same seed give the same numbers. A session starts with seed 0. With no N, prints the seed. --quiet after N sets it without printing: 'save session' starts the script of a session that typed no seed with 'seed 0 --quiet', so that its replay prints just what the session printed.",
        "command.load.summary": "load an image set as NCHW tensors, your own samples (.npz, CSV), a NumPy array, saved weights, or a saved workspace",
        "command.load.help": """
            Reads the four IDX files of MNIST (bundled with cnnsh) or Fashion-MNIST (Debian's dataset-fashion-mnist, /usr/share/datasets/fashion-mnist) from dir=PATH if given. Images become N×1×28×28 tensors scaled to [0, 1] (pixel/255); labels are class indices 0...9.
            load npz reads every array of an .npz (numpy.savez or numpy.savez_compressed) as a float32 tensor named by its key, shapes as they are; in a key that is no valid name each other character becomes _ (conv1.W → conv1_W), and a leading digit gets a _ before it. as=PREFIX goes before every name (as=my_ → my_x_train). x=KEY and y=KEY read only those arrays, as samples and labels for train and accuracy: samples N×H×W become N×1×H×W and N×F stay; samples N×A×B×C are channels last (N×H×W×C, as Keras stores CIFAR), made N×C×H×W, exactly when C is 1, 3 or 4 and A is none of those, else they are N×C×H×W already and stay (where A and C could both be channels, as in N×3×32×3, the output says which reading it took); uint8 samples are scaled to [0, 1] (value/255) as load mnist's pixels are, other dtypes kept; a NaN or infinite sample value (a float64 past float32's range becomes one) is refused with its place. Labels are one per sample: class indices (N or N×1, whole numbers from 0 to {0}) or N×K one-hot rows. Keras's mnist.npz: 'load npz mnist.npz x=x_train y=y_train', then x=x_test y=y_test.
            load csv reads one sample a row, every field a number, into x_SET and y_SET (as=SET; train by default, so x_train and y_train). The first line is a header when none of its fields is empty or starts like a number (3x, -.5, nan), else it is the first row; the output names a header it found. label=COLUMN is the label column by header name (the same to the letter, else in any case) or by number from 1 (by default the column headed label, if any; label=none for none, which removes an old y_SET); labels must be whole numbers from 0 to {0}. shape=CxHxW makes each row's other fields a C×H×W image (their count must be its product), else a row is F features. Fields are split at commas; a field in double quotes may hold commas and "" for a quote, on one line (RFC 4180 within a line); blanks around fields and blank lines are skipped. A ragged row, a field that is not a number, a quote left open, a label out of range or a shape that does not fit is refused as FILE:LINE:COLUMN: problem, the column counted in fields; a line with more fields than the header, or a header whose names would pass the memory limit, is refused before anything is built.
            load npy reads a NumPy .npy file (float32 or float64, integers or bools, C order) as a float32 tensor. load weights reads an .npz of LAYER.W and LAYER.b arrays (and a batchnorm's LAYER.gamma, LAYER.beta, LAYER.running_mean, LAYER.running_var) (as 'save weights' writes) into the network, refusing, with the differences listed, a file whose names or shapes do not fit it.
            save workspace FILE writes the whole workspace to one file, an .npz that numpy.load also opens (tensors/NAME, network/LAYER.W, optimizer/m/LAYER.W... beside a manifest.json): the named tensors, the network's layers as recipes with their weights, gradients and batchnorm statistics, the optimizer and its state (Adam's moments and step count), the schedule, the seed and the random generator's position, the training history ('plot loss'), and the session log. load workspace FILE replaces the whole workspace with it: 'train' then continues exactly as the saved shell would have, and 'save session' writes the loaded log followed by the commands since. Neither is recorded in the log (a replay could not count on the file); 'undo' undoes a load. Not kept: the last forward's outputs (run forward again) and the memory limit. A file from another version of cnnsh, a damaged or a truncated one is refused and the workspace stays as it was.
            train=N and test=N keep the first N images of each set. val=FRACTION moves a seeded random FRACTION of the training images to x_val, y_val (the rest stay in x_train, shuffled).
            """,
        "command.limit.summary": "show or set the most memory one command may use",
        "command.limit.help": "A command that would need more memory than the limit (half of this machine's by default) is refused with the size it would need, instead of being killed by the system. SIZE is bytes with an optional unit (K, M, G, T, with or without B: 512MB, 4GB, 2G, 1.4TB), as the refusals print it.",
        "command.net.summary": "start an empty network, or one of the course's and the famous ones",
        "command.net.help": """
            net new starts an empty sequential network for samples of shape input= (by default the shape of one x_train image, or 1x28x28). Add layers with 'add'.
            net PRESET builds a known network for its input (lenet, simpleconvnet and fc take x_train's shape when loaded; input= chooses another) with classes= outputs (by default the preset's):
            {0}
            lenet also sets its training recipe, 'optimizer adam lr=0.003 schedule=cosine', with which 'train epochs=5' reaches 99% on MNIST; choose another optimizer after it to change that.
            A network is a blueprint until something needs its weights: 'shapes' shows any size at once, and the weights are drawn (each layer from a seed given when it was added, so always the same values) and kept at the first forward, train, step or load weights, if they fit the memory limit ('limit memory='); save weights, show of a weight, accuracy, predict and gradcheck draw the same values without keeping them.
            A new network replaces the old one and restarts the optimizer's state. With no argument, prints the network as 'shapes' does.
            """,
        "command.add.summary": "append a layer to the network, checking its shape",
        "command.add.help": """
            Appends a layer and checks it against the output of the layer before it.
            conv2d: M filters of C×KH×KW. Output (M, OH, OW) with OH = (H + 2P − KH)/S + 1; parameters M·C·KH·KW + M.
            maxpool, avgpool: KH×KW windows, stride S (default: the window's size on each axis), padding P < window on each axis. Output (C, OH, OW) by the same formula; no parameters.
            {0}
            conv1d, maxpool1d: the same along a sequence C×L (start with 'net new input=CxL'), one axis: conv1d's M filters of C×K give (M, L_out) with L_out = (L + 2P − K)/S + 1, parameters M·C·K + M; maxpool1d's windows of K (stride K unless given, P < K) give (C, L_out). They run as conv2d and maxpool over a one-row image C×1×L with a 1×K window.
            For conv2d and the pools, a stride that does not divide H + 2P − KH (or W + 2P − KW) floors the output and leaves the last rows or columns uncovered; add warns as 'outsize' does.
            fc: y = x·W + b with W of shape in×N; parameters in·N + N. Needs a flat input: add flatten first.
            relu max(0, x); tanh; sigmoid 1/(1 + e^−x); softmax e^x_i / Σ_j e^x_j (with cross-entropy in backward and train).
            dropout P (0 ≤ P < 1): in training y = x·m/(1 − P) with each m drawn 1 with probability 1 − P, else 0 (a new mask every forward, from the workspace seed); dx = dA·m/(1 − P). In evaluation (accuracy, predict, validation, forward mode=eval) y = x: dividing by 1 − P in training keeps the expected value the same.
            batchnorm: per channel of C×H×W (over the batch and the positions) or per feature of a vector, μ and σ² of the batch, y = γ·(x − μ)/√(σ² + ε) + β, with γ (ones) and β (zeros) learned, 2·C parameters. Training also updates running_mean and running_var: running = (1 − M)·running + M·batch (momentum M, 0.1 by default; running_var takes the unbiased variance), which evaluation uses in place of the batch's. eps E is ε, 1e-5 by default. Backward: dβ = Σ dA, dγ = Σ dA·x̂, dx = (γ/(m·√(σ² + ε)))·(m·dA − Σ dA − x̂·Σ dA·x̂) over the channel's m values.
            leakyrelu a: x if x > 0, else a·x (a = 0.01 by default); dx = dA, or a·dA where x ≤ 0.
            init: gauss:σ draws the weights and the biases from N(0, σ²), as the course's SimpleInitializer does; xavier σ = √(1/fan_in) and he σ = √(2/fan_in) (the default) draw the weights and start the biases at 0. name= overrides the layer's name (conv1, relu1, pool1, fc1...).
            """,
        "command.optimizer.summary": "choose how step updates the weights",
        "command.optimizer.help": """
            {0}
            adam:     m ← β1·m + (1 − β1)·dW;  v ← β2·v + (1 − β2)·dW²;  m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ) at step t;  W ← W − lr·m̂/(√v̂ + eps)  (lr 0.001, beta1 0.9, beta2 0.999, eps 1e-8). The default; the paper's and PyTorch's form.
                      The course's common/optimizer.py writes lr_t = lr·√(1 − β2ᵗ)/(1 − β1ᵗ), W ← W − lr_t·m/(√v + 1e-7): its ε sits beside the uncorrected √v, in effect ε/√(1 − β2ᵗ) beside √v̂ (32·ε at step 1), so a weight whose gradients are near ε moves less there.
            schedule=cosine anneals the learning rate over each 'train' run: batch t of T uses lr·½(1 + cos(π·t/T)), from lr down towards 0 (schedule=constant, the default, keeps lr).
            Choosing an optimizer restarts its state. With no argument, prints the current one.
            """,
        "command.shapes.summary": "the network layer by layer: shapes, parameters, receptive fields and multiply-adds",
        "command.shapes.help": """
            Like Keras' summary(): each layer with its output shape per sample and its parameter count written out (conv: M·C·KH·KW + M, fc: in·out + out), then the total.
            A second table says how far each layer sees and what it costs. rf, the receptive field, is how many input pixels one output value depends on along each axis; jump is how many input pixels apart the fields of neighbouring values start. The input has r = 1, j = 1, and a K×K window of stride S gives
                r_out = r_in + (K − 1)·j_in,   j_out = j_in·S
            (padding shifts a field, it does not widen it). relu, leakyrelu, tanh, sigmoid, dropout, batchnorm and flatten act on each value alone and keep the field; fc mixes every value, and softmax divides each by Σ_j e^x_j over them all, so from either on each value sees the whole input: rf all. LeNet's conv1 sees 5, pool1 6, conv2 14, pool2 16 (jump 4); three stacked 3×3 convolutions see 7, like one 7×7.
            memory is what one sample's output of the layer takes as float32 (4 bytes a value): forward keeps every layer's, and training keeps as much again for their gradients, times the batch size. The first table's totals say it in readable units, with the weights' size; a network is a blueprint until its weights are first needed, and 'shapes' never draws them.
            multiply-adds per sample, written out: conv OH·OW·M·C·KH·KW (conv1d L_out·M·C·K; each of the OH·OW·M outputs is a sum of C·KH·KW products), fc in·out, batchnorm one per value (C·H·W, or F: each x̂ is multiplied by γ and β added). Pools, activations, dropout, flatten and softmax multiply by no weights and count 0, as do bias additions.
            """,
        "command.outsize.summary": "the output-size and parameter-count calculator, with its arithmetic",
        "command.outsize.help": """
            The course's output-size formula for a convolution or pooling window, per axis:
                O = (N + 2P − F)/S + 1
            INPUT is N, HxW or HxWxC (channels last, as the course's problems write volumes: 144x144x3). KERNEL is F, FxF, or FxFxM where M is the number of filters (3x3x6: six 3×3 filters); filters=M says the same.
            {0}
            With filters, prints the output volume O_h×O_w×M and the parameter count (F·F·C + 1)·M: one weight per filter value and one bias per filter.
            When S does not divide N + 2P − F the windows do not tile the input: every framework floors the division and the last (N + 2P − F) mod S rows or columns of the padded input are never covered, so the answer is the floor. When more than the P of padding at the end is left over, values of the input itself are dropped, and a warning says how many ('add' warns the same way); padding alone left over loses nothing.
            Last, the receptive field of one output value: r = 1 + (F − 1)·1 = F input values per side, and neighbouring outputs' fields start j = S apart. 'shapes' folds the same recurrence, r_out = r_in + (F − 1)·j_in and j_out = j_in·S, through a whole network.
            """,
        "command.im2col.summary": "unfold image patches into the rows of a matrix, as Conv2d does",
        "command.im2col.help": """
            For an input N×C×H×W and KH×KW windows, builds the matrix of shape (N·OH·OW)×(C·KH·KW): one row per output position (image by image, row by row), holding the C·KH·KW input values under that window (channel by channel, then row by row), zeros where the window covers padding. A convolution is then this matrix times the filters reshaped to M×(C·KH·KW), transposed.
            {0}
            Prints the matrix when it is small, else its shape and statistics; keeps it as 'cols' (or as=NAME).
            The course's example: tensor x 2x1x4x4, then im2col x 2x2.
            """,
        "command.col2im.summary": "fold a column matrix back onto images, adding where windows overlap",
        "command.col2im.help": """
            The way back from im2col, with its arguments and the image shape C×H×W: TENSOR is a (N·OH·OW)×(C·KH·KW) matrix such as 'im2col' makes from N images C×H×W, and each of its values is added onto the pixel it was copied from:
                image[n, c, h, w] = Σ cols[n·OH·OW + oh·OW + ow, (c·KH + i)·KW + j]  over every window (oh, ow) and offset (i, j) with h = oh·S + i − P, w = ow·S + j − P
            Values that lay in the padding are dropped. A pixel under several windows receives one value from each, so col2im does not undo im2col: col2im(im2col(x)) = x ⊙ counts, where counts[h, w] is the number of windows covering pixel (h, w). That sum is what a convolution's backward pass needs: dx = col2im(dcols), each pixel collecting the gradient of every window it took part in.
            {0}
            Prints the images (as values when small, else as pictures) and the counts grid; keeps them as 'image' (or as=NAME) and 'counts' (H×W).
            The course's example: tensor x 2x1x4x4, im2col x 3x3, then col2im cols 1x4x4 3x3.
            """,
        "command.forward.summary": "run the network on X, keeping every layer's output",
        "command.forward.help": """
            Runs X (N samples of the network's input shape, or one sample) through every layer in order and prints each output's shape. The outputs stay in the workspace as LAYER.out (conv1.out, pool1.out...), ready for 'show' and for 'backward'.
            Over more than 1,000 samples (all of x_train, say) it runs in chunks of 500 so memory stays bounded, and keeps only the last layer's output; forward a slice to keep every layer's output and backpropagate.
            Each layer computes y = f(x) as its help says; the network is their composition y = f_L(...f_2(f_1(x))).
            mode=train (the default) is the pass training makes: dropout draws a new mask and drops values, batchnorm normalises with the batch's own mean and variance and updates its running statistics; 'backward' can follow it. mode=eval is the pass accuracy, predict, mistakes, confusion and validation make: dropout passes x on unchanged, batchnorm uses its running statistics, nothing changes and nothing is kept for backward. The two agree for networks without dropout and batchnorm. Passes over more than 1,000 samples run in chunks, always in eval mode (mode=train is refused for them).
            """,
        "command.backward.summary": "backpropagate from the last forward: loss and every gradient",
        "command.backward.help": """
            With labels Y (class indices, or one-hot rows) for the samples of the last 'forward': the loss is softmax cross-entropy of the class scores,
                L = −(1/N) Σ_n log softmax(z_n)[t_n],  dL/dz = (softmax(z) − onehot(t))/N,
            where z is the output before a final softmax layer (the loss folds softmax in, for stability). The gradient then flows back layer by layer by the chain rule, dL/dx = dL/dy · dy/dx, and each layer keeps dL/dW and dL/db as LAYER.dW and LAYER.db.
            With dA=NAME, backpropagates a gradient you made yourself (with 'tensor', say) from the last layer's output, as the course's exercises do: NAME must have the last output's shape.
            Without either, backpropagates a gradient of ones from the last output (the course does this to check that every gradient has the shape of what it differentiates).
            Prints the loss and the norm ‖dW‖ of every parameter gradient. The gradient reaching each layer's input is kept as LAYER.dx (conv1.dx, relu1.dx, pool1.dx...; a final softmax's is the loss's (y − t)/N), and the first layer's also as dx; 'explain' traces any of them.
            """,
        "command.explain.summary": "trace one value to the course's formula, with the numbers",
        "command.explain.help": """
            Takes one element of a layer's output (LAYER.out, after 'forward'), of a
            gradient (LAYER.dx, LAYER.dW, LAYER.db, after 'backward') or the loss, and
            prints the course's formula, the same formula with the element's indices,
            every term with its numbers (for a long sum, each window as a grid: the input
            patch beside the filter slice, their products and sum; or the largest terms
            first and what the rest add up to), the result recomputed in Double from the
            stored inputs, and whether it equals the stored value. Give every index
            (negative ones count from the end): explain conv1.out[0][2][10][12],
            explain loss, explain loss[3].
            S is the stride, P the padding, dA the gradient at the layer's output (the
            next layer's dx, or what backward started from), N the batch:
            {0}
            Values that agree to float32 rounding are marked ✓; a difference means the
            weights changed after the forward or backward that made the value.
            """,
        "command.step.summary": "one optimizer update from the last backward",
        "command.step.help": "Applies the optimizer (see 'help optimizer') once to every parameter, using the gradients the last 'backward' kept: for sgd, W ← W − lr·dW. Prints the optimizer's step count (choosing an optimizer, or changing the layers, starts it again at 1, and the first step after 'optimizer' says so), the optimizer, and how far the weights moved, ‖ΔW‖ over all parameters.",
        "command.train.summary": "mini-batch training with a line per epoch",
        "command.train.help": """
            Each epoch shuffles x (x_train by default) with the session's seed and cuts it into batches of B (64): for each batch, forward, softmax cross-entropy loss, backward, and one optimizer step (see 'help optimizer'). After each epoch, prints the mean loss, in brackets the loss on the validation set (mean cross-entropy in evaluation mode), the accuracy on the batches as they were seen, and the accuracy on the validation set (x_val and y_val when they exist; val=x_test uses x_test and y_test; val=none skips it).
            Epochs are counted over the network's whole training: a second train goes on where the first stopped ('run 2: epochs 4–6'), an epoch cut short counts, and 'plot' and 'history' mark each run. A new network (net, add) starts again from run 1, epoch 1.
            The learning rate follows the optimizer's schedule (see 'help optimizer'): net lenet's recipe anneals it by cosine over the run. With a constant schedule, decay=F multiplies it by F after each epoch (1, no change, by default).
            batches=K stops after K batches in all. Ctrl-C stops at the next batch boundary and keeps the weights trained so far; the session records how many batches ran, so a replay ends in the same place.
            {0}
            """,
        "command.accuracy.summary": "the fraction of X the network classifies right",
        "command.accuracy.help": "accuracy = (number of samples whose highest class score is the true label) / N. X and Y default to x_test and y_test; with X alone, Y is X's name with x replaced by y (x_val → y_val). Runs in chunks, so any number of samples fits in memory; Ctrl-C stops it between chunks. {0}",
        "command.predict.summary": "the network's class for each sample, beside its label",
        "command.predict.help": "Prints, for each sample of X (the first 20 when there are more), the predicted class (the highest score), its softmax probability and, when labels are known (Y, or X's name with x replaced by y), the true label. Keeps every prediction as 'predictions'. {0}",
        "command.gradcheck.summary": "check the network's gradients against finite differences",
        "command.gradcheck.help": """
            Compares each parameter's gradient g from backward with a numeric derivative n at K entries (10 by default) of each parameter of LAYER (every layer by default): entries whose g is not 0, spread over the tensor, then zero ones only if fewer than K are non-zero ('zero' counts those checked).
            The loss is L = Σ y⊙R, the network's output y against a fixed random R, so every layer's backward is exercised, softmax included. For n, L is re-evaluated in double precision from the same weights, so float32 rounding (about 1e-7 of each value) neither fakes nor hides a difference, and central differences D(s) = (L(w + s) − L(w − s))/2s with h = 1e-3·max(1, |w|) are extrapolated: n = (4·D(h/2) − D(h))/3 (Richardson: D's h² errors cancel).
            Where a ReLU or a max pool switches within the step, the side that does not switch is used, n = 2·S(h/2) − S(h) with S(s) = (L(w ± s) − L(w))/±s, or steps 10, 100 and 1000 times smaller; an entry that switches on both sides at every step is left out ('at kinks').
            The error printed is max|g − n| / max(|g|, |n|), both maxima over the entries checked (kinks left out); below 1e-3 is marked ok (float32 backward passes are good to about 1e-5). A row whose compared gradients are all 0, g and n alike (or below a millionth of the largest in the check: float32 rounding, as for a bias that a batchnorm subtracts again), compares nothing and is marked 'all zero', not ok. x (at most 64 samples) defaults to x_train[0:2], or two random inputs when no data is loaded; 16 of them with a batchnorm, whose backward over 2 samples cancels most of float32's digits. The workspace is not changed. Ctrl-C stops the check between entries.
            """,
        "command.confusion.summary": "the confusion matrix with each class's accuracy",
        "command.confusion.help": "Counts, for every true class (rows) and predicted class (columns), how many samples of X (x_test by default; Y as for 'accuracy') fall there; the diagonal is what the network gets right. Each row ends with that class's accuracy (its diagonal over its row's total). Keeps the counts as 'confusion'. With more than {0} classes the table would not fit a screen: only the accuracy is printed, and 'show confusion[0:5]' prints rows.",
        "command.mistakes.summary": "draw the images the network gets wrong, most confident first",
        "command.mistakes.help": "Draws N (16 by default) of the samples of x (x_test by default; labels y, or x's name with x replaced by y) that the network misclassifies, the most confident mistakes first: each captioned with its index, the predicted class with its softmax probability and the true class. true=D keeps the samples of class D, predicted=D those taken for D (true=4 predicted=9: the 4s read as 9s). Keeps the indices of every mistake that passes the filters, drawn or not, in that order, as 'mistaken'.",
        "command.plot.summary": "chart the training so far: loss or accuracy per epoch",
        "command.plot.help": """
            plot loss draws each epoch's mean training loss (*), the validation loss after it (o, when train validated) and every batch's loss (dots) against epochs. The y axis is sized to the epoch losses, so the first batches' high losses do not flatten the curve: dots beyond it are left out. log draws the y axis logarithmic, for losses that fall by orders of magnitude. plot accuracy draws the accuracy on the training batches (*) and on the validation set (o) after each epoch.
            Epochs are counted over the network's whole training; a dotted line and 'run N' under the axis mark where each later train run began. A new network starts the curves again. The chart fits the terminal's width and height.
            png=FILE also writes the chart as a 640×360 greyscale PNG, with tick labels, the run lines and a legend.
            """,
        "command.save.summary": "write the session (script or notebook), a tensor (.npy, .png), the weights (.npz) or the whole workspace",
        "command.save.help": """
            save session writes a plain-text script: a comment header (tool version and date), the seed the session started with (unless its first command set one; 'seed 0 --quiet', which prints nothing), then every command that succeeded, in order. Failed commands and the session commands themselves (save, replay, history, help) are left out. 'replay FILE' or 'cnnsh FILE' rebuilds the same workspace and prints the same output.
            save notebook FILE.ipynb writes a Jupyter notebook (nbformat 4.5, for Jupyter, VS Code or GitHub): the comments of a replayed script as text cells, then each command as a numbered code cell with what it printed and its pictures and charts as PNG images. save notebook FILE.md writes the same commands as Markdown, each in a code block followed by what it printed (pictures as ASCII), readable on any Git host.
            save NAME FILE.npy writes a tensor in NumPy's format (float32, C order): numpy.load(FILE) gives it back exactly. save weights FILE.npz writes every parameter of the network, keyed LAYER.W and LAYER.b (a batchnorm's LAYER.gamma, LAYER.beta and its running statistics LAYER.running_mean, LAYER.running_var), with the course's shapes (a convolution's W as filters×channels×kh×kw): numpy.load(FILE)['conv1.W'].
            save png writes a tensor as a greyscale PNG: an image, or a grid of images, filters or feature maps as 'show' draws them (signed values with mid-grey at 0), each pixel K×K (scale=K; by default about 84 pixels per tile).
            save workspace FILE writes everything, to resume tomorrow with 'load workspace FILE' (see 'help load').
            Every file is written under a temporary name and renamed, so an old file is never left half-overwritten.
            """,
        "command.replay.summary": "run a saved session or script, showing each command",
        "command.replay.help": "Runs every command of FILE in order, printing each before its output. Lines starting with # are comments. The first error stops the replay and undoes all of it, reporting FILE:LINE; the workspace is then as it was before. Ctrl-C stops it after the current command (training stops at the next batch) and keeps what ran. from=LINE starts at line LINE of the file, to go on where a replay stopped. --step is demo mode for a class: the script's comments are shown as narration, set off from the output, and it waits before each command: Enter runs it, q stops there, and Ctrl-C stops at once without running it; both say how to go on (replay FILE from=LINE --step).",
        "command.history.summary": "the commands that succeeded this session",
        "command.history.help": "Lists, numbered, the commands 'save session' would write: every command that succeeded, in order. Each train is followed by a comment with its run and the epochs it trained ('# run 2: epochs 4–6'), as plot numbers them. (Arrow keys at the prompt recall every line typed, kept between runs in ~/.cnnsh_history.)",
        "command.undo.summary": "put the workspace back as it was before the last N changes",
        "command.undo.help": """
            Restores the workspace as it was before the last N commands that changed it (1 by default): tensors, the network and its weights, the optimizer and its state, the seed's position, the training history, and the memory limit ('limit memory=' lives outside the workspace but goes back with it, as after a failed replay). Commands that only look (vars, show, accuracy, shapes...) are no steps: undo goes past them, and the log loses them with the command they followed.
            The log goes back too, so 'save session' and 'history' no longer hold the undone commands and a replay rebuilds the same workspace; undo itself is never recorded. A 'load workspace' is a step like any other; each command a 'replay' ran is a step of its own.
            The shell keeps the last {0} steps, and drops the oldest once they hold more than {1} of values the current workspace no longer shares (a step after 'add' costs almost nothing; after 'train', the weights and optimizer state it replaced; after 'load mnist', the data it replaced). There is no redo.
            """,
        "command.bench.summary": "measure speed and memory: name=value lines",
        "command.bench.help": """
            Measures, on this machine, with the bundled MNIST and the course's LeNet with its recipe (seed 1, Adam lr 0.003 annealed by cosine, batch B, 64 by default):
            first the machine: cpu_model, isa (the vector instructions the kernels were compiled for: avx512, avx2, neon), build (native, or portable when built with CNNSH_PORTABLE=1), threads, batch, and peak_gflops (fused multiply-adds on T threads at once, nothing else: what no kernel can beat); then load_s (reading and decoding all 70,000 images), epoch_s and train_images_per_s (E epochs, 1 by default, over the first N training images, all by default), epoch_gflops (the training's multiply-adds, 2 FLOP each, per second: LeNet costs 1.52 MFLOP per image) and fraction_of_peak (epoch_gflops / peak_gflops), test_accuracy, test_images_per_s (inference on the 10,000 test images, the median of 5 passes), per-layer forward and backward milliseconds for one batch of B (backward as in training: conv1 computes no dx) (the median of R runs, 20 by default), and peak_rss_mb. Then the same LeNet with batchnorm after each convolution, from the same seed: its per-layer times (bn1, bn2 among them) and batchnorm_epoch_s, batchnorm_train_images_per_s, batchnorm_epoch_gflops, batchnorm_fraction_of_peak, batchnorm_test_accuracy and batchnorm_test_images_per_s, to set beside plain LeNet's (batchnorm costs a few operations per value of conv1's and conv2's outputs). threads=T sets how many threads training and inference use (results are the same for any T). Prints one name=value per line, for scripts to read. The workspace is not touched.
            """,
        "command.quit.summary": "leave cnnsh (also exit, or Ctrl-D)",
        "command.quit.help": "Leaves the shell. The workspace is not saved: 'save session FILE' first to keep a replayable script.",
    ]
}
