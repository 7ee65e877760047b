import Tensors

/// Class indices (shape N) as one-hot rows (N×classes); nil if a label is not a whole number in 0..<classes.
public func oneHot(_ labels: Tensor, classes: Int = 10) -> Tensor? {
    var out = Tensor(shape: [labels.count, classes])
    for (r, label) in labels.scalars.enumerated() {
        guard label == label.rounded(), label >= 0, Int(label) < classes else { return nil }
        out[flat: r * classes + Int(label)] = 1
    }
    return out
}

/// A seeded split of images and labels into training and validation parts: a random `fraction`
/// of the rows (rounded down) goes to validation, the rest to training, each in the shuffled order.
public func trainValidationSplit(
    images: Tensor, labels: Tensor, validationFraction fraction: Double, using rng: inout RandomGenerator
) -> (trainImages: Tensor, trainLabels: Tensor, validationImages: Tensor, validationLabels: Tensor) {
    precondition(fraction >= 0 && fraction < 1, "validation fraction in [0, 1)")
    precondition(images.shape.first == labels.shape.first, "as many labels as images")
    let order = rng.permutation(images.shape[0])
    let cut = Int(Double(order.count) * fraction)
    let validation = order[..<cut], train = order[cut...]
    return (images.gatherRows(train), labels.gatherRows(train), images.gatherRows(validation), labels.gatherRows(validation))
}
