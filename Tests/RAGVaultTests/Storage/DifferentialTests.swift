import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault

/// Random sequences of inserts, replacements, deletes, FTS5 optimize and queries applied to
/// an encrypted store and an unencrypted reference give identical results and bm25 order.
@Suite struct DifferentialTests {
    static let words = [
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
        "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo"
    ]

    static func randomText(_ random: inout SplitMix64, count: Int) -> String {
        (0..<count).map { _ in
            let u = Double(random.next() % 10_000) / 10_000
            return words[Int(u * u * Double(words.count))]
        }.joined(separator: " ")
    }

    /// Rows of (rowid, bm25 score) for a query, in rank order.
    static func ranked(_ store: TenantStore, _ match: String) throws -> [[SQLValue]] {
        try store.withConnection {
            try $0.query(
                "SELECT rowid, bm25(chunks_fts) FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY bm25(chunks_fts), rowid LIMIT 20",
                [.text(match)])
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func encryptedMatchesPlainReference(seed: UInt64) throws {
        let dir = try TemporaryDirectory()
        let encrypted = try TenantStore.openOrCreate(tenant: "acme", path: dir.file("enc.db"), key: try Fixtures.key())
        let plain = try TenantStore(plainAt: dir.file("plain.db"), tenant: "acme")
        defer { encrypted.close(); plain.close() }
        var random = SplitMix64(seed: seed)
        var comparisons = 0
        for step in 0..<300 {
            let roll = random.next() % 100
            let id = "doc-\(random.next() % 60)"
            if roll < 55 {
                let chunks = 1 + Int(random.next() % 4)
                let parts = (0..<chunks).map { i in
                    ChunkRecord(
                        ordinal: i, startOffset: 0, endOffset: 0,
                        text: Self.randomText(&random, count: 5 + Int(random.next() % 300)))
                }
                let doc = DocumentRecord(
                    externalID: id, title: Self.randomText(&random, count: 3), contentHash: "\(step)",
                    acl: AccessList(allow: ["role:r\(random.next() % 3)"]), chunks: parts)
                try encrypted.putDocument(doc)
                try plain.putDocument(doc)
            } else if roll < 70 {
                #expect(try encrypted.deleteDocument(externalID: id) == plain.deleteDocument(externalID: id))
            } else if roll < 72 {
                try encrypted.optimize()
                try plain.optimize()
            } else {
                let a = Self.words[Int(random.next() % UInt64(Self.words.count))]
                let b = Self.words[Int(random.next() % UInt64(Self.words.count))]
                for match in [a, "\(a) \(b)", "\"\(a) \(b)\"", "\(a) OR \(b)", "\(a)*"] {
                    #expect(try Self.ranked(encrypted, match) == Self.ranked(plain, match), "step \(step) query \(match)")
                    comparisons += 1
                }
            }
        }
        #expect(comparisons > 100)
        #expect(try encrypted.documentIDs() == plain.documentIDs())
        #expect(try encrypted.integrityProblems().isEmpty)
    }
}
