import OAuth2Core

/// A store's time: what is live, expired or stale, and when a token, a secret's grace or a
/// revocation starts and ends, is read from `clock`.
public protocol Timekeeping: Sendable {
    var clock: Clock { get }
}

/// Registered clients, their secrets, scopes and audiences: what admins manage and what
/// authenticating a client reads. Every change bumps the client generation in the changing
/// transaction, whoever makes it.
public protocol ClientDirectory: Timekeeping {
    func registerClient(_ spec: ClientSpec, actor: AuditActor) throws -> Registration
    func listClients() throws -> [ClientDetails]
    func client(id: String) throws -> ClientDetails
    func updateClient(id: String, _ changes: ClientChanges, actor: AuditActor) throws -> ClientDetails
    /// A new secret; the current ones stay valid for `grace` seconds.
    func rotateSecret(clientId: String, grace: Int, actor: AuditActor) throws -> Registration
    func expireSecret(clientId: String, displayPrefix: String, actor: AuditActor) throws -> ClientDetails
    /// With `revokeTokens`, disabling revokes the client's live tokens too (their count).
    func setStatus(clientId: String, _ status: ClientStatus, revokeTokens: Bool,
                   actor: AuditActor) throws -> (client: ClientDetails, revoked: Int)
    /// Deletes the client, revoking its tokens; returns how many were revoked.
    func deleteClient(id: String, actor: AuditActor) throws -> Int
    /// The client as authentication needs it (nil if unknown), with the client generation
    /// it is current for, read in one snapshot.
    func registeredClient(id: String) throws -> (client: RegisteredClient?, clientGeneration: Int64)

    func addScope(name: String, description: String, actor: AuditActor) throws -> ScopeRecord
    func listScopes() throws -> [ScopeSummary]
    func deleteScope(name: String, force: Bool, actor: AuditActor) throws
    /// Every scope's name, sorted (the metadata's `scopes_supported`).
    func scopeNames() throws -> [String]
}

/// Issued tokens, their revocations and the revocation feed.
public protocol TokenLedger: Timekeeping {
    func listTokens(_ query: TokenQuery) throws -> [TokenRecord]
    func countTokens(_ query: TokenQuery, upTo cap: Int) throws -> Int
    /// Token rows with `lower <= jti < upper`, oldest first, at most `limit`.
    func tokenArrivals(jtiFrom lower: String, below upper: String, limit: Int) throws -> [TokenArrival]
    func token(jti: String) throws -> TokenRecord?
    func liveTokenCount() throws -> Int
    /// Whether the token was live and is now revoked.
    func revokeToken(jti: String, reason: String, actor: AuditActor) throws -> Bool
    func revokeTokens(clientId: String, reason: String, actor: AuditActor) throws -> Int
    /// Deletes rows expired or revoked longer than `retention` seconds ago.
    func purgeTokens(retention: Int, batchSize: Int, actor: AuditActor) throws -> Int
    /// Feed entries after `cursor`, in feed order, at most `limit` (capped at `RevocationEntry.pageLimit`).
    func revocations(after cursor: Int64, limit: Int) throws -> [RevocationEntry]
    @discardableResult
    func purgeExpiredRevocations(at now: EpochSeconds) throws -> Int
}

/// The signing keys: one active, those retiring still published, the retired kept for the record.
public protocol KeyStore: Sendable {
    func listKeys() throws -> [SigningKeyRecord]
    func activeKey() throws -> SigningKeyRecord?
    /// The keys a JWKS lists: the active one and those retiring.
    func publishedKeys() throws -> [SigningKeyRecord]
    /// Makes `key` the active key (the previous one retiring); with `onlyIfNone`, only if
    /// there is no active key yet (then returns the one there is).
    @discardableResult
    func activate(_ key: SigningKeyRecord, onlyIfNone: Bool, actor: AuditActor) throws -> SigningKeyRecord
    /// Retires the retiring keys no live token was signed with; returns their kids.
    @discardableResult
    func retireDrainedKeys() throws -> [String]
    /// Seals every private key with `newKey` (opening them with the store's key-encryption
    /// key if they are sealed); returns how many. The store keeps its old key: open it again
    /// with the new one.
    @discardableResult
    func resealKeys(with newKey: KeyEncryptionKey, actor: AuditActor) throws -> Int
}

/// The audit trail of every admin action.
public protocol AuditLog: Sendable {
    func listAudit(since: EpochSeconds?, afterId: Int64?, limit: Int) throws -> [AuditEvent]
}

/// The serving processes, each refreshing a row of its own (the console lists them).
public protocol ServerRegistry: Timekeeping {
    func publish(_ presence: ServerPresence) throws
    func withdrawPresence(id: String) throws
    func listPresence(at now: EpochSeconds) throws -> [ServerPresence]
}

