let langCommand = Command(
    name: "lang", usage: "lang [en|ja]", summary: "show or choose the language of messages",
    help: "Chooses the language cnnsh prints in: en (English) or ja (Japanese, with the course's own terms: 畳み込み層, 出力サイズ, 逆伝播...). Commands, option names and workspace names stay as typed, so a script runs the same in either language. The language starts as the environment's (LC_ALL, LC_MESSAGES, then LANG: ja... is Japanese) or as cnnsh --lang says; 'save session' records a 'lang' typed here, so a replay speaks the same.",
    positionals: [.choice(Language.allCases.map(\.rawValue))],
    action: .shell { shell, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 1)
        if let code = args.optionalPositional(0) {
            guard let language = Language(code: code) else { throw ShellError(tr("lang.unknown", code), expected: tr("lang.expected")) }
            shell.language = language
        }
        out.line(tr("lang.now", shell.language.rawValue, shell.language.name))
    })
