import Tensors

/// The `stride=` and `pad=` options of every command that slides a window (`add conv2d`, the pools,
/// the 1-D layers, `outsize`, `im2col`, `col2im`), read in one place so that they all accept the
/// same values: one number for every axis, one per axis (`stride=1x2`, height first), or for the
/// padding `same`.
extension Parse {
    /// What `help` says about these options, for the commands that take them.
    static var windowOptionsHelp: String { tr("command.shared.window-options") }

    /// What completion offers for `pad=`.
    static let padKind = WordKind.oneOf([.number, .choice(["same"])])

    /// The window of kernel `kernel` (KH×KW) with the command's `stride=` (by default `defaultStride`,
    /// per axis) and `pad=` (by default 0); each number at most `limit`.
    static func window(kernel: (height: Int, width: Int), _ args: Arguments, defaultStride: (height: Int, width: Int) = (1, 1),
                       limit: Int = 1024) throws(ShellError) -> Window {
        let axes = try windowAxes(kernels: [kernel.height, kernel.width], args, defaultStrides: [defaultStride.height, defaultStride.width], limit: limit)
        return Window(height: axes[0], width: axes[1])
    }

    /// The one axis a 1-D layer slides along: kernel K, `stride=` (by default `defaultStride`) and `pad=`.
    static func axis(kernel: Int, _ args: Arguments, defaultStride: Int = 1, limit: Int = 1024) throws(ShellError) -> Window.Axis {
        try windowAxes(kernels: [kernel], args, defaultStrides: [defaultStride], limit: limit)[0]
    }

    /// One axis per kernel size: strides and paddings read as one value for all or one per axis.
    private static func windowAxes(kernels: [Int], _ args: Arguments, defaultStrides: [Int], limit: Int) throws(ShellError) -> [Window.Axis] {
        try ShellError.in(args.command) { () throws(ShellError) in
            let strides = try args.string("stride").map { t throws(ShellError) in try perAxis(t, key: "stride", axes: kernels.count, in: 1...limit) }
                ?? defaultStrides
            let paddings: [Int]
            switch args.string("pad") {
            case nil: paddings = kernels.map { _ in 0 }
            case "same"?: paddings = try kernels.map { k throws(ShellError) in try samePadding(kernel: k) }
            case let text?: paddings = try perAxis(text, key: "pad", axes: kernels.count, in: 0...limit)
            }
            return kernels.indices.map { Window.Axis(kernel: kernels[$0], stride: strides[$0], padding: paddings[$0]) }
        }
    }

    /// `2` → [2, 2], `2x1` → [2, 1] for two axes; a single axis takes one number only.
    static func perAxis(_ text: String, key: String, axes: Int, in range: ClosedRange<Int>) throws(ShellError) -> [Int] {
        let parts = text.split(omittingEmptySubsequences: false, whereSeparator: { "xX×".contains($0) }).map(String.init)
        guard parts.count == 1 || parts.count == axes else {
            let expected = axes == 1 ? tr("window.one-axis") : tr("window.per-axis", "\(key)=2x1")
            throw ShellError(tr("window.values", "\(key)=\(text)", parts.count), expected: expected)
        }
        var values: [Int] = []
        for part in parts { values.append(try int(part, what: parts.count == 1 ? "\(key)=" : "\(key)=\(text): ", in: range)) }
        return values.count == 1 ? Array(repeating: values[0], count: axes) : values
    }

    /// pad=same's P = (K − 1)/2: the output keeps the input's size at stride 1. An even K has no such
    /// P (the one row or column left would fall on one side only), so it is refused.
    static func samePadding(kernel k: Int) throws(ShellError) -> Int {
        guard k % 2 == 1 else {
            throw ShellError(tr("window.same-even", k, k - 1),
                             expected: tr("window.same-even.expected", k - 1, k + 1),
                             hint: tr("window.same-even.hint"))
        }
        return (k - 1) / 2
    }
}
