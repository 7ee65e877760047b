/// The part of the course a problem belongs to; its name is the catalogue's `course.sprint.NAME`.
enum CourseSprint: String, CaseIterable, Sendable {
    /// "CNN from scratch 2": problems 1–10, ids `1`...`10`.
    case cnn
    /// The "2-4 CNN concepts" exercise: `im2col`, `simpleconvnet`.
    case concepts
    /// "DNN from scratch": problems 1–9, ids `dnn1`...`dnn9`.
    case dnn
    /// The layer classes notebook: `layers`.
    case layers
}

/// One problem of the course as `course` shows it. Its title and what the course asks are words,
/// kept in the catalogue as `course.ID.title` and `course.ID.asks`; the rest is code, the same in
/// every language.
struct CourseProblem: Sendable {
    /// What a learner types after `course`: `3`, `dnn4`, `im2col`.
    let id: String
    let sprint: CourseSprint
    /// The course's formulas, one a line, in the notation of `help` (· for products, ∂L/∂x).
    let formulas: [String]
    /// The commands that do it, as typed (`add fc init=xavier|he` for either): the first word is a
    /// command of the table (a test checks). At most 24 characters together, so that the map's
    /// lines fit 80 columns.
    let commands: [String]
    /// The script in `sessions/` that walks through it (a test checks it exists).
    let script: String
}

