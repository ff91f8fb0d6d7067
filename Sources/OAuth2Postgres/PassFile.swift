import Foundation

/// Finds the database password where libpq's tools look for it: `$PGPASSWORD`, else the first
/// matching line of the passfile (`$PGPASSFILE`, else `~/.pgpass`), whose lines read
/// `host:port:database:user:password`, `*` matching anything and `\` escaping `:` and `\`.
public enum PassFile {
    public static func password(for url: PostgresURL,
                                environment: [String: String] = ProcessInfo.processInfo.environment) throws(PostgresStoreError) -> String? {
        if let password = environment["PGPASSWORD"], !password.isEmpty { return password }
        let path = environment["PGPASSFILE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["HOME"].map { $0 + "/.pgpass" }
        guard let path, FileManager.default.fileExists(atPath: path) else { return nil }
        // Like libpq, a passfile that others may read is not trusted with passwords; unlike
        // libpq, which only warns and ignores it, the refusal says so plainly.
        var status = stat()
        guard stat(path, &status) == 0 else { throw .passfile(path: path, reason: "it cannot be read") }
        guard status.st_mode & 0o077 == 0 else {
            throw .passfile(path: path, reason: "others may read it; run chmod 0600 \(path)")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw .passfile(path: path, reason: "it cannot be read as UTF-8 text")
        }
        return password(in: text, for: url)
    }

    /// The password of the first line of `text` that matches `url`.
    static func password(in text: String, for url: PostgresURL) -> String? {
        let wanted = [url.host, String(url.port), url.database, url.user]
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = self.fields(of: line)
            guard fields.count == 5 else { continue }
            if zip(fields, wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    /// A line split at its unescaped colons, escapes removed.
    private static func fields(of line: Substring) -> [String] {
        var fields = [""]
        var escaped = false
        for character in line {
            if escaped {
                fields[fields.count - 1].append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" {
                fields.append("")
            } else {
                fields[fields.count - 1].append(character)
            }
        }
        return fields
    }
}
