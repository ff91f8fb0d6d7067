import GRDB
import OAuth2Core

/// A client with everything an admin (or the token endpoint) needs to know about it.
public struct ClientDetails: Sendable, Equatable {
    public var client: ClientRecord
    public var scopes: [String]
    public var audiences: [String]
    /// Live secrets, oldest first (at most two: the current one and one in its grace).
    public var secrets: [SecretRecord]
    public var liveTokens: Int

    public var id: String { client.id }

    package init(client: ClientRecord, scopes: [String], audiences: [String], secrets: [SecretRecord], liveTokens: Int) {
        self.client = client
        self.scopes = scopes
        self.audiences = audiences
        self.secrets = secrets
        self.liveTokens = liveTokens
    }

    package var spec: ClientSpec {
        ClientSpec(name: client.name, scopes: scopes, tokenTtl: client.tokenTtl, tokenFormat: client.tokenFormat,
                   audiences: audiences, canIntrospect: client.canIntrospect)
    }

    static func load(_ db: Database, client: ClientRecord, at now: EpochSeconds) throws -> ClientDetails {
        ClientDetails(
            client: client,
            scopes: try String.fetchAll(db, sql: "SELECT scope_name FROM client_scope WHERE client_id = ? ORDER BY scope_name",
                                        arguments: [client.id]),
            audiences: try String.fetchAll(db, sql: "SELECT audience FROM client_audience WHERE client_id = ? ORDER BY audience",
                                           arguments: [client.id]),
            secrets: try SecretRecord.live(clientId: client.id, at: now).fetchAll(db),
            liveTokens: try TokenRecord.live(at: now).filter(Column("client_id") == client.id).fetchCount(db))
    }

    static func load(_ db: Database, id: String, at now: EpochSeconds) throws -> ClientDetails {
        try load(db, client: ClientRecord.find(db, id: id), at: now)
    }
}