/// Every problem of the course's sprints, in the course's order, each with a session script.
enum CourseMap {
    static let problems: [CourseProblem] = [
        .init(id: "1", sprint: .cnn, formulas: [
            "a[i,j,m] = Σ_k Σ_s Σ_t x[i+s, j+t, k]·w[s,t,k,m] + b[m]",
            "w' = w − α·∂L/∂w,  b' = b − α·∂L/∂b",
            "∂L/∂w[s,t,k,m] = Σ_i Σ_j ∂L/∂a[i,j,m]·x[i+s, j+t, k]",
            "∂L/∂b[m] = Σ_i Σ_j ∂L/∂a[i,j,m]",
            "∂L/∂x[i,j,k] = Σ_m Σ_s Σ_t ∂L/∂a[i−s, j−t, m]·w[s,t,k,m]",
        ], commands: ["add conv2d", "backward"], script: "01-conv2d.cnn"),
        .init(id: "2", sprint: .cnn, formulas: [
            "N_h,out = (N_h,in + 2P_h − F_h)/S_h + 1",
            "N_w,out = (N_w,in + 2P_w − F_w)/S_w + 1",
        ], commands: ["outsize"], script: "02-output-size.cnn"),
        .init(id: "3", sprint: .cnn, formulas: [
            "a[i,j,k] = max_{(p,q) ∈ P_i,j} x[p,q,k]",
            "∂L/∂x[p,q,k] = ∂L/∂a[i,j,k]·[(p,q) = argmax_{P_i,j} x[·,·,k]]",
        ], commands: ["add maxpool", "backward"], script: "03-maxpool.cnn"),
        .init(id: "4", sprint: .cnn, formulas: [
            "a[i,j,k] = (1/|P_i,j|)·Σ_{(p,q) ∈ P_i,j} x[p,q,k]",
            "∂L/∂x[p,q,k] = Σ_{(i,j): (p,q) ∈ P_i,j} ∂L/∂a[i,j,k]/|P_i,j|",
        ], commands: ["add avgpool", "backward"], script: "04-avgpool.cnn"),
        .init(id: "5", sprint: .cnn, formulas: [
            "(N, C, H, W) → (N, C·H·W)",
            "∂L/∂x = reshape(∂L/∂a, (N, C, H, W))",
        ], commands: ["add flatten", "backward"], script: "05-flatten.cnn"),
        .init(id: "6", sprint: .cnn, formulas: [
            "accuracy = (1/N)·Σ_n [argmax_k y[n,k] = t_n]",
        ], commands: ["train", "accuracy"], script: "06-small-cnn.cnn"),
        .init(id: "7", sprint: .cnn, formulas: [
            "1×28×28 → conv 6@5×5 → 6×24×24 → pool 2×2 → 6×12×12 → conv 16@5×5 → 16×8×8",
            "  → pool 2×2 → 16×4×4 → flatten 256 → fc 120 → fc 84 → fc 10",
        ], commands: ["net lenet", "gradcheck"], script: "07-lenet.cnn"),
        .init(id: "8", sprint: .cnn, formulas: [
            "conv: F_h·F_w·C·M + M,  fc: n_in·n_out + n_out",
        ], commands: ["net alexnet", "net vgg16"], script: "14-famous-models.cnn"),
        .init(id: "9", sprint: .cnn, formulas: [
            "N_out = (N_in + 2P − F)/S + 1,  parameters F·F·C·M + M",
            "144×144×3, 3×3×6, S 1 → 142×142×6,  3·3·3·6 + 6 = 168",
            "60×60×24, 3×3×48, S 1 → 58×58×48,  3·3·24·48 + 48 = 10,416",
            "20×20×10, 3×3×20, S 2 → (20 − 3)/2 + 1 = 9.5 → 9×9×20,  3·3·10·20 + 20 = 1,820",
        ], commands: ["outsize"], script: "08-parameter-counts.cnn"),
        .init(id: "10", sprint: .cnn, formulas: [
            "r_out = r_in + (K − 1)·j_in,  j_out = j_in·S",
            "3×3, 3×3, 3×3: r = 3, 5, 7;  3·(3·3·C·C + C) < 7×7: 7·7·C·C + C",
        ], commands: ["shapes", "outsize"], script: "13-receptive-field.cnn"),
        .init(id: "im2col", sprint: .concepts, formulas: [
            "im2col: (N, C, H, W) → (N·OH·OW, C·FH·FW)",
            "2×1×4×4 with 3×3 windows → 8×9",
        ], commands: ["im2col", "col2im"], script: "10-im2col.cnn"),
        .init(id: "simpleconvnet", sprint: .concepts, formulas: [
            "m ← β1·m + (1 − β1)·∂L/∂W,  v ← β2·v + (1 − β2)·(∂L/∂W)²",
            "lr_t = lr·√(1 − β2ᵗ)/(1 − β1ᵗ),  W ← W − lr_t·m/(√v + 1e-7)",
        ], commands: ["net simpleconvnet", "train"], script: "19-simpleconvnet.cnn"),
        .init(id: "dnn1", sprint: .dnn, formulas: [
            "A = X·W + B",
            "∂L/∂W = Xᵀ·∂L/∂A,  ∂L/∂B = Σ_n ∂L/∂A,  ∂L/∂X = ∂L/∂A·Wᵀ",
        ], commands: ["add fc", "backward"], script: "09-fc-sprint.cnn"),
        .init(id: "dnn2", sprint: .dnn, formulas: [
            "W = σ·randn(n1, n2),  B = σ·randn(n2)",
        ], commands: ["add fc init=gauss:0.01"], script: "16-initializers.cnn"),
        .init(id: "dnn3", sprint: .dnn, formulas: [
            "W' = W − α·E(∂L/∂W),  B' = B − α·E(∂L/∂B)",
        ], commands: ["optimizer sgd", "step"], script: "17-optimizers.cnn"),
        .init(id: "dnn4", sprint: .dnn, formulas: [
            "sigmoid: a = 1/(1 + e^−x),  ∂L/∂x = ∂L/∂a·(1 − a)·a",
            "tanh: a = (e^x − e^−x)/(e^x + e^−x),  ∂L/∂x = ∂L/∂a·(1 − a²)",
            "softmax: a_k = e^x_k/Σ_j e^x_j,  L = −(1/N)·Σ_n Σ_k t[n,k]·log a[n,k],  ∂L/∂x = (a − t)/N",
        ], commands: ["add sigmoid|tanh|softmax"], script: "18-activations.cnn"),
        .init(id: "dnn5", sprint: .dnn, formulas: [
            "a = max(0, x),  ∂L/∂x = ∂L/∂a·[x > 0]",
        ], commands: ["add relu", "backward"], script: "18-activations.cnn"),
        .init(id: "dnn6", sprint: .dnn, formulas: [
            "Xavier: σ = 1/√n_in",
            "He: σ = √(2/n_in)",
        ], commands: ["add fc init=xavier|he"], script: "16-initializers.cnn"),
        .init(id: "dnn7", sprint: .dnn, formulas: [
            "H' = H + E(∂L/∂W)²",
            "W' = W − α·E(∂L/∂W)/√H'",
        ], commands: ["optimizer adagrad", "train"], script: "17-optimizers.cnn"),
        .init(id: "dnn8", sprint: .dnn, formulas: [
            "x → fc → relu → ... → fc → softmax → L",
        ], commands: ["net new", "add", "predict"], script: "09-fc-sprint.cnn"),
        .init(id: "dnn9", sprint: .dnn, formulas: [
            "784 → fc 400 → fc 200 → fc 10",
            "accuracy = (1/N)·Σ_n [argmax_k y[n,k] = t_n]",
        ], commands: ["net fc", "train", "accuracy"], script: "09-fc-sprint.cnn"),
        .init(id: "layers", sprint: .layers, formulas: [
            "E = −(1/N)·Σ_n Σ_k t[n,k]·log y[n,k]",
        ], commands: ["backward", "explain"], script: "12-explain.cnn"),
    ]

    static let ids = problems.map(\.id)

    static func problem(_ id: String) -> CourseProblem? { problems.first { $0.id == id.lowercased() } }
}
