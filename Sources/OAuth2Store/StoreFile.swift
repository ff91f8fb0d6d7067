import Foundation

/// File-level care for the store: private permissions and a refusal to open what is not
/// SQLite, before SQLite itself touches the file.
enum StoreFile {
    static let sqliteMagic = Array("SQLite format 3\0".utf8)
    /// The database and SQLite's companions, which hold the same secrets as it.
    static let suffixes = ["", "-wal", "-shm"]

    static func prepare(path: String) throws {
        let manager = FileManager.default
        if manager.fileExists(atPath: path) {
            try refuseUnlessSQLite(path: path)
        } else {
            try createPrivately(path: path)
        }
        for file in suffixes.map({ path + $0 }) where manager.fileExists(atPath: file) {
            try makePrivate(path: file)
        }
    }

    /// A file made by someone else (`touch` gives 0644) would keep its mode, and the store
    /// holds secret hashes and signing keys: take every permission from group and others,
    /// or refuse to use the file.
    private static func makePrivate(path: String) throws {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        let mode = status.st_mode & 0o7777
        guard mode & 0o077 != 0 else { return }
        guard chmod(path, 0o600) == 0 else {
            let reason = String(cString: strerror(errno))
            throw StoreError.cannotOpen(path: path, reason: "others may read it (mode \(String(mode, radix: 8))) and it cannot be made private (\(reason)); chmod 600 it or use another file")
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
