/// Client identifiers: 20 characters of lowercase letters and digits (about 103 bits),
/// safe in URLs, form bodies and Basic credentials without any escaping.
public enum ClientID {
    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")

    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
