extension JapaneseText {
    static let commandsB: [String: String] = [
        :
    ]
}
