import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault

/// `verify` finds every way a stored log can be changed — a byte, a record removed, added or
/// moved, the tail cut (against an anchored head), the whole file gone — and names the first
/// bad record; writers refuse to continue a damaged chain.
@Suite struct AuditChainTests {
    @Test func anIntactLogVerifies() throws {
        let f = try AuditFixture()
        try f.search(4)
        let result = try f.vault.verifyAudit(tenant: "acme")
        #expect(result.ok)
        #expect(result.records == 7) // 3 writes, 4 searches
        #expect(result.firstSeq == 1 && result.lastSeq == 7)
        #expect(try f.vault.verifyAudit(tenant: "acme", head: try f.vault.auditHead(tenant: "acme")).ok)
    }

    @Test func aChangedByteIsFoundAtItsRecord() throws {
        let f = try AuditFixture()
        let frames = try f.frames()
        for target in [0, 1, frames.count - 1] {
            for within in [2, 8, 20, 60, -1] { // length, seq, link, nonce, ciphertext (its last byte)
                let g = try AuditFixture()
                var bytes = try g.bytes()
                let frame = try g.frames()[target]
                let at = frame.offset + (within < 0 ? frame.length - 1 : within)
                bytes[at] ^= 0x01
                try g.write(bytes)
                let result = try g.vault.verifyAudit(tenant: "acme")
                #expect(!result.ok, "flip at frame \(target) + \(within)")
                #expect(result.badSeq == nil || result.badSeq! <= target + 1, "flip at frame \(target) + \(within): \(String(describing: result.problem))")
                #expect(result.records <= target)
            }
        }
    }

    @Test func aDeletedRecordIsNamed() throws {
        let f = try AuditFixture()
        let frames = try f.frames()
        var bytes = try f.bytes()
        bytes.removeSubrange(frames[1].offset..<(frames[1].offset + frames[1].length))
        try f.write(bytes)
        let result = try f.vault.verifyAudit(tenant: "acme")
        #expect(!result.ok)
        #expect(result.badSeq == 2)
        #expect(result.problem?.contains("deleted, inserted or reordered") == true)
    }

    @Test func anInsertedCopyIsFound() throws {
        let f = try AuditFixture()
        let frames = try f.frames()
        var bytes = try f.bytes()
        let copy = Array(bytes[frames[0].offset..<(frames[0].offset + frames[0].length)])
        bytes.insert(contentsOf: copy, at: frames[2].offset)
        try f.write(bytes)
        let result = try f.vault.verifyAudit(tenant: "acme")
        #expect(!result.ok)
        #expect(result.badSeq == 3)
    }

    @Test func reorderedRecordsAreFound() throws {
        let f = try AuditFixture()
        let frames = try f.frames()
        let bytes = try f.bytes()
        let a = Array(bytes[frames[0].offset..<(frames[0].offset + frames[0].length)])
        let b = Array(bytes[frames[1].offset..<(frames[1].offset + frames[1].length)])
        try f.write(Array(bytes[0..<frames[0].offset]) + b + a + Array(bytes[(frames[1].offset + frames[1].length)...]))
        let result = try f.vault.verifyAudit(tenant: "acme")
        #expect(!result.ok)
        #expect(result.badSeq == 1)
    }

