extension JapaneseText {
    static let course: [String: String] = [
        :
    ]
}
