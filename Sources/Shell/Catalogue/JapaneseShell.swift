extension JapaneseText {
    static let shell: [String: String] = [
        "error.at": "{0}:{1}: エラー: {2}",
        "error.prompt": "エラー: {0}",
        "error.command": "{0}: ",
        "error.expected": "（期待される形: {0}）",
        "error.hint": "（ヒント: {0}）",
        "error.unknown-command": "'{0}' というコマンドはありません",
        "error.unknown-command.suggest": "'{0}' というコマンドはありません — '{1}' のことですか？",
        "error.unknown-command.hint": "'help' でコマンドの一覧が出ます",
        "lang.now": "表示言語: {1}（{0}）。'lang en' または 'lang ja' で切り替えます",
        "lang.unknown": "'{0}' のカタログはありません",
        "lang.expected": "en（English）または ja（日本語）",
    ]
}
