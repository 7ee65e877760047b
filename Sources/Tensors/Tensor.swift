/// A dense Float32 tensor stored contiguously in row-major order.
///
/// Images are NCHW: `[batch, channels, height, width]`. Value semantics: the storage is a Swift
/// array, so copies share memory until one of them is written (that makes `reshaped` free and lets
/// the shell keep cheap snapshots of a workspace).
public struct Tensor: Equatable, Sendable {
    public private(set) var shape: [Int]
    public private(set) var scalars: [Float]

    /// A tensor of `shape` filled with `value`.
    public init(shape: [Int], repeating value: Float = 0) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        self.shape = shape
        self.scalars = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// A tensor of `shape` over `scalars`; their count must be the product of the shape.
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        precondition(shape.reduce(1, *) == scalars.count, "\(scalars.count) values do not fill shape \(shape)")
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor of `shape` whose values `initialize` writes, every one of them; skips the zero fill
    /// that large per-batch outputs would otherwise pay for.
    public init(shape: [Int], unsafeUninitialized initialize: (UnsafeMutableBufferPointer<Float>) -> Void) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        let count = shape.reduce(1, *)
        self.shape = shape
        self.scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialize(buffer)
            initialized = count
        }
    }

    /// A rank-1 tensor.
    public init(_ scalars: [Float]) {
        self.init(shape: [scalars.count], scalars: scalars)
    }

    public var count: Int { scalars.count }
    public var rank: Int { shape.count }

    /// Bytes of Float32 storage.
    public var byteCount: Int { count * MemoryLayout<Float>.stride }

    /// The shape written as the course writes it: `60000×1×28×28`.
    public var shapeDescription: String { Tensor.describe(shape) }

    public static func describe(_ shape: [Int]) -> String {
        guard let first = shape.first else { return "scalar" }
        var text = String(first)  // appended side by side: the fingerprint a test takes before every command describes every shape
        for side in shape.dropFirst() { text += "×" + String(side) }
        return text
    }

    /// The product of `factors` (a shape's value count, a layer's multiply-adds), or nil when it
    /// does not fit in an Int.
    public static func checkedProduct(_ factors: [Int]) -> Int? {
        var result = 1
        for f in factors {
            let (next, overflow) = result.multipliedReportingOverflow(by: f)
            if overflow { return nil }
            result = next
        }
        return result
    }

    // MARK: Element access

    /// Flat offset of a full index; nil when the index has the wrong rank or is out of range.
    public func offset(of index: [Int]) -> Int? {
        guard index.count == shape.count else { return nil }
        var offset = 0
        for (axis, i) in index.enumerated() {
            guard i >= 0, i < shape[axis] else { return nil }
            offset = offset * shape[axis] + i
        }
        return offset
    }

    public subscript(index: Int...) -> Float {
        get {
            guard let offset = offset(of: index) else { preconditionFailure("index \(index) outside \(shape)") }
            return scalars[offset]
        }
        set {
            guard let offset = offset(of: index) else { preconditionFailure("index \(index) outside \(shape)") }
            scalars[offset] = newValue
        }
    }

    public subscript(flat offset: Int) -> Float {
        get { scalars[offset] }
        set { scalars[offset] = newValue }
    }

    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeBufferPointer(body)
    }

    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        try scalars.withUnsafeMutableBufferPointer { try body($0) }
    }

    // MARK: Views and slices

    /// The same values under another shape, without copying. `-1` stands for the one dimension to infer.
    public func reshaped(_ newShape: [Int]) throws(TensorError) -> Tensor {
        var resolved = newShape
        let unknown = newShape.indices.filter { newShape[$0] == -1 }
        guard unknown.count <= 1, newShape.allSatisfy({ $0 >= 0 || $0 == -1 }) else {
            throw .badShape(newShape, reason: "dimensions must be ≥ 0, with at most one -1 to infer")
        }
        if let axis = unknown.first {
            let known = newShape.filter { $0 != -1 }.reduce(1, *)
            guard known > 0, count % known == 0 else { throw .reshape(from: shape, to: newShape) }
            resolved[axis] = count / known
        }
        guard resolved.reduce(1, *) == count else { throw .reshape(from: shape, to: newShape) }
        var view = self
        view.shape = resolved
        return view
    }

    /// Rows `range` of the first axis (`x_train[0:4]`).
    public func slice(_ range: Range<Int>) throws(TensorError) -> Tensor {
        guard let first = shape.first else { throw .notSliceable(shape) }
        guard range.lowerBound >= 0, range.upperBound <= first else {
            throw .sliceOutOfRange(range, length: first)
        }
        let rowSize = first == 0 ? 0 : count / first
        let values = Array(scalars[(range.lowerBound * rowSize)..<(range.upperBound * rowSize)])
        return Tensor(shape: [range.count] + shape.dropFirst(), scalars: values)
    }

    /// Row `i` of the first axis, with that axis removed (`x_train[7]` is 1×28×28).
    public func row(_ i: Int) throws(TensorError) -> Tensor {
        guard let first = shape.first else { throw .notSliceable(shape) }
        guard i >= 0, i < first else { throw .indexOutOfRange(i, length: first) }
        let one = try slice(i..<(i + 1))
        return Tensor(shape: Array(shape.dropFirst()), scalars: one.scalars)
    }

    /// The rows at `indices` of the first axis, in that order (a shuffled mini-batch). Inlinable so
    /// that it is specialized for the caller's collection: generic iteration cost more than the copy.
    @inlinable
    public func gatherRows(_ indices: some Collection<Int>) -> Tensor {
        precondition(!shape.isEmpty, "gatherRows of a scalar")
        let rowSize = shape[0] == 0 ? 0 : count / shape[0]
        var out = [Float](repeating: 0, count: indices.count * rowSize)
        scalars.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for (k, i) in indices.enumerated() {
                    precondition(i >= 0 && i < shape[0], "row \(i) outside \(shape[0])")
                    let from = src.baseAddress! + i * rowSize
                    (dst.baseAddress! + k * rowSize).update(from: from, count: rowSize)
                }
            }
        }
        return Tensor(shape: [indices.count] + shape.dropFirst(), scalars: out)
    }

    /// Rows of several tensors with equal trailing shape, stacked along the first axis.
    public static func concatenateRows(_ parts: [Tensor]) -> Tensor {
        precondition(!parts.isEmpty, "nothing to concatenate")
        let tail = Array(parts[0].shape.dropFirst())
        precondition(parts.allSatisfy { Array($0.shape.dropFirst()) == tail }, "trailing shapes differ")
        return Tensor(shape: [parts.map { $0.shape[0] }.reduce(0, +)] + tail, scalars: parts.flatMap(\.scalars))
    }

    // MARK: Element-wise helpers

    /// A tensor of the same shape with `transform` applied to every value.
    public func map(_ transform: (Float) -> Float) -> Tensor {
        Tensor(shape: shape, scalars: scalars.map(transform))
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String { "Tensor(\(shapeDescription))" }
}
