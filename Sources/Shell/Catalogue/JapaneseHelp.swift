extension JapaneseText {
    static let help: [String: String] = [
        :
    ]
}
