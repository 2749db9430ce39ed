import Foundation

/// API keys: created and listed by operators (CLI) or tenant admins, verified on every request
/// against the catalog — so a revocation holds from the next request in every process that
/// serves the data directory.
extension Vault {
    /// A new tenant key speaking for `subject` with `roles`, `groups` and `scopes`; returns the
    /// key string, shown once (the catalog keeps only a keyed hash).
    public func createAPIKey(
        tenant: String, subject: String?, roles: [String], groups: [String] = [],
        scopes: Set<Scope>, expiresAt: Date? = nil, audit: AuditContext? = nil
    ) throws -> (key: String, record: APIKeyRecord) {
        try auditedKeyChange(audit, "key.create", tenant: tenant, by: nil, created: { $0.record.id }) {
            try makeTenantKey(
                tenant: tenant, subject: subject, roles: roles, groups: groups, scopes: scopes, expiresAt: expiresAt,
                createdBy: nil)
        }
    }

    private func makeTenantKey(
        tenant: String, subject: String?, roles: [String], groups: [String],
        scopes: Set<Scope>, expiresAt: Date?, createdBy: String?
    ) throws -> (key: String, record: APIKeyRecord) {
        guard !scopes.isEmpty, scopes.isSubset(of: Scope.tenant) else {
            throw RAGVaultError(.invalidInput, "tenant key scopes must be some of: \(Scope.tenant.sorted().map(\.rawValue).joined(separator: ", "))")
        }
        // A delegated key searches only as the user its request's token proves; with `search`
        // beside it, it could also search as itself — the all-seeing service user it replaces.
        guard !(scopes.contains(.searchDelegated) && scopes.contains(.search)) else {
            throw RAGVaultError(.invalidInput, "a key has either 'search' or 'search:delegated', not both")
        }
        let principal = try Principal.impersonating(tenant: tenant, subject: subject, roles: roles, groups: groups)
        if scopes.contains(.search) { _ = try principal.aclPrincipals() } // a search key with no identity could never search
        let record = try tenantRecord(tenant)
        return try insertKey(
            APIKeyRecord(
                id: "", tenantID: record.id, tenant: tenant, subject: principal.subject, roles: principal.roles,
                groups: principal.groups, scopes: scopes, createdAt: Catalog.now(),
                expiresAt: expiresAt.map { $0.ISO8601Format() }, revokedAt: nil, createdBy: createdBy))
    }

    /// A new operator key (tenants, rotation; no tenant's data).
    public func createOperatorKey(expiresAt: Date? = nil, audit: AuditContext? = nil) throws -> (key: String, record: APIKeyRecord) {
        try auditedKeyChange(audit, "key.create", tenant: nil, by: nil, created: { $0.record.id }) {
            try insertKey(
                APIKeyRecord(
                    id: "", tenantID: nil, tenant: nil, subject: nil, roles: [], groups: [], scopes: [.operator],
                    createdAt: Catalog.now(), expiresAt: expiresAt.map { $0.ISO8601Format() }, revokedAt: nil))
        }
    }

    private func insertKey(_ template: APIKeyRecord) throws -> (key: String, record: APIKeyRecord) {
        try withCatalog { catalog in
            let generated = APIKeySecret.generate(pepper: try catalog.apiKeyPepper())
            var record = template
            record.id = generated.id
            try catalog.insertAPIKey(record, secretHash: generated.hash)
            return (generated.key, record)
        }
    }

    /// A tenant's keys (or the operator keys when `tenant` is nil), never their secrets, each
    /// marked `active` or not — a key whose creator was revoked or expired is listed as ended
    /// although its own `revoked_at` is empty.
    public func apiKeys(tenant: String?) throws -> [APIKeyRecord] {
        let id = try tenant.map { try tenantRecord($0).id }
        let now = Date()
        return try withCatalog { catalog in
            try catalog.apiKeys(tenantID: id).map { key in
                var listed = key
                listed.active = Self.lineageIsLive(try catalog.apiKeyLineage(id: key.id), now: now)
                return listed
            }
        }
    }