/// Everything the server, the console and the CLI need of a store, over SQLite
/// (`SQLiteStore`) or PostgreSQL. Every method may block its thread on I/O; errors are
/// `StoreError`s an admin can read.
public protocol Store: ClientDirectory, TokenLedger, KeyStore, AuditLog, ServerRegistry {
    /// Where the store is, for messages (a path, or a database URL without a password).
    var location: String { get }
    /// Whether reads on the request path wait on the network: then the server makes them
    /// off its event loops.
    var requestReadsWait: Bool { get }
    /// Changes whenever anything may have changed (cheap to poll; a new value on every
    /// call where the backend cannot tell).
    func dataVersion() throws -> Int
    func changeMark() throws -> ChangeMark
    /// Whether the database answers a trivial query (for health checks).
    func isReachable() -> Bool
    /// A reader for one event loop's requests.
    func makeRequestReader() throws -> any RequestReading
    /// What commits the token writer's batches; `walLimitBytes` bounds a SQLite WAL.
    func makeTokenCommitter(walLimitBytes: Int) throws -> any TokenBatchCommitter
    /// Calls `onChange` as other processes change clients or keys, until cancelled; nil
    /// where the store has no such news (then the client generation and the key ring's
    /// once-a-second reload are all there is; they are what makes changes exact anyway).
    func followChanges(_ onChange: @escaping @Sendable (StoreChange) -> Void) -> (any StoreChangeFollowing)?
    /// Runs `job` unless another process is running the job named `name` at this moment
    /// (then returns false without running it): for upkeep that one server at a time does.
    func runAlone(_ name: String, _ job: () throws -> Void) throws -> Bool
}

/// What another process changed.
public enum StoreChange: Sendable, Equatable {
    /// The client generation moved to this value.
    case clients(generation: Int64)
    /// A signing key was added, rotated or retired.
    case keys
    /// Anything may have changed (news may have been missed, e.g. while reconnecting).
    case anything
}

/// A running follower of a store's changes.
public protocol StoreChangeFollowing: Sendable {
    func cancel()
}

// The shorthands live on the protocol that owns the method, so code (and tests) typed
// over one of them, not the whole `Store`, has them too.
extension ClientDirectory {
    public func setStatus(clientId: String, _ status: ClientStatus, actor: AuditActor) throws -> (client: ClientDetails, revoked: Int) {
        try setStatus(clientId: clientId, status, revokeTokens: false, actor: actor)
    }

    public func addScope(name: String, actor: AuditActor) throws -> ScopeRecord {
        try addScope(name: name, description: "", actor: actor)
    }
}

extension TokenLedger {
    public func purgeTokens(retention: Int, actor: AuditActor) throws -> Int {
        try purgeTokens(retention: retention, batchSize: 1000, actor: actor)
    }

    @discardableResult
    public func purgeExpiredRevocations() throws -> Int {
        try purgeExpiredRevocations(at: clock.now())
    }
}

extension KeyStore {
    @discardableResult
    public func activate(_ key: SigningKeyRecord, actor: AuditActor) throws -> SigningKeyRecord {
        try activate(key, onlyIfNone: false, actor: actor)
    }
}

extension AuditLog {
    /// The newest `limit` events, newest first.
    public func listAudit(limit: Int) throws -> [AuditEvent] {
        try listAudit(since: nil, afterId: nil, limit: limit)
    }

    public func listAudit(since: EpochSeconds?, limit: Int) throws -> [AuditEvent] {
        try listAudit(since: since, afterId: nil, limit: limit)
    }

    public func listAudit(afterId: Int64, limit: Int) throws -> [AuditEvent] {
        try listAudit(since: nil, afterId: afterId, limit: limit)
    }
}

extension ServerRegistry {
    public func listPresence() throws -> [ServerPresence] {
        try listPresence(at: clock.now())
    }
}

/// The reads the request path makes: the client generation (when a cached client may be
/// stale), alone or with a token by its jti (on every introspection and revocation), in one
/// snapshot. Not thread-safe: each event loop owns one.
public protocol RequestReading: AnyObject {
    /// The counter every change to clients, their secrets, scopes or audiences bumps. Equal
    /// values mean nothing authentication reads changed.
    func clientGeneration() throws -> Int64
    /// The client generation and the token row with this jti (nil if there is none).
    func clientGenerationAndToken(jti: String) throws -> (clientGeneration: Int64, token: TokenRecord?)
}

/// Commits the token writer's batches, one transaction each. Used only on the writer's thread.
public protocol TokenBatchCommitter: AnyObject {
    /// In one transaction: the rows of every group issued under the client generation
    /// current at commit (or under none), read in that transaction so that no change to
    /// clients commits between the check and the rows; a probe's write if a group is one.
    /// Returns that generation. A group issued under another is left out.
    func commit(_ groups: [TokenGroup]) throws -> Int64
    /// The writer stopped: nothing more will be committed.
    func stop()
}
