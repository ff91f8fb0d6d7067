import Foundation

/// Asks a yes/no question on a terminal; refuses outright when there is no one to ask.
enum TerminalConfirmation {
    static func require(_ question: String) throws {
        guard isatty(STDIN_FILENO) != 0 else {
            throw CommandFailure("refusing to delete without confirmation: stdin is not a terminal; pass --yes")
        }
        FileHandle.standardError.write(Data("\(question) [y/N] ".utf8))
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
        guard answer == "y" || answer == "yes" else { throw CommandFailure("cancelled; nothing was changed") }
    }
}
