import Foundation

/// Recording: every audited action runs through `audited`, which times it, fills in who and
/// through which door, and appends the record — after the action, before its answer is
/// returned (strict durability: after the record is synced).
extension Vault {
    /// Strict (default) or relaxed, for this process's writes.
    public var auditDurability: AuditDurability {
        get { auditTrail.durability }
        set { auditTrail.durability = newValue }
    }

    /// Benchmarks' baseline: nothing recorded (package access only; no product path sets it).
    package var auditDisabled: Bool {
        get { auditTrail.disabled }
        set { auditTrail.disabled = newValue }
    }

    static let operatorAuditFile = "audit-operator.log"

    /// The owner name and file of a tenant's log (nil: the operator log).
    func auditLog(tenant: String?) throws -> (owner: String, path: String) {
        guard let tenant else { return (AuditTrail.operatorOwner, directory + "/" + Self.operatorAuditFile) }
        let record = try tenantRecord(tenant)
        return (record.id, directory + "/" + Self.tenantsFolder + "/" + Self.auditFileName(tenantID: record.id))
    }

    static func auditFileName(tenantID: String) -> String { tenantID + ".audit" }

    func auditKeys(owner: String) throws -> AuditKeys {
        try auditTrail.keys(owner: owner) { AuditKeys(root: try withCatalog { try $0.auditRoot(owner: owner) }) }
    }

    /// Where a record goes: `tenant`'s log, or the operator log when `tenant` is nil or does not
    /// exist (then the record names it).
    struct AuditTarget {
        let owner: String
        let path: String
        let namesTenant: String?
        var isTenantLog: Bool { owner != AuditTrail.operatorOwner }
    }

    func auditTarget(tenant: String?) throws -> AuditTarget {
        do {
            let log = try auditLog(tenant: tenant)
            return AuditTarget(owner: log.owner, path: log.path, namesTenant: nil)
        } catch let error as RAGVaultError where error.code == .tenantNotFound || error.code == .tenantNameInvalid {
            let log = try auditLog(tenant: nil)
            return AuditTarget(owner: log.owner, path: log.path, namesTenant: tenant.map { String($0.prefix(64)) })
        }
    }

    /// Appends `record` to `tenant`'s log, or to the operator log when `tenant` is nil or no
    /// longer exists (then the record names it).
    public func recordAudit(_ record: AuditRecord, tenant: String?) throws {
        try append(record, to: try auditTarget(tenant: tenant))
    }

    private func append(_ record: AuditRecord, to target: AuditTarget) throws {
        var record = record.withCallerStringsRedacted()
        if let named = target.namesTenant { record.tenant = named }
        try auditTrail.append(
            record, owner: target.owner, path: target.path, keys: { try auditKeys(owner: target.owner) },
            floor: { try withCatalog { try $0.auditMark(owner: target.owner)?.seq ?? 0 } })
        advanceAuditMark(owner: target.owner)
    }

    /// Tells the catalog how far `owner`'s log has come (and whether a writer found it cut).
    /// Best effort: the record is already durable, and a mark left behind is only lower — it
    /// can miss a cut made in the meantime, never report one that was not.
    func advanceAuditMark(owner: String) {
        guard let progress = auditTrail.takeProgress(owner: owner) else { return }
        try? withCatalog { try $0.advanceAuditMark(owner: owner, committed: progress.committed, cutBelow: progress.cutBelow) }
    }

    /// The context of a call that gave none: this vault's default interface.
    func auditContext(_ given: AuditContext?) -> AuditContext {
        given ?? AuditContext(interface: defaultAuditInterface)
    }

    /// Runs `action`, then records it (success or failure) in `tenant`'s log (nil: the
    /// operator log) with its latency. `body` adds the action's details to the record. A
    /// record that cannot be written fails the call: its answer would not be on record.
    /// `query`, for searches, is recorded redacted (as the strictest reader would see it) with
    /// a keyed hash of it as typed. The log is looked up once per call; with auditing off,
    /// nothing is looked up, hashed or redacted.
    func audited<T>(
        _ context: AuditContext?, _ action: String, tenant: String?, subject: String?, query: String? = nil,
        alsoToOperatorLog: Bool = false, _ body: (inout AuditRecord) throws -> T
    ) throws -> T {
        let context = auditContext(context)
        var record = context.record(action, subject: subject)
        guard !auditTrail.disabled else { return try body(&record) }
        let clock = DispatchTime.now().uptimeNanoseconds
        let target = try auditTarget(tenant: tenant)
        if let query {
            record.queryHash = try auditKeys(owner: target.owner).queryHash(query)
            // As the tenant's index would hold it: names and addresses out too where it masks them.
            let contextual = tenant.flatMap { try? policy(for: $0).contextualTypes } ?? []
            record.query = Redactor(contextual: contextual).redact(query, policy: .maskEverything).text
        }
        let result: Result<T, Error>
        do { result = .success(try body(&record)) } catch { result = .failure(error) }
        record.latencyMs = (Double(DispatchTime.now().uptimeNanoseconds - clock) / 1e3).rounded() / 1e3
        if case .failure(let error) = result {
            if error is UnrecordedOutcome { return try result.get() }
            Self.describe(error, in: &record)
        }
        try append(record, to: target)
        if alsoToOperatorLog, target.isTenantLog, let tenant {
            record.tenant = tenant
            try recordAudit(record, tenant: nil)
        }
        context.receipt?.markWritten()
        return try result.get()
    }

    /// Outcome and code of a failed action: `denied` for answers about access, else `error`.
    static func describe(_ error: Error, in record: inout AuditRecord) {
        guard let error = error as? RAGVaultError else {
            (record.outcome, record.code) = ("error", "internal")
            return
        }
        let denials: Set<RAGVaultError.Code> = [.unauthenticated, .forbidden, .notFound, .emptyScope]
        record.outcome = denials.contains(error.code) ? "denied" : "error"
        record.code = error.code.rawValue
    }

    /// Waits until every record this process appended is on disk (relaxed mode's window), and
    /// brings the catalog's marks up to it.
    public func flushAudit() {
        auditTrail.flush()
        auditTrail.owners.forEach(advanceAuditMark(owner:))
    }
}

/// Indexing runs (`ragvault index`): one record per run.
extension Vault {
    /// Runs an indexing job and records it: every document seen with the version it is at now,
    /// every skipped one with its code, and the run's counts.
    public func auditedIngest(
        tenant: String, audit: AuditContext? = nil,
        _ run: () throws -> (IndexSummary, Set<String>)
    ) throws -> (IndexSummary, Set<String>) {
        try audited(audit, "ingest", tenant: tenant, subject: nil) { record in
            let (summary, seen) = try run()
            let store = try store(for: tenant)
            let skipped = Set(summary.skipped.map(\.id))
            var documents = try seen.subtracting(skipped).sorted().map { id in
                AuditDocument(id: String(id.prefix(256)), version: try store.documentState(externalID: id)?.version)
            }
            documents += summary.skipped.map { AuditDocument(id: String($0.id.prefix(256)), outcome: "skipped", code: $0.code) }
            record.documents = documents
            record.after = .object([
                "added": .number(Double(summary.added)), "updated": .number(Double(summary.updated)),
                "unchanged": .number(Double(summary.unchanged)), "acl_updated": .number(Double(summary.aclUpdated)),
                "deleted": .number(Double(summary.deleted)), "skipped": .number(Double(summary.skipped.count))
            ])
            return (summary, seen)
        }
    }
}
