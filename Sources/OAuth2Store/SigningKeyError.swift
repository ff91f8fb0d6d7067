/// Why a signing key record could not be read as a key.
public enum SigningKeyError: Error, CustomStringConvertible {
    case unsupportedAlgorithm(String)
    case unreadableKey

    public var description: String {
        switch self {
        case let .unsupportedAlgorithm(alg): "signing key algorithm \(alg) is not supported"
        case .unreadableKey: "a signing key in the store could not be read"
        }
    }
}
