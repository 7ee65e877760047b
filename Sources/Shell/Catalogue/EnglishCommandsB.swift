extension EnglishText {
    static let commandsB: [String: String] = [
        :
    ]
}
