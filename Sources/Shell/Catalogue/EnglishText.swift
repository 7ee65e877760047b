/// The English catalogue: its parts, one per area of the shell (see `Catalogue`).
enum EnglishText {
    static let parts = [shell, help, commandsA, commandsB, explain, tables, course]
}
