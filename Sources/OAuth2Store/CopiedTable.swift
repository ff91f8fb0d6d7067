/// A table that `oauth2 store copy` carries from a SQLite store to another backend, described
/// once for both ends: the reader selects these columns in this order, the writer inserts them
/// in the same order. Tables missing here hold nothing worth carrying: the client generation
/// (the target keeps its own counter), the write probe and server presence (live state of the
/// processes serving the source).
public struct CopiedTable: Sendable, Equatable {
    public enum ColumnType: Sendable, Equatable { case integer, boolean, text, blob }

    public struct Column: Sendable, Equatable {
        public let name: String
        public let type: ColumnType
    }

    public let name: String
    public let columns: [Column]
    /// An identity column whose sequence must continue after the copied values (audit ids,
    /// the revocation feed's cursor), or nil.
    public let identity: String?
    /// Rows are kept only while this column is after the copy's `now`: an expired token or
    /// revocation entry names nothing a server would still accept.
    let keptWhileAfterNow: String?

    /// In an order that satisfies the foreign keys.
    public static let all: [CopiedTable] = [
        CopiedTable("scope", ["name": .text, "description": .text, "created_at": .integer]),
        CopiedTable("client", ["id": .text, "name": .text, "status": .text, "token_ttl": .integer, "token_format": .text,
                               "can_introspect": .boolean, "created_at": .integer, "updated_at": .integer]),
        CopiedTable("client_secret", ["id": .integer, "client_id": .text, "hash": .blob, "salt": .blob, "display_prefix": .text,
                                      "created_at": .integer, "expires_at": .integer, "ended_at": .integer], identity: "id"),
        CopiedTable("client_scope", ["client_id": .text, "scope_name": .text]),
        CopiedTable("client_audience", ["client_id": .text, "audience": .text]),
        CopiedTable("signing_key", ["kid": .text, "alg": .text, "private_key": .text, "state": .text, "created_at": .integer,
                                    "retiring_at": .integer, "retired_at": .integer]),
        CopiedTable("key_sealing", ["id": .integer, "verifier": .text, "sealed_at": .integer]),
        CopiedTable("token", ["jti": .text, "client_id": .text, "scope": .text, "audience": .text, "format": .text,
                              "issued_at": .integer, "expires_at": .integer, "revoked_at": .integer, "revoked_reason": .text,
                              "key_id": .text, "token_hash": .blob], keptWhileAfterNow: "expires_at"),
        CopiedTable("revocation_feed", ["seq": .integer, "client_id": .text, "jti": .text, "issued_through": .integer,
                                        "expires_at": .integer], identity: "seq", keptWhileAfterNow: "expires_at"),
        CopiedTable("audit_event", ["id": .integer, "at": .integer, "actor": .text, "action": .text, "subject": .text,
                                    "details": .text], identity: "id"),
    ]

    private init(_ name: String, _ columns: KeyValuePairs<String, ColumnType>, identity: String? = nil,
                 keptWhileAfterNow: String? = nil) {
        self.name = name
        self.columns = columns.map { Column(name: $0.key, type: $0.value) }
        self.identity = identity
        self.keptWhileAfterNow = keptWhileAfterNow
    }
}

/// One value of a copied row, in the type its column declares.
public enum CopiedValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case boolean(Bool)
    case text(String)
    case blob([UInt8])
}

/// A table's rows, read for a copy.
public struct CopiedRows: Sendable {
    public let table: CopiedTable
    public let rows: [[CopiedValue]]
}
