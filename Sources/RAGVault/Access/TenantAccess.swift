import Foundation

/// Everything a caller may do in its own tenant, bound to the principal its credential proved:
/// searching, reading, writing documents and access lists, the tenant's policy, its keys and its
/// audit log. The HTTP routes and the MCP tools call only this, so every front door asks the same
/// scope questions in the same place; the operator API on `Vault` (tenants, rotation, any tenant's
/// policy) stays for the local CLI.
///
/// Made by `Retriever.access(as:audit:)`, so that every access shares the retriever's scope
/// statistics cache. A value, cheap to make per request.
public struct TenantAccess: Sendable {
    public let principal: Principal
    public let retriever: Retriever
    /// How the calls made through this value are recorded (interface, request id, key id).
    public let audit: AuditContext?

    var vault: Vault { retriever.vault }

    // MARK: - scopes, asked before a body is read

    /// Passes a principal that may read passages and documents (`search`).
    public func requireSearch() throws { try principal.require([.search], to: "search") }

    /// Passes a principal that may write documents and ACLs (`ingest` or `admin`).
    public func requireWriter() throws { try principal.require([.ingest, .admin], to: "write documents") }

    /// Passes a tenant admin (policy, keys, audit log).
    public func requireAdmin(to action: String) throws { try principal.require([.admin], to: action) }

    // MARK: - reading

    public func search(_ request: SearchRequest) throws -> SearchResult {
        try retriever.search(request, as: principal, audit: audit)
    }

    /// A search for async servers, run through `blocking` (their blocking-work threads). When
    /// the tenant's embedding endpoint must embed the query, the call is awaited here, holding
    /// none of those threads while the service answers, and the search runs again with its
    /// vector — or its failure, answered like the blocking path (`fallback` included).
    public func search(
        _ request: SearchRequest, blocking: (@escaping @Sendable () throws -> SearchResult) async throws -> SearchResult
    ) async throws -> SearchResult {
        var first = request
        first.defersEndpointEmbedding = true
        let access = self
        do {
            return try await blocking { [first] in try access.search(first) }
        } catch let deferred as Retriever.QueryEmbeddingDeferred {
            var again = request
            do {
                again.vector = try await deferred.call.send().first
            } catch let error as RAGVaultError {
                again.endpointEmbeddingFailure = error
            }
            return try await blocking { [again] in try access.search(again) }
        }
    }

    public func chunk(_ publicID: String) throws -> ChunkView {
        try retriever.chunk(publicID, as: principal, audit: audit)
    }

    public func document(_ externalID: String) throws -> DocumentView {
        try retriever.document(externalID, as: principal, audit: audit)
    }

    public func detokenise(_ text: String) throws -> DetokenisedText {
        try retriever.detokenise(text, as: principal, audit: audit)
    }

    // MARK: - writing

    /// One document from a JSON body (`PUT /v1/documents/{id}`), through the indexing pipeline.
    public func writeDocument(json data: Data, pathID: String?, maxBytes: Int = Vault.maxDocumentBytes) throws -> DocumentWriteResult {
        try vault.writeDocument(json: data, pathID: pathID, as: principal, maxBytes: maxBytes, audit: audit)
    }

    public func deleteDocument(_ externalID: String) throws -> DocumentWriteResult {
        try vault.deleteDocument(externalID, as: principal, audit: audit)
    }

    public func updateACL(_ externalID: String, to acl: AccessList) throws -> DocumentWriteResult {
        try vault.updateACL(externalID, to: acl, as: principal, audit: audit)
    }

    // MARK: - administering the tenant

    public func policy() throws -> RedactionPolicy {
        try requireAdmin(to: "read the policy")
        return try vault.policy(for: principal.tenant)
    }

    public func setPolicy(_ policy: RedactionPolicy) throws {
        try requireAdmin(to: "change the policy")
        try vault.setPolicy(policy, for: principal.tenant, subject: principal.subject, audit: audit)
    }

    /// The tenant's vector configuration and what its store holds.
    public func vectors() throws -> VectorStatus {
        try requireAdmin(to: "read the vector configuration")
        return try vault.vectorStatus(for: principal.tenant)
    }

    /// Replaces the tenant's vector configuration, leaving the operator's embedding endpoint
    /// (and its key) as they are: a tenant's admin cannot point its text elsewhere.
    @discardableResult
    public func setVectors(_ config: VectorConfig) throws -> VectorStatus {
        try requireAdmin(to: "change the vector configuration")
        let kept = try config.keepingOperatorEndpoint(of: try vault.store(for: principal.tenant).vectorConfig())
        return try vault.setVectorConfig(kept, for: principal.tenant, subject: principal.subject, audit: audit)
    }

    /// The identity providers whose user tokens `search:delegated` keys of this tenant accept.
    public func identityProviders() throws -> [IdentityProvider] {
        try requireAdmin(to: "read the identity providers")
        return try vault.identityProviders(tenant: principal.tenant)
    }

    public func setIdentityProviders(_ providers: [IdentityProvider]) throws {
        try requireAdmin(to: "change the identity providers")
        try vault.setIdentityProviders(providers, tenant: principal.tenant, subject: principal.subject, audit: audit)
    }

    /// A key no stronger than this principal's own, which ends with it (see `Vault.createAPIKey(…grantedBy:)`).
    public func createKey(
        subject: String?, roles: [String], groups: [String], scopes: Set<Scope>,
        expiresAt: Date?
    ) throws -> (key: String, record: APIKeyRecord) {
        try vault.createAPIKey(
            subject: subject, roles: roles, groups: groups, scopes: scopes, expiresAt: expiresAt,
            grantedBy: principal, audit: audit)
    }

    public func keys() throws -> [APIKeyRecord] { try vault.apiKeys(as: principal) }

    public func revokeKey(id: String) throws { try vault.revokeAPIKey(id: id, as: principal, audit: audit) }

    public func auditRecords(filter: AuditFilter) throws -> AuditPage {
        try vault.auditRecords(as: principal, filter: filter, audit: audit)
    }
}

extension Retriever {
    /// What `principal` may do in its tenant, recorded under `audit` (with the user token's
    /// issuer, subject and id when the principal is delegated).
    public func access(as principal: Principal, audit: AuditContext? = nil) -> TenantAccess {
        var context = audit
        if let delegation = principal.delegation {
            context = vault.auditContext(audit)
            context?.delegation = delegation
        }
        return TenantAccess(principal: principal, retriever: self, audit: context)
    }
}
