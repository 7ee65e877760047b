extension EnglishText {
    static let commandsA: [String: String] = [
        :
    ]
}
