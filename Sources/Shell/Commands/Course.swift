/// `course` maps the course's problems to the commands and scripts that do them (`CourseMap`). It
/// only looks: the workspace stays as it was, so it is no step to undo, and like `help` it is no
/// part of a saved session.
let courseCommand = Command(
    name: "course", usage: "course [ID]",
    positionals: [.choice(CourseMap.ids)], recorded: false,
    action: .workspace { _, args, out throws(ShellError) in
        try args.expectPositionals(atMost: 1)
        guard let id = args.optionalPositional(0) else {
            out.text(courseListing(width: out.columns))
            return
        }
        guard let problem = CourseMap.problem(id) else {
            // A number is one edit from another (11 from 1): only a misspelt word gets a suggestion.
            let close = id.contains(where: \.isLetter) ? Suggestion.closest(to: id, among: CourseMap.ids).map { tr("course.unknown.suggest", $0) } : nil
            throw ShellError(tr("course.unknown", id), expected: tr("course.unknown.expected"), hint: close ?? tr("course.unknown.hint"))
        }
        out.text(courseProblem(problem, width: out.columns))
    })

/// Every problem on a line of one table (id, title, commands, script without sessions/ and .cnn,
/// which the heading names, so that English fits 80 columns), so that the columns line up
/// across the sprints, with each sprint's name above its first problem. In a window too narrow for
/// a line per problem the table comes in bands, and the sprints' names are left out.
private func courseListing(width: Int) -> String {
    let problems = CourseMap.problems
    let rows = problems.map { [$0.id, tr("course.\($0.id).title"), $0.commands.joined(separator: tr("course.separator")),
                                      String($0.script.dropLast(".cnn".count))] }
    let table = Format.table(rows, width: width)
    var text = Format.wrap(tr("course.listing"), width: width, indent: "")
    let lines = table.split(separator: "\n")
    guard lines.count == rows.count else { return text + table }
    for (i, line) in lines.enumerated() {
        if i == 0 || problems[i - 1].sprint != problems[i].sprint {
            text += "\n" + Format.wrap(tr("course.sprint.\(problems[i].sprint.rawValue)"), width: width, indent: "")
        }
        text += line + "\n"
    }
    return text
}

/// One problem in full: its title and sprint, what the course asks, its formulas as written, the
/// commands, and the line that steps through its script.
private func courseProblem(_ problem: CourseProblem, width: Int) -> String {
    var text = Format.wrap(tr("course.heading", problem.id, tr("course.\(problem.id).title")), width: width, indent: "  ")
    text += Format.wrap(tr("course.sprint.\(problem.sprint.rawValue)"), width: width, indent: "  ")
    text += "\n" + Format.wrap(tr("course.\(problem.id).asks"), width: width, indent: "")
    text += "\n" + tr("course.formulas") + "\n" + problem.formulas.map { "    " + $0 + "\n" }.joined()
    text += Format.wrap(tr("course.commands", problem.commands.joined(separator: tr("course.separator"))), width: width, indent: "    ")
    text += Format.wrap(tr("course.replay", "replay sessions/\(problem.script) --step"), width: width, indent: "    ")
    return text
}
