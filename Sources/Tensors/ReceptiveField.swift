/// How far one value of a feature map looks into the network's input (受容野, the receptive field).
///
/// Per axis, a value sees `size` consecutive input pixels, and its neighbour in the feature map sees
/// the same number of pixels `jump` further on. The input itself is (1, 1). A window of kernel K and
/// stride S turns (r, j) into
///     r_out = r_in + (K − 1)·j_in,   j_out = j_in·S
/// (the K windows' first and last rows lie K − 1 input-value steps apart, each step j_in pixels).
/// Padding moves where a window starts, not how many pixels it spans, so it does not enter.
/// Layers that act on each value alone (activations, flatten) keep the field; a fully connected
/// layer mixes every value, so from it on each value sees the whole input.
public enum ReceptiveField: Equatable, Sendable {
    public struct Axis: Equatable, Sendable {
        /// r: input pixels one value sees along this axis.
        public var size: Int
        /// j: input pixels between neighbouring values along this axis.
        public var jump: Int

        public init(size: Int, jump: Int) {
            self.size = size
            self.jump = jump
        }

        /// r_out = r_in + (K − 1)·j_in, j_out = j_in·S, saturating at Int.max instead of trapping.
        public func through(_ window: Window.Axis) -> Axis {
            let (grow, o1) = (window.kernel - 1).multipliedReportingOverflow(by: jump)
            let (size, o2) = self.size.addingReportingOverflow(grow)
            let (jump, o3) = jump.multipliedReportingOverflow(by: window.stride)
            return Axis(size: o1 || o2 ? .max : size, jump: o3 ? .max : jump)
        }

        /// `r = 6 + (5 − 1)·2 = 14, j = 2·1 = 2`: the recurrence with this axis's numbers.
        public func arithmetic(through window: Window.Axis) -> String {
            let next = through(window)
            return "r = \(size) + (\(window.kernel) − 1)·\(jump) = \(next.size), j = \(jump)·\(window.stride) = \(next.jump)"
        }
    }

    /// Each value sees a `height.size`×`width.size` patch of the input; neighbours are
    /// `height.jump` rows or `width.jump` columns apart.
    case window(height: Axis, width: Axis)
    /// Each value depends on every value of the input (after a fully connected layer).
    case whole

    /// The network's input: each value sees itself.
    public static let pixel = ReceptiveField.window(height: Axis(size: 1, jump: 1), width: Axis(size: 1, jump: 1))

    /// The field after sliding `window` over values that each see `self`.
    public func through(_ window: Window) -> ReceptiveField {
        guard case let .window(h, w) = self else { return .whole }
        return .window(height: h.through(window.height), width: w.through(window.width))
    }
}
