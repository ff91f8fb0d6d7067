import OAuth2Core

extension HTTPTransport {
    /// The RFC 8414 metadata of `issuer`, checked to name that very issuer (§3.3), so that a
    /// metadata document cannot make a client trust another server.
    public func metadata(of issuer: String) async throws -> AuthorizationServerMetadata {
        guard let url = AuthorizationServerMetadata.location(of: issuer) else {
            throw TransportError.unreachable(url: issuer, reason: "not an http or https URL")
        }
        let response = try await get(url)
        guard response.status == 200 else { throw TransportError.unexpectedStatus(url: url, status: response.status) }
        let metadata = try response.decode(AuthorizationServerMetadata.self, from: url)
        guard metadata.issuer == issuer else { throw TransportError.issuerMismatch(expected: issuer, found: metadata.issuer) }
        return metadata
    }
}
