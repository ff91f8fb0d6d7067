import Foundation

/// Where command-line programs take a client secret from: a file (its first line) or
/// `$OAUTH2_CLIENT_SECRET`, never an argument, which any user could read in the process list.
public enum ClientSecretSource {
    public static let environmentVariable = "OAUTH2_CLIENT_SECRET"

    public static func read(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        if let file {
            guard let contents = FileManager.default.contents(atPath: file) else { throw ClientSecretSourceError.unreadable(file) }
            let secret = String(decoding: contents, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            guard !secret.isEmpty else { throw ClientSecretSourceError.empty(file) }
            return secret.trimmingCharacters(in: .whitespaces)
        }
        guard let secret = environment[environmentVariable], !secret.isEmpty else { throw ClientSecretSourceError.missing }
        return secret
    }
}

public enum ClientSecretSourceError: Error, CustomStringConvertible {
    case unreadable(String)
    case empty(String)
    case missing

    public var description: String {
        switch self {
        case let .unreadable(path): "cannot read the client secret file \(path)"
        case let .empty(path): "the client secret file \(path) is empty"
        case .missing: "no client secret: give --client-secret-file or set $\(ClientSecretSource.environmentVariable)"
        }
    }
}
