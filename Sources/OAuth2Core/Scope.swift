/// Scope names and scope strings per RFC 6749 §3.3:
/// `scope = scope-token *( SP scope-token )`, `scope-token = 1*NQCHAR`,
/// `NQCHAR = %x21 / %x23-5B / %x5D-7E`.
public enum Scope {
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { scalar in
            let value = scalar.value
            return value == 0x21 || (0x23...0x5B).contains(value) || (0x5D...0x7E).contains(value)
        }
    }

    /// Splits a scope string into its names, or nil when it is not well formed
    /// (empty tokens from doubled or edge spaces, or characters outside NQCHAR).
    public static func parse(_ text: String) -> [String]? {
        let names = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard names.allSatisfy(isValidName) else { return nil }
        return names
    }
}
