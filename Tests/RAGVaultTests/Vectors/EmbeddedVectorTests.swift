import Foundation
import RAGVaultTestSupport
import Testing
@testable import RAGVault

/// A tenant that opts into the embedded model: chunks embedded at ingest from their index form,
/// queries embedded from their text, hybrid by default.
@Suite(.serialized) struct EmbeddedVectorTests {
    static let alice = try! Principal.impersonating(tenant: "acme", subject: "alice", roles: ["eng"])

    static func vault(_ dir: TemporaryDirectory, _ documents: [(String, String)]) throws -> Vault {
        let vault = try Vault.initialize(at: dir.file("data"), keySource: .generatedKeyFile)
        try vault.createTenant("acme")
        try vault.setVectorConfig(.embedded, for: "acme")
        let indexer = try vault.indexer(for: "acme")
        var findings = DocumentPreparer.Findings()
        for (id, text) in documents {
            let outcome = try indexer.index(
                SourceDocument(externalID: id, format: .markdown, bytes: Array(text.utf8), acl: AccessList(allow: ["role:eng"])),
                findings: &findings)
            #expect(outcome == .added)
        }
        return vault
    }

    @Test func meaningFindsWhatWordsDoNot() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(
            dir,
            [
                ("cat", "# Pets\n\nThe cat sat quietly on the mat by the window."),
                ("revenue", "# Finance\n\nQuarterly revenue grew by ten percent on strong sales."),
                ("keys", "# Security\n\nRotate the JWT signing key every ninety days.")
            ])
        defer { vault.close() }
        let store = try vault.store(for: "acme")
        #expect(try store.vectorCounts() == (stored: try store.chunkCount(), stale: 0))
        let retriever = Retriever(vault: vault)
        // No word in common with the pets document: the text leg finds nothing, the vector leg does.
        let result = try retriever.search(SearchRequest(query: "a kitten resting on a rug", topK: 3), as: Self.alice)
        #expect(result.searchMode == .hybrid)
        #expect(result.results.first?.documentID == "cat")
        #expect(result.results.first?.ranks == Passage.Ranks(text: nil, vector: 1))
        let text = try retriever.search(SearchRequest(query: "a kitten resting on a rug", match: .natural, mode: .text), as: Self.alice)
        #expect(text.results.isEmpty && text.searchMode == .text)
        let vector = try retriever.search(SearchRequest(query: "how often should credentials be changed", topK: 1, mode: .vector), as: Self.alice)
        #expect(vector.results.map(\.documentID) == ["keys"])
    }

    /// A query with no word to search for (punctuation alone) has no text leg, but the model
    /// still reads it; in a text-only tenant, or asked for text, it is refused as before.
    @Test func aQueryWithNoWordsStillSearchesByMeaning() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir, [("cat", "# Pets\n\nThe cat sat quietly on the mat by the window.")])
        defer { vault.close() }
        try vault.createTenant("plain")
        let retriever = Retriever(vault: vault)
        let result = try retriever.search(SearchRequest(query: "?!"), as: Self.alice)
        #expect(result.searchMode == .hybrid && result.results.map(\.documentID) == ["cat"])
        #expect(result.results.first?.highlights.isEmpty == true)
        let plain = try Principal.impersonating(tenant: "plain", subject: "alice", roles: ["eng"])
        #expect(throws: RAGVaultError.self) { try retriever.search(SearchRequest(query: "?!"), as: plain) }
        #expect(throws: RAGVaultError.self) { try retriever.search(SearchRequest(query: "?!", mode: .text), as: Self.alice) }
    }

    /// The oracle: a chunk holding a masked value and its twin holding another value of the
    /// type get identical vectors and scores — the vector holds nothing a reader sees masked.
    @Test func twinsDifferingInAMaskedValueGetTheSameVector() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(
            dir,
            [
                ("a", "# Rollout\n\nAsk ann.lee@example.com about the rollout plan; token ghp_R8mXq2Lk9TzVw4Nc7Hd1Bs6Fy3Jp0Ga5Ue2K."),
                ("b", "# Rollout\n\nAsk bob.moss@example.org about the rollout plan; token ghp_Qe5Wn8Rt1Yu4Io7Pa0Sd3Fg6Hj9Kl2Zx5Cv8B.")
            ])
        defer { vault.close() }
        let vectors = try vault.store(for: "acme").withConnection { db in
            try db.query("SELECT v.data FROM chunk_vectors v JOIN chunks c ON c.id = v.chunk_id ORDER BY c.document_id").map { $0[0].bytes! }
        }
        #expect(vectors.count == 2 && vectors[0] == vectors[1])
        let result = try Retriever(vault: vault).search(
            SearchRequest(query: "who knows about ann.lee@example.com", topK: 2, mode: .vector), as: Self.alice)
        #expect(result.results.count == 2)
        #expect(result.results[0].score == result.results[1].score)
    }

    /// A tenant that opts in with documents already indexed: `embedMissingVectors` gives each
    /// chunk the vector ingest would have given it (byte for byte), once.
    @Test func documentsIndexedBeforeOptingInAreEmbeddedAsIngestWouldHave() throws {
        let dir = try TemporaryDirectory()
        let documents = [
            ("cat", "# Pets\n\nThe cat sat quietly on the mat by the window.\n\n## Care\n\nAsk ann.lee@example.com about feeding."),
            ("revenue", "# Finance\n\nQuarterly revenue grew by ten percent on strong sales.")
        ]
        let fresh = try Self.vault(dir, documents) // embedded from the start
        defer { fresh.close() }
        let expected = try Self.vectorBytes(fresh)
        let late = try Vault.initialize(at: dir.file("late"), keySource: .generatedKeyFile)
        defer { late.close() }
        try late.createTenant("acme")
        let indexer = try late.indexer(for: "acme")
        var findings = DocumentPreparer.Findings()
        for (id, text) in documents {
            _ = try indexer.index(
                SourceDocument(externalID: id, format: .markdown, bytes: Array(text.utf8), acl: AccessList(allow: ["role:eng"])), findings: &findings)
        }
        #expect(throws: RAGVaultError.self) { try late.embedMissingVectors(tenant: "acme") } // no embedder yet
        try late.setVectorConfig(.embedded, for: "acme")
        let store = try late.store(for: "acme")
        #expect(try store.vectorCounts() == (stored: 0, stale: 0))
        let retriever = Retriever(vault: late)
        #expect(try retriever.search(SearchRequest(query: "a kitten resting on a rug", topK: 2), as: Self.alice).results.isEmpty)
        let run = try late.embedMissingVectors(tenant: "acme")
        #expect(run == EmbeddingRun(documents: 2, chunks: try store.chunkCount(), skipped: 0))
        #expect(try Self.vectorBytes(late) == expected)
        #expect(try retriever.search(SearchRequest(query: "a kitten resting on a rug", topK: 2), as: Self.alice).results.first?.documentID == "cat")
        #expect(try late.embedMissingVectors(tenant: "acme") == EmbeddingRun())
    }

    /// Vectors embedded for a version of a document that was replaced meanwhile are not
    /// written: the new version's chunks have their own, and the old chunk rows are gone.
    @Test func aDocumentReplacedWhileEmbeddingKeepsItsOwnVectors() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir, [("cat", "# Pets\n\nThe cat sat quietly on the mat.")])
        defer { vault.close() }
        let store = try vault.store(for: "acme")
        // As if opted in later: the chunk has no vector yet.
        try store.withConnection { try $0.run("DELETE FROM chunk_vectors") }
        let config = VectorConfig.embedded
        let document = try #require(try store.documentsNeedingVectors(config).first)
        let pending = try #require(try store.chunksToEmbed(document: document, config))
        let ones = try QuantizedVector(Array(repeating: 1, count: 384), dims: 384, what: "v", code: .invalidInput)
        let stale = pending.chunks.map { ($0.id, StoredVector(model: config.model, vector: ones)) }
        var findings = DocumentPreparer.Findings()
        _ = try vault.indexer(for: "acme").index(
            SourceDocument(externalID: "cat", format: .markdown, bytes: Array("# Pets\n\nThe dog slept.".utf8), acl: AccessList(allow: ["role:eng"])),
            findings: &findings)
        let before = try Self.vectorBytes(vault)
        #expect(try store.setChunkVectors(document: document, version: pending.version, stale) == false)
        #expect(try Self.vectorBytes(vault) == before)
        let chunks = try store.chunkCount()
        #expect(try store.vectorCounts() == (stored: chunks, stale: 0))
    }

    /// Every chunk's vector bytes, in chunk order.
    static func vectorBytes(_ vault: Vault) throws -> [[UInt8]] {
        try vault.store(for: "acme").withConnection { db in
            try db.query("SELECT v.data FROM chunks c JOIN chunk_vectors v ON v.chunk_id = c.id ORDER BY c.document_id, c.ordinal").map { $0[0].bytes! }
        }
    }
}
