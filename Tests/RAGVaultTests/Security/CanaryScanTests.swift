import RAGVaultTestSupport
import CSQLite
import Foundation
import Testing
@testable import RAGVault

/// Invariant 5: nothing plaintext at rest. Unique canaries are written through the public
/// store API under every kind of SQLite activity that could spill data (large transactions,
/// savepoints over 64 KiB, VACUUM, FTS5 optimize, big sorts); then every byte of every file
/// and every byte the VFS was asked to write is scanned.
@Suite(.serialized) struct CanaryScanTests {
    /// Lower-case letters then digits: the FTS5 tokenizer and porter stemmer store it as is.
    static func canary(_ label: String) -> String { "zqcanary\(label)\(Sodium.randomHex(6))7" }

    /// Runs the canary workload on `store`; returns the canaries written.
    static func workload(_ store: TenantStore) throws -> [String] {
        var canaries: [String] = []
        func next(_ label: String) -> String {
            let c = canary(label)
            canaries.append(c)
            return c
        }
        // Many small documents, canaries in every stored field.
        for i in 0..<60 {
            let doc = DocumentRecord(
                externalID: "ext-\(next("id"))", title: "Title \(next("title"))", source: "file:///\(next("src"))",
                contentHash: "hash", acl: AccessList(allow: ["user:\(next("user"))"]),
                metadata: ["owner": next("meta")],
                chunks: [
                    ChunkRecord(
                        ordinal: 0, headingPath: [next("heading")], startOffset: 0, endOffset: 10,
                        text: "body \(i) \(next("body")) filler words")
                ])
            try store.putDocument(doc)
        }
        // A PII value, kept by its reversible token (pii_values) besides the chunk text.
        try store.putDocument(Fixtures.document("pii", text: "write to \(next("pii"))@example.org today"))
        let kept = try store.withConnection { try $0.scalar("SELECT count(*) FROM pii_values WHERE value LIKE 'zqcanarypii%'").int }
        #expect(kept == 1)
        // A vector whose stored int8 bytes spell a canary (its largest value, 127, sets the
        // scale to 1, so every byte is kept as given).
        let vectorCanary = next("vec")
        let values = Array(vectorCanary.utf8).map(Float.init) + [127]
        try store.setVectorConfig(VectorConfig(model: "canary-model", dims: values.count))
        var embedded = Fixtures.document("embedded", text: "a chunk with a vector")
        embedded.vector = StoredVector(
            model: "canary-model", vector: try QuantizedVector(values, dims: values.count, what: "v", code: .invalidInput))
        #expect(embedded.vector?.vector.bytes == Array(vectorCanary.utf8) + [127])
        try store.putDocument(embedded)
        // One large transaction (~2 MB) spanning hundreds of pages and WAL frames.
        let big = (0..<40).map { i in
            ChunkRecord(
                ordinal: i, startOffset: 0, endOffset: 1,
                text: String(repeating: "padding text \(i) ", count: 2500) + next("bigtxn"))
        }
        try store.putDocument(
            DocumentRecord(
                externalID: "big", title: "big", contentHash: "b",
                acl: AccessList(allow: ["role:eng"]), chunks: big))
        // Savepoints holding more than 64 KiB (statement journals would spill to temp files).
        try store.withConnection { db in
            try db.transaction {
                try db.execute("SAVEPOINT outer_sp")
                for i in 0..<20 {
                    try db.run(
                        "UPDATE chunks SET text = ? WHERE id = ?",
                        [.text(String(repeating: "sp-\(i) ", count: 2000) + next("savepoint")), .integer(Int64(i + 1))])
                }
                try db.execute("SAVEPOINT inner_sp")
                try db.run("UPDATE chunks SET text = ? WHERE id > 100", [.text(String(repeating: "x", count: 70_000) + next("rolledback"))])
                try db.execute("ROLLBACK TO inner_sp")
                try db.execute("RELEASE outer_sp")
            }
        }
        try store.optimize()
        // A sort larger than the page cache, and a temp index.
        try store.withConnection { db in
            try db.execute("PRAGMA cache_size=20")
            var rows = 0
            try db.forEachRow("SELECT text, length(text) FROM chunks ORDER BY text DESC, id") { _ in rows += 1 }
            try db.forEachRow("SELECT DISTINCT substr(text, 1, 50) FROM chunks ORDER BY 1") { _ in rows += 1 }
            try db.execute("PRAGMA cache_size=-16000")
        }
        try store.deleteDocument(externalID: "big")
        try store.vacuum()
        try store.checkpoint()
        return canaries
    }

    @Test func encryptedStoreNeverWritesPlaintext() throws {
        try RecordingVFS.install()
        let dir = try TemporaryDirectory()
        let store = try TenantStore.openOrCreate(
            tenant: "acme", path: dir.file("store.db"), key: try Fixtures.key(),
            vfs: RecordingVFS.encrypting)
        let canaries = try Self.workload(store)
        // Leave a populated WAL behind as well as the main file.
        try store.putDocument(Fixtures.document("after", text: "tail \(Self.canary("tail"))"))
        let files = dir.allFiles()
        #expect(files.contains { $0.hasSuffix("-wal") })
        for file in files {
            for canary in canaries { #expect(!FileScan.contains(file, canary), "canary in \(file)") }
            #expect(!FileScan.contains(file, "SQLite format 3"), "SQLite magic in \(file)")
        }
        store.close()
        #expect(RecordingVFS.bytesRecorded > 2_000_000)
        for canary in canaries { #expect(!RecordingVFS.contains(canary), "canary \(canary) reached the VFS") }
        #expect(!RecordingVFS.contains("SQLite format 3"))
        // Only the database and its WAL were ever opened below the encrypting layer.
        let other =
            SQLITE_OPEN_MAIN_JOURNAL | SQLITE_OPEN_TEMP_DB | SQLITE_OPEN_TEMP_JOURNAL
            | SQLITE_OPEN_SUBJOURNAL | SQLITE_OPEN_SUPER_JOURNAL | SQLITE_OPEN_TRANSIENT_DB
        #expect(RecordingVFS.opens(flags: other) == 0)
        for file in dir.allFiles() {
            for canary in canaries { #expect(!FileScan.contains(file, canary), "canary in \(file) after close") }
        }
    }

    /// The control: the same workload on a plain file leaves canaries on disk, so the scan
    /// above is able to fail.
    @Test func scanFindsCanariesInPlainStores() throws {
        let dir = try TemporaryDirectory()
        let store = try TenantStore(plainAt: dir.file("plain.db"), tenant: "acme")
        let canaries = try Self.workload(store)
        store.close()
        let found = canaries.filter { c in dir.allFiles().contains { FileScan.contains($0, c) } }
        #expect(found.count > canaries.count / 2)
        #expect(found.contains { $0.hasPrefix("zqcanaryvec") }, "the vector's bytes are not where the scan looks")
        #expect(dir.allFiles().contains { FileScan.contains($0, "SQLite format 3") })
    }

    @Test func vaultFilesRevealNoTenantNames() throws {
        let dir = try TemporaryDirectory()
        let vault = try Vault.initialize(at: dir.file("data"), keySource: .generatedKeyFile)
        let name = "zqtenant\(Sodium.randomHex(4))"
        try vault.createTenant(name)
        try vault.store(for: name).putDocument(Fixtures.document("d", text: "hello \(Self.canary("v"))"))
        vault.close()
        for file in dir.allFiles() {
            #expect(!FileScan.contains(file, name), "tenant name in \(file)")
            #expect(!(file as NSString).lastPathComponent.contains(name))
            #expect(!FileScan.contains(file, "SQLite format 3"))
        }
    }
}
