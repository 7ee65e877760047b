/// The Japanese catalogue: its parts, one per area of the shell (see `Catalogue`).
enum JapaneseText {
    static let parts = [shell, help, commandsA, commandsB, explain, tables, course]
}
