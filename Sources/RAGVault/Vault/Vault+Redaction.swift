/// Per-tenant redaction: the stored policy and the tenant's pseudonym key.
extension Vault {
    /// The tenant's redaction policy (the default masks every PII type).
    public func policy(for tenant: String) throws -> RedactionPolicy {
        let record = try tenantRecord(tenant)
        return try withCatalog { try $0.policy(tenantID: record.id) }
    }

    /// Replaces the tenant's policy (validated as a whole first).
    public func setPolicy(_ policy: RedactionPolicy, for tenant: String) throws {
        try policy.validate()
        let record = try tenantRecord(tenant)
        try withCatalog { try $0.setPolicy(policy, tenantID: record.id) }
    }

    /// A redactor with the tenant's pseudonym key, and the tenant's policy.
    public func redaction(for tenant: String) throws -> (Redactor, RedactionPolicy) {
        try redaction(for: tenant, store: try store(for: tenant))
    }

    /// The same, with the tenant's store already at hand (the search path has it).
    func redaction(for tenant: String, store: TenantStore) throws -> (Redactor, RedactionPolicy) {
        (Redactor(pseudonymKey: try store.pseudonymKey()), try policy(for: tenant))
    }

    /// An indexer for the tenant: secrets are scrubbed at ingest unless the policy opts out.
    public func indexer(for tenant: String, chunker: Chunker = Chunker(), maxACLEntries: Int = 256) throws -> Indexer {
        let store = try store(for: tenant)
        let scrub = try policy(for: tenant).scrubSecretsAtIngest
        return Indexer(store: store, reader: try unpooledStore(for: tenant),
                       preparer: DocumentPreparer(chunker: chunker, scrubber: scrub ? Redactor() : nil, maxACLEntries: maxACLEntries))
    }
}
