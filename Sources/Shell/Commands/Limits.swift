let limitCommand = Command(
    name: "limit", usage: "limit [memory=SIZE]",
    options: ["memory": .number],
    action: .workspace { _, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 0)
        if let text = args.string("memory") {
            let units: [(String, Double)] = [("PB", 1e15), ("P", 1e15), ("TB", 1e12), ("T", 1e12), ("GB", 1e9), ("G", 1e9),
                                             ("MB", 1e6), ("M", 1e6), ("KB", 1e3), ("K", 1e3), ("B", 1)]
            let unit = units.first { text.uppercased().hasSuffix($0.0) }
            let digits = text.dropLast(unit?.0.count ?? 0)
            // Decimal only: Double("0x10") would read hexadecimal.
            let number = digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) ? Double(digits) : nil
            guard let number, number.isFinite, number > 0, number * (unit?.1 ?? 1) >= 1e6, number * (unit?.1 ?? 1) <= 1e15 else {
                throw ShellError(tr("limit.not-size", text), expected: tr("limit.not-size.expected"))
            }
            MemoryGuard.limit = Int(number * (unit?.1 ?? 1))
        }
        out.line(tr("limit.now", Format.bytes(MemoryGuard.limit)))
    })
