extension EnglishText {
    static let help: [String: String] = [
        :
    ]
}