    /// Revokes a key by id; the next request with it fails in every process.
    public func revokeAPIKey(id: String, audit: AuditContext? = nil) throws {
        let tenant = try withCatalog { try $0.apiKey(id: id)?.0.tenant }
        try auditedKeyChange(audit, "key.revoke", tenant: tenant, by: nil, keyID: id) {
            try revokeKey(id: id)
        }
    }

    private func revokeKey(id: String) throws {
        guard try withCatalog({ try $0.revokeAPIKey(id: id) }) else {
            throw RAGVaultError(.invalidInput, "no API key with id '\(id.prefix(40))' (see 'ragvault apikey list')")
        }
    }

    /// Runs a key change and records it in the tenant's log (when it is a tenant key) and in
    /// the operator log, with the key's metadata before and after — never its secret.
    private func auditedKeyChange<T>(
        _ context: AuditContext?, _ action: String, tenant: String?, by admin: Principal?,
        keyID: String? = nil, created: (T) -> String? = { _ in nil },
        _ change: () throws -> T
    ) throws -> T {
        let metadata = { (id: String?) -> AuditValue? in
            guard let id, let (record, _) = try? self.withCatalog({ try $0.apiKey(id: id) }) else { return nil }
            return .of(record)
        }
        return try audited(context, action, tenant: tenant, subject: admin?.subject, alsoToOperatorLog: true) { record in
            record.before = metadata(keyID)
            let value = try change()
            record.after = metadata(created(value) ?? keyID)
            return value
        }
    }

    /// Verifies a presented key against the catalog. Every failure — malformed, unknown,
    /// wrong secret, revoked, expired, a creator revoked or expired, deleted tenant — is the
    /// same `unauthenticated` error, so a caller learns nothing about which keys exist.
    public func authenticate(apiKey: String, now: Date = Date()) throws -> Credential {
        let refused = RAGVaultError(.unauthenticated, "the API key is not valid (unknown, revoked or expired)")
        guard let (id, secret) = APIKeySecret.parse(apiKey) else { throw refused }
        let lineage = try withCatalog { catalog in
            try catalog.reading { () throws -> [APIKeyRecord]? in
                // Up to the comparison an unknown id and a wrong secret are the same work: one hash,
                // one lookup in the memo of every key's hash, one constant-time compare against the
                // stored hash or a stand-in. Only a key whose secret matches is read further.
                let presented = APIKeySecret.hash(id: id, secret: secret, pepper: try catalog.apiKeyPepper())
                let stored = try catalog.apiKeySecretHash(id: id) ?? APIKeySecret.absent
                guard APIKeySecret.equal(presented, stored) else { return nil }
                return try catalog.apiKeyLineage(id: id)
            }
        }
        guard let lineage, let record = lineage.first, Self.lineageIsLive(lineage, now: now) else { throw refused }
        if record.isOperator { return Credential(keyID: id, principal: nil, scopes: record.scopes) }
        guard let tenant = record.tenant else { throw refused } // the tenant was deleted
        let principal = Principal(
            tenant: tenant, subject: record.subject, roles: record.roles, groups: record.groups,
            scopes: record.scopes, keyID: id)
        return Credential(keyID: id, principal: principal, scopes: record.scopes)
    }

    /// A key works while it and every key above it (its creator, the creator's creator…) is
    /// neither revoked nor expired, and its line reaches a key made locally. A creator that is
    /// gone, or a line longer than the catalog would follow, fails closed.
    static func lineageIsLive(_ lineage: [APIKeyRecord], now: Date) -> Bool {
        guard let top = lineage.last, top.createdBy == nil else { return false }
        return lineage.allSatisfy { key in
            key.revokedAt == nil && (key.expiresAt.map { (try? Date($0, strategy: .iso8601)).map { $0 > now } ?? false } ?? true)
        }
    }
}

