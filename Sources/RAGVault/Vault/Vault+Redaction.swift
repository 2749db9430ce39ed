/// Per-tenant redaction: the stored policy and the tenant's pseudonym key.
extension Vault {
    /// The tenant's redaction policy (the default masks every PII type).
    public func policy(for tenant: String) throws -> RedactionPolicy {
        // One lock and one look at the catalog's stamp for both reads (searches audit with it).
        try withCatalog { catalog in try catalog.reading { try catalog.policy(tenantID: try requireTenant(tenant).id) } }
    }

    /// Replaces the tenant's policy (validated as a whole first). A policy that turns PERSON or
    /// STREET_ADDRESS on or off rebuilds the tenant's index before it returns (a search
    /// that finds the store behind its policy rebuilds it first, should this one not finish).
    public func setPolicy(_ policy: RedactionPolicy, for tenant: String, subject: String? = nil, audit: AuditContext? = nil) throws {
        try replaceRecorded(
            policy, "policy.write", tenant: tenant, subject: subject, audit: audit, validate: policy.validate,
            read: { try $0.policy(tenantID: $1) }, write: { try $0.setPolicy(policy, tenantID: $1) })
        try store(for: tenant).applyContextualTypes(policy.contextualTypes)
    }

    /// The tenant's search settings (defaults when none were set).
    public func settings(for tenant: String) throws -> TenantSettings {
        let record = try tenantRecord(tenant)
        return try withCatalog { try $0.settings(tenantID: record.id) }
    }

    /// Replaces the tenant's search settings (validated first).
    public func setSettings(_ settings: TenantSettings, for tenant: String, audit: AuditContext? = nil) throws {
        try replaceRecorded(
            settings, "settings.write", tenant: tenant, subject: nil, audit: audit, validate: settings.validate,
            read: { try $0.settings(tenantID: $1) }, write: { try $0.setSettings(settings, tenantID: $1) })
    }

    /// Replaces one of the tenant's catalog documents (validated first; read and written under
    /// one catalog lock) and records the change — refused ones too — with the value before and after.
    private func replaceRecorded<T: Encodable>(
        _ value: T, _ action: String, tenant: String, subject: String?, audit: AuditContext?,
        validate: () throws -> Void, read: (Catalog, String) throws -> T,
        write: (Catalog, String) throws -> Void
    ) throws {
        try audited(audit, action, tenant: tenant, subject: subject) { record in
            try validate()
            let id = try tenantRecord(tenant).id
            record.before = .of(
                try withCatalog { catalog in
                    let before = try read(catalog, id)
                    try write(catalog, id)
                    return before
                })
            record.after = .of(value)
        }
    }

    /// Document listings for operators: titles and sources leave through the tenant's redactor
    /// like every other output (as a reader without exemptions) unless `redacted` is false.
    public func documentSummaries(tenant: String, externalID: String? = nil, redacted: Bool = true) throws -> [TenantStore.DocumentSummary] {
        let store = try store(for: tenant)
        let summaries = try store.documentSummaries(externalID: externalID)
        guard redacted else { return summaries }
        let (redactor, policy) = try redaction(for: tenant, store: store)
        return summaries.map { summary in
            var s = summary
            s.title = redactor.redact(s.title, policy: policy).text
            s.source = s.source.map { redactor.redact($0, policy: policy).text }
            return s
        }
    }

    /// A redactor with the tenant's pseudonym key, and the tenant's policy.
    public func redaction(for tenant: String) throws -> (Redactor, RedactionPolicy) {
        try redaction(for: tenant, store: try store(for: tenant))
    }

    /// What a search needs of its tenant — the open store, settings, and a redactor with the
    /// policy — with one catalog read under the lock.
    func searchConfiguration(for tenant: String) throws -> (TenantStore, TenantSettings, Redactor, RedactionPolicy) {
        let (store, (settings, policy)) = try store(for: tenant) { catalog, record in
            (try catalog.settings(tenantID: record.id), try catalog.policy(tenantID: record.id))
        }
        try Self.indexFollows(policy, store)
        return (store, settings, Redactor(pseudonymKey: try store.pseudonymKey(), contextual: policy.contextualTypes), policy)
    }

    /// Rebuilds the store's index when its opt-in types are not the policy's (a policy change
    /// that did not finish, or made by another process): before any search ranks on it.
    static func indexFollows(_ policy: RedactionPolicy, _ store: TenantStore) throws {
        let wanted = policy.contextualTypes
        if store.knownContextualTypes != wanted { try store.applyContextualTypes(wanted) }
    }

    /// The same, with the tenant's store already at hand (the search path has it).
    func redaction(for tenant: String, store: TenantStore) throws -> (Redactor, RedactionPolicy) {
        let policy = try policy(for: tenant)
        return (Redactor(pseudonymKey: try store.pseudonymKey(), contextual: policy.contextualTypes), policy)
    }

    /// An indexer for the tenant: secrets are scrubbed at ingest unless the policy opts out.
    /// `separateReader`: a second connection for the skip decisions of a pipelined run; a
    /// one-document write (the API) reads on the writer's own.
    public func indexer(
        for tenant: String, chunker: Chunker = Chunker(), maxACLEntries: Int = 256,
        separateReader: Bool = true
    ) throws -> Indexer {
        let store = try store(for: tenant)
        let policy = try policy(for: tenant)
        var preparer = DocumentPreparer(chunker: chunker, scrubber: policy.scrubSecretsAtIngest ? Redactor() : nil, maxACLEntries: maxACLEntries)
        preparer.contextual = policy.contextualTypes
        return Indexer(store: store, reader: separateReader ? try unpooledStore(for: tenant) : store, preparer: preparer)
    }
}
