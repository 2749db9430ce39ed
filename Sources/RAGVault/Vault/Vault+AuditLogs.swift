import Foundation

/// Reading the audit logs: export with filters and pages, verification against an anchored
/// head, query confirmation and pruning. `tenant: nil` is the operator log.
extension Vault {
    /// Records of one log, oldest first, from a verified chain.
    public func auditRecords(tenant: String?, filter: AuditFilter = AuditFilter()) throws -> AuditPage {
        let log = try readAuditLog(tenant: tenant)
        if let problem = log.result.problem { throw AuditLogFile.damaged(log.path, problem) }
        let since = filter.since, until = filter.until
        var records: [AuditRecord] = []
        var more = false
        for entry in log.result.entries where entry.record.seq > (filter.after ?? 0) {
            if since != nil || until != nil {
                guard let time = try? Date(entry.record.time, strategy: .iso8601) else { continue }
                if let since, time < since { continue }
                if let until, time >= until { continue }
            }
            if let limit = filter.limit, records.count == limit { more = true; break }
            records.append(entry.record)
        }
        return AuditPage(records: records, nextAfter: more ? records.last?.seq : nil)
    }

    /// Checks every record of the log; with `head` (`seq:link`, from `auditHead`), also that
    /// the record at that seq is still there, unchanged — so a rewrite before it or a cut-off
    /// tail is found.
    public func verifyAudit(tenant: String?, head: String? = nil) throws -> AuditVerification {
        let log = try readAuditLog(tenant: tenant)
        let result = log.result
        var verification = AuditVerification(
            ok: result.problem == nil, records: result.entries.count,
            firstSeq: result.entries.first?.record.seq, lastSeq: result.entries.last?.record.seq,
            head: Self.head(result.position), problem: result.problem?.description,
            badSeq: result.problem?.seq.map(Int.init))
        if let checkpoint = result.checkpoint {
            verification.checkpoint = .init(
                seq: checkpoint.record.seq, prunedBefore: checkpoint.record.prunedBefore,
                prunedRecords: checkpoint.record.prunedRecords)
        }
        if let head {
            let parts = head.split(separator: ":")
            guard parts.count == 2, let seq = UInt64(parts[0]), parts[1].count == 64 else {
                throw RAGVaultError(.invalidInput, "a head is 'SEQ:LINK' as 'ragvault audit head' prints it")
            }
            verification.headProblem = Self.anchorProblem(seq: seq, link: String(parts[1]).lowercased(), in: result, what: "anchored")
            if verification.headProblem != nil { verification.ok = false }
            verification.headChecked = true
        }
        // The catalog's own anchor: how far writers have taken this log. A log that is missing,
        // emptied, shorter, or rewritten up to it fails, as a missing store does.
        // (Past damage the chain problem is the finding; a cut is judged on an intact chain.)
        if let mark = try withCatalog({ try $0.auditMark(owner: log.owner) }), result.problem == nil || mark.cutBelow != nil {
            let problem =
                mark.cutBelow.map {
                    "a writer found this log ending before record \($0), which had been written: records were cut off or the file replaced"
                } ?? Self.anchorProblem(seq: mark.seq, link: Hex.encode(mark.link), in: result, what: "last recorded")
            if let problem {
                verification.ok = false
                verification.code = RAGVaultError.Code.auditTruncated.rawValue
                verification.truncation = problem
            }
        }
        return verification
    }

    /// What is wrong with the log at a head known from elsewhere (`seq`, hex `link`), or nil
    /// when the record at that seq is there, unchanged.
    static func anchorProblem(seq: UInt64, link: String, in result: AuditChain.Result, what: String) -> String? {
        if let checkpoint = result.checkpoint, seq < checkpoint.raw.seq {
            return what == "anchored"
                ? "the anchored head (record \(seq)) was pruned (the log now starts after record \(checkpoint.raw.seq)); it cannot be checked" : nil
        } else if let checkpoint = result.checkpoint, seq == checkpoint.raw.seq {
            return Hex.encode(checkpoint.raw.link) == link ? nil : "the checkpoint does not carry the \(what) head: the pruned part was rewritten"
        } else if let entry = result.entries.first(where: { $0.raw.seq == seq }) {
            return Hex.encode(entry.raw.link) == link ? nil : "record \(seq) is not the \(what) one: the log was rewritten up to it"
        } else if result.problem == nil {
            return result.entries.isEmpty && result.checkpoint == nil
                ? "the log is missing or empty, but record \(seq) was \(what == "anchored" ? "anchored" : "written"): records were cut off"
                : "the log ends at record \(result.position.seq), before the \(what) head \(seq): records were cut off the end"
        }
        return "the \(what) record \(seq) is not reachable past the damage"
    }

