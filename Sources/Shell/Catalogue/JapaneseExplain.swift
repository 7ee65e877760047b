extension JapaneseText {
    static let explain: [String: String] = [
        :
    ]
}