/// Keys managed by a tenant admin over the API: never more than the admin holds.
extension Vault {
    /// A key in the admin's tenant whose scopes, roles and groups are subsets of the admin's,
    /// speaking for the admin's own subject or none (a key for another user would read what
    /// that user may and the admin may not).
    public func createAPIKey(
        subject: String?, roles: [String], groups: [String], scopes: Set<Scope>, expiresAt: Date?,
        grantedBy admin: Principal, audit: AuditContext? = nil
    ) throws -> (key: String, record: APIKeyRecord) {
        try auditedKeyChange(audit, "key.create", tenant: admin.tenant, by: admin, created: { $0.record.id }) {
            try grantKey(subject: subject, roles: roles, groups: groups, scopes: scopes, expiresAt: expiresAt, grantedBy: admin)
        }
    }

    private func grantKey(
        subject: String?, roles: [String], groups: [String], scopes: Set<Scope>, expiresAt: Date?,
        grantedBy admin: Principal
    ) throws -> (key: String, record: APIKeyRecord) {
        try admin.require([.admin], to: "manage keys")
        let wanted = try Principal.impersonating(tenant: admin.tenant, subject: subject, roles: roles, groups: groups)
        func exceeds(_ what: String, _ extra: [String]) -> RAGVaultError {
            RAGVaultError(.forbidden, "a key may not carry \(what) its creator does not hold: \(extra.sorted().joined(separator: ", "))")
        }
        if !scopes.isSubset(of: admin.scopes) { throw exceeds("scopes", scopes.subtracting(admin.scopes).map(\.rawValue)) }
        let extraRoles = Set(wanted.roles).subtracting(admin.roles)
        if !extraRoles.isEmpty { throw exceeds("roles", Array(extraRoles)) }
        let extraGroups = Set(wanted.groups).subtracting(admin.groups)
        if !extraGroups.isEmpty { throw exceeds("groups", Array(extraGroups)) }
        if let user = wanted.subject, user != admin.subject { throw exceeds("a subject", [user]) }
        return try makeTenantKey(
            tenant: admin.tenant, subject: wanted.subject, roles: wanted.roles, groups: wanted.groups,
            scopes: scopes, expiresAt: try cappedExpiry(expiresAt, by: admin.keyID), createdBy: admin.keyID)
    }

    /// A minted key expires no later than the key that mints it: the creator's expiry when
    /// none was asked for or a later one was (lowered, not refused — the key still ends with
    /// its creator either way, and the record shows the date that holds).
    private func cappedExpiry(_ wanted: Date?, by creatorID: String?) throws -> Date? {
        guard let creatorID else { return wanted }
        // Checked again here, not only when the request came in: a library caller may hold a
        // principal whose key has been revoked since.
        let lineage = try withCatalog { try $0.apiKeyLineage(id: creatorID) }
        guard let creator = lineage.first, Self.lineageIsLive(lineage, now: Date()) else {
            throw RAGVaultError(.unauthenticated, "the API key is not valid (unknown, revoked or expired)")
        }
        guard let text = creator.expiresAt else { return wanted }
        guard let limit = try? Date(text, strategy: .iso8601) else {
            throw RAGVaultError(.storeConfiguration, "the creating key's expiry cannot be read; run 'ragvault doctor'")
        }
        return min(wanted ?? limit, limit)
    }

    /// The admin's tenant's keys, never their secrets.
    public func apiKeys(as admin: Principal) throws -> [APIKeyRecord] {
        try admin.require([.admin], to: "manage keys")
        return try apiKeys(tenant: admin.tenant)
    }

    /// Revokes a key of the admin's own tenant; any other id is `not_found`.
    public func revokeAPIKey(id: String, as admin: Principal, audit: AuditContext? = nil) throws {
        // Another tenant's key (or none): the record carries no key metadata, so it says nothing
        // about keys outside the admin's tenant.
        let own = (try? apiKeys(tenant: admin.tenant).contains(where: { $0.id == id })) ?? false
        try auditedKeyChange(audit, "key.revoke", tenant: admin.tenant, by: admin, keyID: own ? id : nil) {
            try admin.require([.admin], to: "manage keys")
            guard own else { throw RAGVaultError.notFound("key") }
            try revokeKey(id: id)
        }
    }
}
