import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault

/// `vault_bm25` reads each row's length from the store generation's `DocumentMap` (decoded
/// from FTS5's docsize table) instead of asking FTS5 row by row. The two must agree exactly:
/// a length off by one token moves scores, and scoped rankings are promised to be exact.
@Suite struct ScoredLengthTests {
    /// Chunks from one word to a few thousand (lengths of one, two and three varint bytes), in
    /// a title, headings and a body, with PII the index masks.
    static func store() throws -> (TemporaryDirectory, Vault, TenantStore) {
        let (dir, vault, _, store) = try RetrieverTests.setUp()
        var random = SplitMix64(seed: 12_07)
        let words = ["kernel", "memory", "barrier", "driver", "queue", "lock", "page", "cache", "mail"]
        for d in 0..<12 {
            let chunks = (0..<3).map { c -> String in
                let count = [1, 5, 130, 400, 2_100][Int(random.next() % 5)] + c
                var text = (0..<count).map { _ in words[Int(random.next() % UInt64(words.count))] }.joined(separator: " ")
                if d % 4 == 0 { text += " reach me at dana.ross@example.org" }
                return "kernel " + text
            }
            try store.putDocument(RetrieverTests.doc("d\(d)", chunks, title: "Kernel notes \(d) memory"))
        }
        return (dir, vault, store)
    }

    @Test func lengthsFromTheDocsizeTableAreWhatFTS5Counts() throws {
        let (dir, vault, store) = try Self.store()
        defer { withExtendedLifetime(dir) {} }
        defer { vault.close() }
        try store.withConnection { db in
            let map = try IndexSnapshot(db: db, store: store.instance).documentMap()
            var rows = 0, long = 0
            try db.forEachRow("SELECT rowid, vault_doclen(chunks_fts) FROM chunks_fts WHERE chunks_fts MATCH 'kernel'") { row in
                let rowid = Int(row.value(at: 0).int ?? -1), length = Int(row.value(at: 1).int ?? -1)
                #expect(Int(map.lengths[rowid]) == length, "row \(rowid)")
                rows += 1
                if length > 127 { long += 1 }
            }
            #expect(rows == 36)
            #expect(long > 0) // lengths of more than one varint byte were compared
        }
    }

    @Test func scoresAreTheSameFromTheMapAsFromFTS5() throws {
        let (dir, vault, store) = try Self.store()
        defer { withExtendedLifetime(dir) {} }
        defer { vault.close() }
        try store.withConnection { db in
            let map = try IndexSnapshot(db: db, store: store.instance).documentMap()
            let sql = """
                SELECT rowid, vault_bm25(chunks_fts, 12, 500.0, 3.0, 2.0, 1.0, 9, 4) FROM chunks_fts
                WHERE chunks_fts MATCH 'memory OR barrier' AND vault_permitted(rowid) ORDER BY rowid
                """
            let bits = [UInt8](repeating: 0xFF, count: map.documents.count / 8 + 1)
            let fromMap = try db.withPermittedRows(bits, documents: map.documents, lengths: map.lengths) { try db.query(sql) }
            let fromFTS5 = try db.withPermittedRows(bits, documents: map.documents) { try db.query(sql) }
            #expect(fromMap.count == 36)
            #expect(fromMap == fromFTS5)
            // A map that does not know a row (-1, or too short) leaves that row to FTS5.
            let unknown = map.lengths.map { _ in CInt(-1) }
            #expect(try db.withPermittedRows(bits, documents: map.documents, lengths: unknown) { try db.query(sql) } == fromFTS5)
            #expect(try db.withPermittedRows(bits, documents: map.documents, lengths: [3]) { try db.query(sql) } == fromFTS5)
        }
    }

    /// The scope statistics (average length of what a principal may read) count lengths the
    /// same way: from the map, or from FTS5 when the map does not know a row.
    @Test func scopeLengthsAreTheSameFromTheMapAsFromFTS5() throws {
        let (dir, vault, store) = try Self.store()
        defer { withExtendedLifetime(dir) {} }
        defer { vault.close() }
        try store.withConnection { db in
            let index = IndexSnapshot(db: db, store: store.instance)
            let map = try index.documentMap()
            let scope = MatchExpression.anyOf([.term("memory", in: .text), .term("mail", in: .text)])
            var fromMap: [Int: Int] = [:], fromFTS5: [Int: Int] = [:]
            try index.forEachMatch(scope, lengths: map) { fromMap[$0] = $1 }
            try index.forEachMatch(scope, lengths: DocumentMap(documents: map.documents)) { fromFTS5[$0] = $1 }
            #expect(fromMap.count == 36)
            #expect(fromMap == fromFTS5)
        }
    }

    @Test func varintsDecodeAsSQLiteWritesThem() {
        func decode(_ bytes: [UInt8]) -> (Int64, Int)? { bytes.withUnsafeBytes { FTS5Docsize.varint($0, at: 0) } }
        #expect(decode([0x00])! == (0, 1))
        #expect(decode([0x7F])! == (127, 1))
        #expect(decode([0x81, 0x00])! == (128, 2))
        #expect(decode([0xFF, 0x7F])! == (16_383, 2))
        #expect(decode([0x81, 0x80, 0x00])! == (16_384, 3))
        #expect(decode([0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x01])! == (0x0204_0810_2040_8101, 9))
        #expect(decode([0x81]) == nil) // cut short
        #expect(decode([]) == nil)
        // Three columns summed; a blob too short for them is unknown.
        #expect([UInt8]([0x05, 0x81, 0x00, 0x02, 0x09]).withUnsafeBytes { FTS5Docsize.scoredLength($0) } == 5 + 128 + 2)
        #expect([UInt8]([0x05, 0x81]).withUnsafeBytes { FTS5Docsize.scoredLength($0) } == -1)
    }
}
