extension EnglishText {
    static let shell: [String: String] = [
        "error.at": "{0}:{1}: error: {2}",
        "error.prompt": "error: {0}",
        "error.command": "{0}: ",
        "error.expected": "; expected {0}",
        "error.hint": " (hint: {0})",
        "error.unknown-command": "unknown command '{0}'",
        "error.unknown-command.suggest": "unknown command '{0}' — did you mean '{1}'?",
        "error.unknown-command.hint": "'help' lists the commands",
        "lang.now": "messages in {0} ({1}); 'lang en' or 'lang ja' switches",
        "lang.unknown": "no catalogue for '{0}'",
        "lang.expected": "en (English) or ja (日本語)",
    ]
}
