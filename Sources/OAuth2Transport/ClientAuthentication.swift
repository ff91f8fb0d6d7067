import Foundation

/// How a client proves itself to the authorization server's endpoints (RFC 6749 §2.3.1),
/// for the token endpoint, introspection and the revocation feed alike. The secret never
/// appears in a description.
public struct ClientAuthentication: Sendable, CustomStringConvertible {
    public enum Method: String, Sendable {
        /// HTTP Basic with the form-encoded id and secret (§2.3.1), the method every server supports.
        case clientSecretBasic = "client_secret_basic"
        /// `client_id` and `client_secret` in the form body.
        case clientSecretPost = "client_secret_post"
    }

    public let clientID: String
    let secret: String
    public let method: Method

    public init(clientID: String, secret: String, method: Method = .clientSecretBasic) {
        self.clientID = clientID
        self.secret = secret
        self.method = method
    }

    public var description: String { "client \(clientID) (\(method.rawValue))" }

    /// Adds the credentials to a form request: its Authorization header, or its form.
    func apply(to form: inout [(String, String)], headers: inout [(String, String)]) {
        switch method {
        case .clientSecretBasic:
            let pair = FormEncoding.encode(clientID) + ":" + FormEncoding.encode(secret)
            headers.append(("Authorization", "Basic " + Data(pair.utf8).base64EncodedString()))
        case .clientSecretPost:
            form.append(("client_id", clientID))
            form.append(("client_secret", secret))
        }
    }
}
