import Foundation

/// File-level care for the store: private permissions and a refusal to open what is not
/// SQLite, before SQLite itself touches the file.
enum StoreFile {
    static let sqliteMagic = Array("SQLite format 3\0".utf8)

    static func prepare(path: String) throws {
        let manager = FileManager.default
        if manager.fileExists(atPath: path) {
            try refuseUnlessSQLite(path: path)
        } else {
            try createPrivately(path: path)
        }
    }

    private static func refuseUnlessSQLite(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError.cannotOpen(path: path, reason: "permission denied")
        }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: sqliteMagic.count)) ?? Data()
        // An empty file is a database SQLite has not written yet: fine to use.
        if !header.isEmpty, Array(header) != sqliteMagic {
            throw StoreError.notSQLite(path: path)
        }
    }

    /// Creates the file with mode 0600 whatever the umask; SQLite gives its -wal and -shm
    /// files the mode of the database file.
    private static func createPrivately(path: String) throws {
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        fchmod(descriptor, 0o600)
        close(descriptor)
    }
}