    /// Accepts that `tenant`'s log (nil: the operator log) is what it is now: after an operator
    /// has looked into an `audit_truncated` finding, the catalog's mark moves to the log's end
    /// and the evidence is cleared. The acceptance is itself recorded in that log.
    public func acceptAuditTruncation(tenant: String?, context: AuditContext? = nil) throws -> AuditVerification {
        let before = try verifyAudit(tenant: tenant)
        guard before.problem == nil else { throw RAGVaultError(.auditDamaged, "the log does not verify: \(before.problem ?? "")") }
        let log = try readAuditLog(tenant: tenant)
        try withCatalog { try $0.resetAuditMark(owner: log.owner, to: log.result.position) }
        try audited(context, "audit.accept_truncation", tenant: tenant, subject: nil) { record in
            record.before = .object(["finding": .string(before.truncation ?? "none")])
        }
        flushAudit()
        return try verifyAudit(tenant: tenant)
    }

    /// The chain head, `seq:link`, to keep elsewhere for a later `verifyAudit(head:)`.
    public func auditHead(tenant: String?) throws -> String {
        let log = try readAuditLog(tenant: tenant)
        if let problem = log.result.problem { throw AuditLogFile.damaged(log.path, problem) }
        return Self.head(log.result.position)
    }

    /// Sequence numbers of search records whose raw query was exactly `query`.
    public func auditQueryMatches(tenant: String, query: String) throws -> [Int] {
        let log = try readAuditLog(tenant: tenant)
        if let problem = log.result.problem { throw AuditLogFile.damaged(log.path, problem) }
        let hash = try auditKeys(owner: log.owner).queryHash(query)
        return log.result.entries.filter { $0.record.queryHash == hash }.map(\.record.seq)
    }

    /// Removes the records made before `before`, leaving a checkpoint that carries the last
    /// removed link, so the rest still verifies. Refuses a log that does not verify.
    public func pruneAudit(tenant: String?, before: Date, context: AuditContext? = nil) throws -> AuditPruneResult {
        let (owner, path) = try auditLog(tenant: tenant)
        let keys = try auditKeys(owner: owner)
        let subject: String? = nil
        return try audited(context, "audit.prune", tenant: tenant, subject: subject) { record in
            let result = try AuditPruner(path: path, chain: AuditChain(owner: owner, keys: keys)).prune(before: before)
            record.prunedBefore = AuditTrail.timestamp(before)
            record.prunedRecords = result.pruned
            return result
        }
    }

    static func head(_ position: AuditChain.Position) -> String { "\(position.seq):\(Hex.encode(position.link))" }

    /// The whole log, read under a shared lock (no writer mid-append) and checked.
    func readAuditLog(tenant: String?) throws -> (owner: String, path: String, result: AuditChain.Result) {
        let (owner, path) = try auditLog(tenant: tenant)
        // What this process appended and has not synced yet (reads within their window) is
        // part of the trail its reader asks for.
        auditTrail.flush(owner: owner)
        advanceAuditMark(owner: owner)
        let chain = AuditChain(owner: owner, keys: try auditKeys(owner: owner))
        guard let fd = try AuditLogFile.openLocked(path, exclusive: false, create: false) else {
            return (owner, path, chain.read([]))
        }
        defer { flock(fd, LOCK_UN); Glibc.close(fd) }
        return (owner, path, chain.read(try AuditLogFile.readAll(fd, path: path)))
    }
}

extension Vault {
    /// Records that the log was read (an export or `GET /v1/audit`), in that same log.
    public func recordAuditRead(tenant: String?, returned: Int, subject: String? = nil, audit: AuditContext? = nil) throws {
        try audited(audit, "audit.read", tenant: tenant, subject: subject) { record in
            record.after = .object(["records": .number(Double(returned))])
        }
    }
}

extension Vault {
    /// A tenant admin reads the tenant's own log (a page of it); the read is recorded too.
    public func auditRecords(as admin: Principal, filter: AuditFilter, audit: AuditContext? = nil) throws -> AuditPage {
        try audited(audit, "audit.read", tenant: admin.tenant, subject: admin.subject) { record in
            try admin.require([.admin], to: "read the audit log")
            let page = try auditRecords(tenant: admin.tenant, filter: filter)
            record.after = .object(["records": .number(Double(page.records.count))])
            return page
        }
    }
}
