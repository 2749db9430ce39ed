import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault

/// The catalog remembers how far each audit log was written, so a log that is deleted,
/// emptied, cut at the end or swapped for an older copy fails `audit verify` and `doctor` as
/// `audit_truncated` — without a head kept elsewhere — and a writer that carries on after the
/// cut cannot wash the finding away.
@Suite struct AuditTruncationTests {
    enum Cut: CaseIterable { case deleted, emptied, magicOnly, lastRecord, olderCopy }

    static func cut(_ cut: Cut, _ path: String, older: [UInt8]) throws {
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        switch cut {
        case .deleted: try FileManager.default.removeItem(atPath: path)
        case .emptied: try Data().write(to: URL(fileURLWithPath: path))
        case .magicOnly: try Data(bytes.prefix(AuditFrame.magic.count)).write(to: URL(fileURLWithPath: path))
        case .lastRecord:
            let frames = AuditFrame.split(Array(bytes.dropFirst(8)), base: 8).frames
            try Data(bytes.prefix(try #require(frames.last).offset)).write(to: URL(fileURLWithPath: path))
        case .olderCopy: try Data(older).write(to: URL(fileURLWithPath: path))
        }
    }

    static func doctorFinding(_ data: String, _ subject: String) throws -> DoctorReport.Check? {
        try Doctor.run(at: data).checks.first { $0.subject == subject }
    }

    @Test(arguments: Cut.allCases)
    func aCutTenantLogIsFoundWithoutAnAnchoredHead(cut: Cut) throws {
        let f = try AuditFixture()
        try f.search(2)
        let older = try f.bytes()
        try f.search(3)
        #expect(try f.vault.verifyAudit(tenant: "acme").ok)
        f.vault.close()
        try Self.cut(cut, f.logPath, older: older)

        let vault = try Vault.open(at: f.dir.file("data"))
        let result = try vault.verifyAudit(tenant: "acme")
        #expect(!result.ok && result.code == "audit_truncated", "\(cut): \(result.truncation ?? result.problem ?? "ok")")
        vault.close()
        let finding = try #require(try Self.doctorFinding(f.dir.file("data"), "audit log of 'acme'"))
        #expect(finding.status == .failed && finding.detail.contains("audit_truncated"), "\(cut): \(finding.detail)")
    }

    @Test func theOperatorLogIsHeldToItsMarkToo() throws {
        let f = try AuditFixture()
        try f.vault.createTenant("globex")
        f.vault.close()
        let path = f.dir.file("data") + "/" + Vault.operatorAuditFile
        try Self.cut(.lastRecord, path, older: [])
        let vault = try Vault.open(at: f.dir.file("data"))
        defer { vault.close() }
        #expect(try vault.verifyAudit(tenant: nil).code == "audit_truncated")
    }

    /// After a deletion the next writer starts a new chain, and soon passes the old mark's seq:
    /// the evidence it found stays in the catalog until an operator accepts it.
    @Test func writingOnAfterACutDoesNotHideIt() throws {
        let f = try AuditFixture()
        try f.search(3)
        let written = try f.vault.verifyAudit(tenant: "acme").records
        f.vault.flushAudit()
        try FileManager.default.removeItem(atPath: f.logPath)
        // This process's writer finds the file gone (a new chain from 1) and writes on past
        // the old mark.
        try f.search(written + 5)
        let result = try f.vault.verifyAudit(tenant: "acme")
        #expect(!result.ok && result.code == "audit_truncated")
        #expect(result.truncation?.contains("record \(written)") == true, "\(result.truncation ?? "")")
        // A fresh process (no writer memory) sees it from the catalog alone.
        f.vault.close()
        let vault = try Vault.open(at: f.dir.file("data"))
        #expect(try vault.verifyAudit(tenant: "acme").code == "audit_truncated")

        // Accepting it moves the mark to the log's end, clears the finding and is on record.
        let accepted = try vault.acceptAuditTruncation(tenant: "acme")
        #expect(accepted.ok && accepted.code == nil)
        #expect(try vault.auditRecords(tenant: "acme").records.last?.action == "audit.accept_truncation")
        try vault.recordAudit(AuditRecord(interface: .library, action: "after"), tenant: "acme")
        #expect(try vault.verifyAudit(tenant: "acme").ok)
        vault.close()
    }

    /// Other processes extend the log and the mark; nothing they do is a cut.
    @Test func writersInOtherProcessesAreNotACut() throws {
        let f = try AuditFixture()
        try f.search(2)
        let data = f.dir.file("data")
        for i in 0..<3 {
            _ = try CLIBinary.run(["query", "--tenant", "acme", "--data", data, "--as", "alice", "--roles", "eng", "signing key \(i)"])
            try f.search(1)
        }
        let result = try f.vault.verifyAudit(tenant: "acme")
        #expect(result.ok, "\(result.truncation ?? result.problem ?? "")")
        let owner = try f.vault.auditLog(tenant: "acme").owner
        let mark = try #require(try f.vault.withCatalog { try $0.auditMark(owner: owner) })
        #expect(mark.seq == UInt64(try #require(result.lastSeq)) && mark.cutBelow == nil)
        f.vault.close()
        #expect(try Self.doctorFinding(data, "audit log of 'acme'")?.status == .ok)
    }
}
