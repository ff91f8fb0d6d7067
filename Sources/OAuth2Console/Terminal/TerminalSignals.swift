import CNCurses
import Foundation

/// Leaves the terminal usable when the process dies of a crash signal: ncurses' raw mode
/// and alternate screen would otherwise stay behind in the admin's shell.
enum TerminalSignals {
    static let crashSignals = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]

    static func restoreOnCrash() {
        for number in crashSignals {
            signal(number) { received in
                endwin()
                // Die of the same signal, as if unhandled, so exit status and core dumps stay true.
                signal(received, SIG_DFL)
                raise(received)
            }
        }
    }
}
