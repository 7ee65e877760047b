extension EnglishText {
    static let explain: [String: String] = [
        :
    ]
}
