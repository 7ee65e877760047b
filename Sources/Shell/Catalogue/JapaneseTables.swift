extension JapaneseText {
    static let tables: [String: String] = [
        :
    ]
}
