import ArgumentParser
import Foundation
import OAuth2Postgres
import OAuth2Store

/// Runs the command line with this tool's exit statuses: 0 success, 1 an error the
/// command met (unknown id, duplicate, unwritable store...), 2 a usage error.
@main
enum Main {
    static func main() async {
        do {
            var command = try OAuth2Command.parseAsRoot()
            // `token get` and `token verify` use the async libraries; the rest stays synchronous.
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch let error as StoreError {
            fail(error.description)
        } catch let error as PostgresStoreError {
            fail(error.description)
        } catch let error as CommandFailure {
            fail(error.message)
        } catch {
            let code = OAuth2Command.exitCode(for: error)
            if code == .success || error is ExitCode { OAuth2Command.exit(withError: error) }
            FileHandle.standardError.write(Data((OAuth2Command.fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("oauth2: \(message)\n".utf8))
        Foundation.exit(1)
    }
}

/// An error a command reports in one line, exiting 1.
struct CommandFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
