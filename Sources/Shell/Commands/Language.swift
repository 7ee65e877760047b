/// `lang` shows or chooses the language of messages. It is the shell's, not the workspace's: no
/// undo step, but recorded, so a saved session replays in the language it was typed in.
let langCommand = Command(
    name: "lang", usage: "lang [en|ja]",
    positionals: [.choice(Language.allCases.map(\.rawValue))],
    action: .shell { shell, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 1)
        if let code = args.optionalPositional(0) {
            guard let language = Language(code: code) else { throw ShellError(tr("lang.unknown", code), expected: tr("lang.expected")) }
            shell.language = language
        }
        out.line(tr("lang.now", shell.language.rawValue, shell.language.name))
    })
