import Foundation

/// Trusted identity providers per tenant, and delegated search: a `search:delegated` key
/// searches only as the end user its request's token proves — the key adds nothing.
extension Vault {
    public func identityProviders(tenant: String) throws -> [IdentityProvider] {
        let record = try tenantRecord(tenant)
        return try withCatalog { try $0.identityProviders(tenantID: record.id) }
    }

    /// Replaces the tenant's providers (each validated; at most 16), recorded as
    /// `idp.write` with the issuers and audiences before and after.
    public func setIdentityProviders(_ providers: [IdentityProvider], tenant: String, subject: String? = nil, audit: AuditContext? = nil) throws {
        try audited(audit, "idp.write", tenant: tenant, subject: subject) { record in
            guard providers.count <= 16 else { throw RAGVaultError(.invalidInput, "a tenant trusts at most 16 identity providers") }
            for provider in providers { try provider.validate() }
            let pairs = providers.map { "\($0.issuer)\u{0}\($0.audience)" }
            guard Set(pairs).count == pairs.count else {
                throw RAGVaultError(.invalidInput, "identity provider: the same issuer and audience are listed twice")
            }
            let tenantID = try tenantRecord(tenant).id
            try withCatalog { catalog in
                record.before = Self.summary(try catalog.identityProviders(tenantID: tenantID))
                try catalog.setIdentityProviders(providers, tenantID: tenantID)
            }
            record.after = Self.summary(providers)
        }
    }

    /// Adds a provider, or replaces the tenant's one with the same issuer and audience.
    public func addIdentityProvider(_ provider: IdentityProvider, tenant: String, audit: AuditContext? = nil) throws {
        var providers = try identityProviders(tenant: tenant).filter { !($0.issuer == provider.issuer && $0.audience == provider.audience) }
        providers.append(provider)
        try setIdentityProviders(providers, tenant: tenant, audit: audit)
    }

    /// Removes the tenant's providers of `issuer` (only the one of `audience` when given);
    /// returns how many were removed.
    @discardableResult
    public func removeIdentityProvider(issuer: String, audience: String? = nil, tenant: String, audit: AuditContext? = nil) throws -> Int {
        let providers = try identityProviders(tenant: tenant)
        let kept = providers.filter { !($0.issuer == issuer && (audience == nil || $0.audience == audience)) }
        if kept.count != providers.count { try setIdentityProviders(kept, tenant: tenant, audit: audit) }
        return providers.count - kept.count
    }

    private static func summary(_ providers: [IdentityProvider]) -> AuditValue {
        .array(providers.map { .object(["issuer": .string($0.issuer), "audience": .string($0.audience)]) })
    }

    /// The end user a `search:delegated` credential searches as: the tenant is the key's, the
    /// user, roles and groups are the verified token's claims under the tenant's mapping, the
    /// scope is `search` alone. Every failure is refused with a `user_token_*` code (or
    /// `idp_unavailable`); there is no path back to the key's own principal, which holds no
    /// `search` scope.
    public func delegatedPrincipal(for credential: Credential, userToken: String?) async throws -> Principal {
        try await delegatedPrincipal(for: credential, userToken: userToken, trusting: try delegationProviders(for: credential))
    }

    /// The providers whose tokens a delegated key accepts: its own tenant's, never another's
    /// (empty for any other credential).
    public func delegationProviders(for credential: Credential) throws -> [IdentityProvider] {
        guard credential.scopes.contains(.searchDelegated), let tenant = credential.principal?.tenant else { return [] }
        return try identityProviders(tenant: tenant)
    }

    /// As above, with the key's tenant's providers already read (servers read them on their
    /// blocking-work threads, never on an event loop).
    public func delegatedPrincipal(for credential: Credential, userToken: String?, trusting providers: [IdentityProvider]) async throws -> Principal {
        let key = try delegatingKey(credential, userToken: userToken)
        guard let userToken else { throw RAGVaultError(.userTokenMissing, "no user token") }
        guard !providers.isEmpty else {
            throw RAGVaultError(
                .userTokenIssuer, "tenant '\(key.tenant)' trusts no identity provider; an admin adds one with 'ragvault idp add' or PUT /v1/idp")
        }
        let verified = try await verifier.verify(userToken, providers: providers)
        return Principal(
            tenant: key.tenant, subject: verified.subject, roles: verified.roles, groups: verified.groups, scopes: [.search],
            keyID: credential.keyID,
            delegation: Delegation(issuer: verified.issuer, tokenSubject: verified.tokenSubject, tokenID: verified.tokenID))
    }

    /// The key's own principal, once it is a delegated key and a token came with it.
    private func delegatingKey(_ credential: Credential, userToken: String?) throws -> Principal {
        guard let key = credential.principal, credential.scopes.contains(.searchDelegated) else {
            throw RAGVaultError(.forbidden, "only a key with scope 'search:delegated' searches with a user token")
        }
        guard let userToken, !userToken.isEmpty else {
            throw RAGVaultError(.userTokenMissing, "a 'search:delegated' key searches only with the end user's token (X-RAGVault-User-Token)")
        }
        return key
    }

    private var verifier: UserTokenVerifier { UserTokenVerifier(cache: identityKeys, verified: verifiedTokens, now: tokenClock) }

    /// The tenant's providers whose audience *is* `resource`, its resource URL (RFC 8707
    /// audience binding: a token minted for another resource, or by another tenant's issuer, is
    /// refused whatever path it is sent to). None for a tenant that does not exist: answered like
    /// a tenant without OAuth, so the path does not say which tenants exist.
    public func oauthProviders(tenant: String, resource: String) throws -> [IdentityProvider] {
        do {
            return try identityProviders(tenant: tenant).filter { $0.audience == resource }
        } catch let error as RAGVaultError where error.code == .tenantNotFound || error.code == .tenantNameInvalid {
            return []
        }
    }

    /// The end user an OAuth 2.1 access token (a JWT, RFC 9068) proves at a tenant's resource
    /// URL, given `oauthProviders(tenant:resource:)` (read on a blocking-work thread). Scope `search`.
    public func oauthPrincipal(tenant: String, accessToken: String, trusting providers: [IdentityProvider]) async throws -> Principal {
        guard !providers.isEmpty else {
            throw RAGVaultError(.userTokenIssuer, "this resource accepts no OAuth access tokens (no identity provider has it as audience)")
        }
        let verified = try await verifier.verify(accessToken, providers: providers)
        return Principal(
            tenant: tenant, subject: verified.subject, roles: verified.roles, groups: verified.groups, scopes: [.search],
            delegation: Delegation(issuer: verified.issuer, tokenSubject: verified.tokenSubject, tokenID: verified.tokenID))
    }

    /// The issuers a tenant's resource URL names as its authorization servers (RFC 9728).
    public func authorizationServers(tenant: String, resource: String) throws -> [String] {
        Array(Set(try identityProviders(tenant: tenant).filter { $0.audience == resource }.map(\.issuer))).sorted()
    }
}
