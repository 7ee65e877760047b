extension EnglishText {
    static let course: [String: String] = [
        :
    ]
}
