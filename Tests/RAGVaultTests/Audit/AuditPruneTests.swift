import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault

/// Retention: pruning removes old records, leaves a checkpoint, and the rest — and everything
/// appended later — still verifies, also against a head anchored after the cut.
@Suite struct AuditPruneTests {
    /// Appends records dated `days` days ago, one each.
    static func appendDated(_ vault: Vault, daysAgo: [Int]) throws {
        for days in daysAgo {
            var record = AuditRecord(interface: .library, action: "dated")
            record.time = AuditTrail.timestamp(Date(timeIntervalSinceNow: -Double(days) * 86_400))
            try vault.recordAudit(record, tenant: "acme")
        }
    }

    @Test func pruningKeepsTheRestVerifiable() throws {
        let f = try AuditFixture(documents: 0)
        try Self.appendDated(f.vault, daysAgo: [30, 20, 10, 5, 1])
        let anchoredAfterCut = try f.vault.auditHead(tenant: "acme") // record 5
        let result = try f.vault.pruneAudit(tenant: "acme", before: Date(timeIntervalSinceNow: -7 * 86_400))
        #expect(result.pruned == 3)
        #expect(result.kept == 2)
        #expect(result.checkpointSeq == 3)
        let verified = try f.vault.verifyAudit(tenant: "acme", head: anchoredAfterCut)
        #expect(verified.ok, "\(String(describing: verified.problem)) \(String(describing: verified.headProblem))")
        #expect(verified.checkpoint?.seq == 3)
        #expect(verified.checkpoint?.prunedRecords == 3)
        #expect(verified.firstSeq == 4)
        #expect(verified.lastSeq == 6) // the prune's own record
        let actions = try f.vault.auditRecords(tenant: "acme").records.map(\.action)
        #expect(actions == ["dated", "dated", "audit.prune"])
        // Appending after the prune continues the chain; a second prune accumulates.
        try f.search(1)
        let second = try f.vault.pruneAudit(tenant: "acme", before: Date(timeIntervalSinceNow: -2 * 86_400))
        #expect(second.pruned == 1)
        let again = try f.vault.verifyAudit(tenant: "acme")
        #expect(again.ok)
        #expect(again.checkpoint?.prunedRecords == 4)
        #expect(again.checkpoint?.seq == 4)
    }

    @Test func aHeadFromBeforeTheCutIsReportedAsPruned() throws {
        let f = try AuditFixture(documents: 0)
        try Self.appendDated(f.vault, daysAgo: [30])
        let early = try f.vault.auditHead(tenant: "acme")
        try Self.appendDated(f.vault, daysAgo: [29, 1])
        _ = try f.vault.pruneAudit(tenant: "acme", before: Date(timeIntervalSinceNow: -7 * 86_400))
        let result = try f.vault.verifyAudit(tenant: "acme", head: early)
        #expect(!result.ok)
        #expect(result.headProblem?.contains("pruned") == true)
    }

    @Test func aTamperedCheckpointIsFound() throws {
        let f = try AuditFixture(documents: 0)
        try Self.appendDated(f.vault, daysAgo: [30, 20, 1])
        _ = try f.vault.pruneAudit(tenant: "acme", before: Date(timeIntervalSinceNow: -7 * 86_400))
        var bytes = try f.bytes()
        bytes[8 + 20] ^= 0x01 // the checkpoint's link
        try f.write(bytes)
        #expect(!(try f.vault.verifyAudit(tenant: "acme")).ok)
    }

    @Test func aDamagedLogIsNotPruned() throws {
        let f = try AuditFixture(documents: 0)
        try Self.appendDated(f.vault, daysAgo: [30, 20, 1])
        var bytes = try f.bytes()
        bytes[bytes.count - 3] ^= 0x01
        try f.write(bytes)
        f.vault.close()
        let reopened = try Vault.open(at: f.dir.file("data")) // a writer that has not seen the log yet
        #expect(throws: RAGVaultError.self) {
            _ = try reopened.pruneAudit(tenant: "acme", before: Date(timeIntervalSinceNow: -7 * 86_400))
        }
        #expect(try f.bytes() == bytes, "the damaged log was left as it was, as evidence")
    }

    @Test func theCLIPrunesByDate() throws {
        let f = try AuditFixture(documents: 0)
        try Self.appendDated(f.vault, daysAgo: [400, 1])
        f.vault.close()
        let cut = Date(timeIntervalSinceNow: -100 * 86_400).formatted(.iso8601.year().month().day())
        let run = try CLIBinary.run(["audit", "prune", "--tenant", "acme", "--data", f.dir.file("data"), "--before", cut])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("pruned 1 record(s), kept 1"))
        let verify = try CLIBinary.run(["audit", "verify", "--tenant", "acme", "--data", f.dir.file("data")])
        #expect(verify.status == 0, "\(verify.stdout)")
        let bad = try CLIBinary.run(["audit", "prune", "--tenant", "acme", "--data", f.dir.file("data"), "--before", "last tuesday"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("ISO 8601"))
    }
}
