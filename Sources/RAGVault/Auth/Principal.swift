/// Who is asking: a tenant, a subject and the roles and groups that decide what it may read.
///
/// A `Principal` is derived from a verified credential (API key, delegated token) by
/// authentication code — never from request fields — or, for local operator tools, by the
/// explicit `impersonating` factory. Every API that returns document text takes one.
public struct Principal: Sendable, Equatable {
    public let tenant: String
    /// `user:ID`, or nil for service credentials without a user.
    public let subject: String?
    /// `role:NAME` entries.
    public let roles: [String]
    /// `group:NAME` entries.
    public let groups: [String]
    /// What the credential may do (`search`, `ingest`, `admin`, `operator`).
    public let scopes: Set<Scope>
    /// The API key this principal was proven by (nil when a local tool made it): a key it
    /// mints names it as creator and ends with it.
    public let keyID: String?
    /// Set when the principal is an end user proven by a token from the tenant's identity
    /// provider, presented beside a `search:delegated` key (`Vault.delegatedPrincipal`).
    public let delegation: Delegation?
    /// Stable signature of what this principal may read (cache key part); empty for an empty identity.
    package let aclSignature: String
    /// Roles and groups, for redaction exemptions.
    let exemptionNames: Set<String>

    package init(
        tenant: String, subject: String?, roles: [String], groups: [String], scopes: Set<Scope>, keyID: String? = nil,
        delegation: Delegation? = nil
    ) {
        self.tenant = tenant
        self.keyID = keyID
        self.delegation = delegation
        self.subject = subject.map(PrincipalName.normalise)
        self.roles = roles.map(PrincipalName.normalise)
        self.groups = groups.map(PrincipalName.normalise)
        self.scopes = scopes
        // Made once: every search keys caches on these, and a principal outlives many searches.
        let own = (self.subject.map { [$0] } ?? []) + self.roles + self.groups
        aclSignature = own.isEmpty ? "" : (own + ["tenant:*"]).sorted().joined(separator: "\u{1F}")
        exemptionNames = Set(self.roles + self.groups)
    }

    /// An operator acting as someone else from a local tool (`ragvault query --as`). Names are
    /// validated; bare names get their prefix (`eng` → `role:eng`).
    public static func impersonating(tenant: String, subject: String?, roles: [String], groups: [String] = []) throws -> Principal {
        try TenantName.validate(tenant)
        func typed(_ values: [String], _ kind: String) throws -> [String] {
            try values.filter { !$0.isEmpty }.map { value in
                let folded = PrincipalName.normalise(value)
                let full = folded.hasPrefix(kind + ":") ? folded : kind + ":" + folded
                try PrincipalName.validate(full)
                return full
            }
        }
        let user = try subject.map { try typed([$0], "user") }?.first
        return Principal(
            tenant: tenant, subject: user, roles: try typed(roles, "role"), groups: try typed(groups, "group"),
            scopes: [.search])
    }

    /// Every ACL principal this caller matches, `tenant:*` included. Fails closed on an empty
    /// identity: no subject, roles or groups is an error, not "public documents only".
    func aclPrincipals() throws -> [String] {
        let own = (subject.map { [$0] } ?? []) + roles + groups
        guard !own.isEmpty else {
            throw RAGVaultError(.emptyScope, "the credential for tenant '\(tenant)' carries no user, role or group; nothing can be searched")
        }
        return own + ["tenant:*"]
    }

    /// Whether an access list lets this principal read: some allow entry matches and no deny
    /// entry does (deny wins).
    public func mayRead(_ acl: AccessList) -> Bool {
        // The names of `aclPrincipals()`, compared in place: this runs for every returned row.
        guard subject != nil || !roles.isEmpty || !groups.isEmpty else { return false }
        func mine(_ name: String) -> Bool { name == "tenant:*" || name == subject || roles.contains(name) || groups.contains(name) }
        return acl.allow.contains(where: mine) && !acl.deny.contains(where: mine)
    }
}

/// Where a delegated principal's identity came from, for audit records: the token's issuer,
/// its own `sub` and `jti` (the principal's subject is the mapped `user:…`).
public struct Delegation: Sendable, Equatable {
    public let issuer: String
    public let tokenSubject: String?
    public let tokenID: String?
}
