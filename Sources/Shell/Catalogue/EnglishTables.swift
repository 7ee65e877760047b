extension EnglishText {
    static let tables: [String: String] = [
        :
    ]
}
