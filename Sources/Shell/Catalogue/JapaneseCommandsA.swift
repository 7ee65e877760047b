extension JapaneseText {
    static let commandsA: [String: String] = [
        :
    ]
}
