import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault

/// What the records say, and what they never hold: secret values, unredacted PII, raw
/// queries, key secrets — neither in the decrypted records nor, in any form, in the files.
@Suite struct AuditRecordTests {
    static let token = "ghp_Q7vL4pZ9tY1wK6nB3cJ5hF0dS8aE2uGxR2m8"
    static let ssn = "078-05-1120"
    static let email = "zoe.canary@example.org"

    /// Every byte of every audit log, and every record of every log decrypted.
    static func everything(_ vault: Vault, tenants: [String]) throws -> (files: [UInt8], records: String) {
        var files: [UInt8] = [], records = ""
        for tenant in tenants.map(Optional.some) + [nil] {
            let path = try vault.auditLog(tenant: tenant).path
            files += (try? Array(Data(contentsOf: URL(fileURLWithPath: path)))) ?? []
            let page = try vault.auditRecords(tenant: tenant)
            records += String(decoding: try JSONEncoder().encode(page.records), as: UTF8.self)
        }
        return (files, records)
    }

    static func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard haystack.count >= n.count else { return false }
        return (0...(haystack.count - n.count)).contains { haystack[$0..<($0 + n.count)].elementsEqual(n) }
    }

    @Test func aSearchRecordHoldsTheRedactedQueryItsHashAndWhatCameBack() throws {
        let f = try AuditFixture()
        let raw = "signing key \(Self.token) for \(Self.email)"
        let result = try f.retriever.search(
            SearchRequest(query: raw), as: AuditFixture.alice,
            audit: AuditContext(interface: .http, requestID: "req-1", keyID: "k1"))
        let record = try #require(try f.vault.auditRecords(tenant: "acme").records.last)
        #expect(record.action == "search")
        #expect(record.outcome == "ok")
        #expect(record.interface == .http)
        #expect(record.requestID == "req-1")
        #expect(record.keyID == "k1")
        #expect(record.subject == "user:alice")
        #expect(record.chunkIDs == result.results.map(\.chunkID))
        #expect(!(record.chunkIDs ?? []).isEmpty)
        #expect(record.latencyMs != nil)
        let query = try #require(record.query)
        #expect(!query.contains(Self.token) && !query.contains(Self.email))
        #expect(query.contains("signing key"))
        #expect(try f.vault.auditQueryMatches(tenant: "acme", query: raw) == [record.seq])
        #expect(try f.vault.auditQueryMatches(tenant: "acme", query: raw + " ").isEmpty)
        let all = try Self.everything(f.vault, tenants: ["acme"])
        for canary in [Self.token, Self.email, raw] {
            #expect(!all.records.contains(canary))
            #expect(!Self.contains(all.files, canary))
        }
    }

    @Test func passagesWithSecretsAndPIILeaveOnlyCounts() throws {
        let f = try AuditFixture(documents: 0)
        let text = "Deploy token \(Self.token). Employee SSN \(Self.ssn), mail \(Self.email). Rotate the signing key."
        let line = try JSONEncoder().encode(["id": "leaky", "text": text])
        let doc = String(decoding: line, as: UTF8.self).dropLast() + #","acl":{"allow":["role:eng"]}}"#
        var policy = RedactionPolicy.default
        policy.scrubSecretsAtIngest = false // the secret is stored, and masked at read time
        try f.vault.setPolicy(policy, for: "acme")
        _ = try f.vault.writeDocument(json: Data(doc.utf8), pathID: nil, as: AuditFixture.writer)
        let result = try f.retriever.search(SearchRequest(query: "rotate signing key"), as: AuditFixture.alice)
        let hit = try #require(result.results.first)
        _ = try f.retriever.chunk(hit.chunkID, as: AuditFixture.alice)
        _ = try f.retriever.document("leaky", as: AuditFixture.alice)
        let records = try f.vault.auditRecords(tenant: "acme").records
        let search = try #require(records.first { $0.action == "search" })
        #expect((search.redactions?.values.reduce(0, +) ?? 0) >= 2, "\(String(describing: search.redactions))")
        #expect(records.contains { $0.action == "chunk.read" && $0.chunkIDs == [hit.chunkID] && $0.documents?.first?.id == "leaky" })
        #expect(records.contains { $0.action == "document.read" && $0.documents?.first?.version == 1 })
        let all = try Self.everything(f.vault, tenants: ["acme"])
        for canary in [Self.token, Self.ssn, Self.email] {
            #expect(!all.records.contains(canary), "\(canary) in a record")
            #expect(!Self.contains(all.files, canary))
        }
    }

    @Test func refusalsAreRecordedWithTheirCode() throws {
        let f = try AuditFixture()
        let noSearch = Principal(tenant: "acme", subject: "user:bob", roles: ["role:eng"], groups: [], scopes: [.ingest])
        #expect(throws: RAGVaultError.self) { _ = try f.retriever.search(SearchRequest(query: "key"), as: noSearch) }
        #expect(throws: RAGVaultError.self) { _ = try f.retriever.chunk("0000000000000000", as: AuditFixture.alice) }
        let records = try f.vault.auditRecords(tenant: "acme").records.suffix(2)
        #expect(records.map(\.outcome) == ["denied", "denied"])
        #expect(records.map(\.code) == ["forbidden", "not_found"])
        #expect(records.last?.chunkIDs == ["0000000000000000"])
        // A tenant that does not exist: the operator log, naming it.
        let ghost = Principal(tenant: "ghost", subject: "user:x", roles: ["role:eng"], groups: [], scopes: [.search])
        #expect(throws: RAGVaultError.self) { _ = try f.retriever.search(SearchRequest(query: "key"), as: ghost) }
        let op = try #require(try f.vault.auditRecords(tenant: nil).records.last)
        #expect(op.tenant == "ghost" && op.code == "tenant_not_found" && op.action == "search")
    }

    @Test func changesCarryBeforeAndAfterAndKeysNeverTheirSecret() throws {
        let f = try AuditFixture()
        _ = try f.vault.updateACL("doc-0", to: AccessList(allow: ["role:hr"]), as: AuditFixture.writer)
        var policy = RedactionPolicy.default
        policy.scrubSecretsAtIngest = false
        try f.vault.setPolicy(policy, for: "acme")
        let created = try f.vault.createAPIKey(tenant: "acme", subject: "alice", roles: ["eng"], scopes: [.search])
        try f.vault.revokeAPIKey(id: created.record.id)
        let records = try f.vault.auditRecords(tenant: "acme").records
        let acl = try #require(records.first { $0.action == "document.acl" })
        #expect(acl.before == .object(["allow": .array([.string("role:eng")]), "deny": .array([])]) || acl.before != nil)
        #expect(String(describing: acl.before).contains("role:eng") && String(describing: acl.after).contains("role:hr"))
        let policyRecord = try #require(records.first { $0.action == "policy.write" })
        #expect(policyRecord.before != policyRecord.after)
        let create = try #require(records.first { $0.action == "key.create" })
        #expect(String(describing: create.after).contains(created.record.id))
        let revoke = try #require(records.first { $0.action == "key.revoke" })
        #expect(String(describing: revoke.after).contains("revoked"))
        let operatorActions = try f.vault.auditRecords(tenant: nil).records.map(\.action)
        #expect(operatorActions == ["tenant.create", "key.create", "key.revoke"])
        let all = try Self.everything(f.vault, tenants: ["acme"])
        let secret = String(created.key.dropFirst("rvk_".count + 16 + 1)) // the secret may itself hold "_"
        #expect(secret.count == 43)
        #expect(!all.records.contains(secret))
        #expect(!Self.contains(all.files, secret))
    }

    @Test func deletingATenantShredsItsLogAndTheOperatorLogSaysSo() throws {
        let f = try AuditFixture()
        let (owner, path) = try f.vault.auditLog(tenant: "acme")
        let copy = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        try f.vault.deleteTenant("acme")
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try f.vault.withCatalog { try $0.countAuditKeys(owner: owner) } == 0)
        let last = try #require(try f.vault.auditRecords(tenant: nil).records.last)
        #expect(last.action == "tenant.delete" && last.tenant == "acme" && last.outcome == "ok")
        // The copy taken before cannot be read with any key the vault still holds.
        let chain = AuditChain(owner: owner, keys: AuditKeys(root: try f.vault.withCatalog { try $0.auditRoot(owner: owner) }))
        #expect(chain.read(copy).entries.isEmpty)
        #expect(chain.read(copy).problem != nil)
    }

    /// The logs' keys live in the catalog: a master key rotation (new catalog) and a tenant data
    /// key rotation (new store file) leave every log readable, verifiable and appendable.
    @Test func keyRotationsKeepEveryLogVerifiable() throws {
        let f = try AuditFixture()
        let tenantHead = try f.vault.auditHead(tenant: "acme")
        let operatorHead = try f.vault.auditHead(tenant: nil)
        try f.vault.rotateTenantKey("acme")
        try f.vault.rotateMasterKey(to: .generatedKeyFile)
        try f.search(1)
        f.vault.close()
        let reopened = try Vault.open(at: f.dir.file("data"))
        try reopened.recordAudit(AuditRecord(interface: .library, action: "after.rotations"), tenant: "acme")
        let tenant = try reopened.verifyAudit(tenant: "acme", head: tenantHead)
        #expect(tenant.ok, "\(tenant.problem ?? tenant.headProblem ?? "")")
        #expect(tenant.records == 5)
        let op = try reopened.verifyAudit(tenant: nil, head: operatorHead)
        #expect(op.ok)
        #expect(try reopened.auditRecords(tenant: nil).records.map(\.action).suffix(2) == ["tenant.rotate_key", "master_key.rotate"])
    }

    @Test func theCLIRecordsItsActionsAsCLI() throws {
        let f = try AuditFixture()
        f.vault.close()
        let data = f.dir.file("data")
        let query = try CLIBinary.run(["query", "--tenant", "acme", "--data", data, "--as", "alice", "--roles", "eng", "signing key"])
        #expect(query.status == 0, "\(query.stderr)")
        let export = try CLIBinary.run(["audit", "export", "--tenant", "acme", "--data", data, "--since", "2020-01-01"])
        #expect(export.status == 0, "\(export.stderr)")
        let lines = export.stdout.split(separator: "\n")
        let search = try #require(lines.last)
        #expect(search.contains(#""interface":"cli""#) && search.contains(#""action":"search""#) && search.contains(#""local_user""#))
        #expect(lines.count == 4)
        let none = try CLIBinary.run(["audit", "export", "--tenant", "acme", "--data", data, "--until", "2020-01-01"])
        #expect(none.stdout.isEmpty)
        // The export itself is on record.
        let reopened = try Vault.open(at: data)
        #expect(try reopened.auditRecords(tenant: "acme").records.suffix(2).map(\.action) == ["audit.read", "audit.read"])
    }

    @Test func tailShowsTheLastRecordsThenNewOnesAsTheyAreWritten() throws {
        let f = try AuditFixture()
        f.vault.close()
        let data = f.dir.file("data")
        let last = try CLIBinary.run(["audit", "tail", "--tenant", "acme", "--data", data, "-n", "2", "--no-follow"])
        #expect(last.status == 0)
        #expect(last.stdout.split(separator: "\n").map { $0.contains(#""seq":2"#) || $0.contains(#""seq":3"#) } == [true, true])
        let pause = PausePoint("audit.tail-following", in: f.dir.path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIBinary.path)
        process.arguments = ["audit", "tail", "--tenant", "acme", "--data", data, "-n", "0"]
        process.environment = ProcessInfo.processInfo.environment.merging(pause.environment) { $1 }
        let out = Pipe()
        process.standardOutput = out
        let output = Output()
        out.fileHandleForReading.readabilityHandler = { output.append($0.availableData) }
        try process.run()
        // SIGKILL: a child may inherit a signal mask that blocks SIGTERM from the test runner.
        defer { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        #expect(pause.waitUntilParked(process), "tail never started following")
        let writer = try Vault.open(at: data)
        var record = AuditRecord(interface: .library, action: "live.one")
        record.requestID = "live-marker"
        try writer.recordAudit(record, tenant: "acme")
        writer.close()
        pause.resume()
        #expect(waitUntil { output.text.contains("live-marker") })
        out.fileHandleForReading.readabilityHandler = nil
        let seen = output.text
        #expect(seen.contains("live-marker"))
        #expect(!seen.contains(#""seq":1"#), "-n 0 shows no earlier record")
    }

    @Test func relaxedDurabilityWritesWithinTheWindow() throws {
        let f = try AuditFixture(documents: 0)
        f.vault.auditDurability = .relaxed(windowMs: 50)
        try f.search(20)
        f.vault.flushAudit()
        let result = try f.vault.verifyAudit(tenant: "acme")
        #expect(result.ok)
        #expect(result.records == 20)
        try f.search(1)
        // Written by the window's timer, without a flush (a bound for loaded machines, not the window).
        #expect(try waitUntil(timeout: 30) { try f.vault.verifyAudit(tenant: "acme").records == 21 })
    }

    /// The default: a read is answered before its record is synced (reads share a sync within
    /// the window), a change only after its record — and every read before it — is on disk, and
    /// waiting for it ends the window early.
    @Test func byDefaultReadsShareASyncAndChangesWaitForTheirs() throws {
        let f = try AuditFixture(documents: 0)
        #expect(f.vault.auditDurability == .readsRelaxed(windowMs: AuditDurability.defaultRelaxedWindowMs))
        f.vault.auditDurability = .readsRelaxed(windowMs: 20_000) // longer than the test takes
        try f.search(1) // a log's first record waits: it finds and checks the chain's end
        let before = f.vault.auditTrail.syncCount
        try f.search(20)
        #expect(f.vault.auditTrail.syncCount == before, "a read waited for a sync")
        let started = Date()
        try f.vault.recordAudit(AuditRecord(interface: .library, action: "document.acl"), tenant: "acme")
        #expect(Date().timeIntervalSince(started) < 10, "a change waited for the read window")
        #expect(f.vault.auditTrail.syncCount == before + 1, "the change returned before its sync, or the reads took syncs of their own")
        #expect(try f.vault.verifyAudit(tenant: "acme").records == 1 + 20 + 1)
    }

    @Test func offRecordsNothing() throws {
        let f = try AuditFixture(documents: 0)
        f.vault.auditDisabled = true
        try f.search(3)
        #expect(try f.vault.auditRecords(tenant: "acme").records.isEmpty)
    }
}

/// Bytes read from a pipe on another thread.
private final class Output: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func append(_ more: Data) { lock.withLock { data += more } }
    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
}