    @Test func aFrameFromAnotherTenantsLogDoesNotAuthenticate() throws {
        let f = try AuditFixture()
        try f.vault.createTenant("globex")
        let globex = Principal(tenant: "globex", subject: "user:x", roles: [], groups: [], scopes: [.ingest])
        _ = try f.vault.writeDocument(json: Data(#"{"id":"g","text":"hello","acl":{"allow":["role:eng"]}}"#.utf8), pathID: nil, as: globex)
        let other = try Array(Data(contentsOf: URL(fileURLWithPath: try f.vault.auditLog(tenant: "globex").path)))
        var bytes = try f.bytes()
        bytes += other.dropFirst(8) // globex's record 1 after acme's record 3
        try f.write(bytes)
        let result = try f.vault.verifyAudit(tenant: "acme")
        #expect(!result.ok)
        #expect(result.problem?.contains("fails authentication") == true)
    }

    @Test func aCutTailIsFoundAgainstTheAnchoredHead() throws {
        let f = try AuditFixture()
        try f.search(2)
        let head = try f.vault.auditHead(tenant: "acme")
        let frames = try f.frames()
        try f.write(Array(try f.bytes()[0..<frames[frames.count - 2].offset])) // two whole records gone
        // The catalog's mark finds it without a head kept elsewhere (AuditTruncationTests)…
        #expect(try f.vault.verifyAudit(tenant: "acme").code == "audit_truncated")
        // …and a head kept elsewhere finds it too, even where the catalog is not trusted.
        let anchored = try f.vault.verifyAudit(tenant: "acme", head: head)
        #expect(!anchored.ok)
        #expect(anchored.headProblem?.contains("cut off") == true)
    }

    @Test func aVanishedLogIsFoundAgainstTheAnchoredHead() throws {
        let f = try AuditFixture()
        let head = try f.vault.auditHead(tenant: "acme")
        try FileManager.default.removeItem(atPath: f.logPath)
        let anchored = try f.vault.verifyAudit(tenant: "acme", head: head)
        #expect(!anchored.ok)
        #expect(anchored.records == 0)
    }

    @Test func aRewrittenPrefixIsFoundAgainstTheAnchoredHead() throws {
        // Someone holding the keys rebuilds the log without record 2: every link checks, but the
        // record at the anchored seq is not the anchored one.
        let f = try AuditFixture()
        try f.search(1)
        let head = try f.vault.auditHead(tenant: "acme")
        let page = try f.vault.auditRecords(tenant: "acme")
        let keys = try f.vault.auditKeys(owner: try f.vault.auditLog(tenant: "acme").owner)
        let owner = try f.vault.auditLog(tenant: "acme").owner
        var bytes = AuditFrame.magic
        var link = AuditFrame.genesis
        for (i, var record) in page.records.filter({ $0.seq != 2 }).enumerated() {
            record.seq = i + 1
            let plain = Array(try JSONEncoder.sorted.encode(record))
            link = keys.link(previous: link, seq: UInt64(i + 1), record: plain)
            bytes += AuditFrame.seal(plain, seq: UInt64(i + 1), link: link, owner: owner, keys: keys)
        }
        try f.write(bytes)
        let unanchored = try f.vault.verifyAudit(tenant: "acme")
        #expect(unanchored.problem == nil, "every link checks")
        #expect(unanchored.code == "audit_truncated", "one record short of the catalog's mark")
        #expect(!(try f.vault.verifyAudit(tenant: "acme", head: head)).ok)
    }

    @Test func aResealedRecordThatDoesNotChainIsNamed() throws {
        // Someone holding the log's keys changes record 2 and seals it again under its old link:
        // it authenticates, but its link no longer covers its content.
        let f = try AuditFixture()
        let (owner, _) = try f.vault.auditLog(tenant: "acme")
        let keys = try f.vault.auditKeys(owner: owner)
        let bytes = try f.bytes()
        let frames = AuditFrame.split(Array(bytes.dropFirst(8)), base: 8).frames
        var record = try f.vault.auditRecords(tenant: "acme").records[1]
        record.subject = "user:someone-else"
        let forged = AuditFrame.seal(Array(try JSONEncoder.sorted.encode(record)), seq: 2, link: frames[1].link, owner: owner, keys: keys)
        try f.write(Array(bytes[0..<frames[1].offset]) + forged + Array(bytes[frames[1].end...]))
        let result = try f.vault.verifyAudit(tenant: "acme")
        #expect(!result.ok)
        #expect(result.badSeq == 2)
        #expect(result.problem?.contains("does not chain") == true)
    }

    @Test func aTornLastRecordIsCutByTheNextWriterAndTheChainContinues() throws {
        let f = try AuditFixture()
        // A crash mid-write leaves part of a frame that was never synced (so never acknowledged,
        // and never in the catalog's mark) after the last whole one.
        let frames = try f.frames()
        let last = frames[frames.count - 1]
        let bytes = try f.bytes()
        try f.write(bytes + Array(bytes[last.offset..<(last.offset + last.length / 2)]))
        let torn = try f.vault.verifyAudit(tenant: "acme")
        #expect(!torn.ok)
        #expect(torn.problem?.contains("incomplete") == true)
        // A fresh process (vault) appends: it cuts the never-acknowledged half and continues.
        f.vault.close()
        let reopened = try Vault.open(at: f.dir.file("data"))
        try reopened.recordAudit(AuditRecord(interface: .library, action: "after.crash"), tenant: "acme")
        let after = try reopened.verifyAudit(tenant: "acme")
        #expect(after.ok, "\(after.truncation ?? after.problem ?? "")")
        #expect(after.lastSeq == 4)
    }

    @Test func writersRefuseToExtendADamagedChain() throws {
        let f = try AuditFixture()
        f.vault.close()
        var bytes = try f.bytes()
        bytes[bytes.count - 5] ^= 0xFF // the last record's ciphertext
        try f.write(bytes)
        let reopened = try Vault.open(at: f.dir.file("data"))
        let retriever = Retriever(vault: reopened)
        #expect(throws: RAGVaultError.self) { _ = try retriever.search(SearchRequest(query: "signing"), as: AuditFixture.alice) }
        do {
            _ = try retriever.search(SearchRequest(query: "signing"), as: AuditFixture.alice)
        } catch let error as RAGVaultError {
            #expect(error.code == .auditDamaged)
        }
    }

    @Test func theCLIVerifiesAndFailsWithExitCode1() throws {
        let f = try AuditFixture()
        let head = try f.vault.auditHead(tenant: "acme")
        f.vault.close()
        let data = f.dir.file("data")
        let ok = try CLIBinary.run(["audit", "verify", "--tenant", "acme", "--data", data, "--head", head])
        #expect(ok.status == 0, "\(ok.stdout) \(ok.stderr)")
        #expect(ok.stdout.contains("ok: 3 record(s)"))
        var bytes = try f.bytes()
        bytes[try f.frames()[1].offset + 70] ^= 0x10
        try f.write(bytes)
        let bad = try CLIBinary.run(["audit", "verify", "--tenant", "acme", "--data", data])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("FAILED: record 2"))
        let doctor = try CLIBinary.run(["doctor", "--data", data])
        #expect(doctor.status == 1)
        #expect(doctor.stdout.contains("audit log of 'acme'"), "\(doctor.stdout)")
    }
}
