import Foundation
import RAGVaultTestSupport
import Testing
@testable import RAGVault

/// Caller vectors through the indexing pipeline: refused per document when they cannot be
/// kept, written whole with the document, gone with it, and stale after a model change.
@Suite struct VectorIngestTests {
    static func vault(_ dir: TemporaryDirectory) throws -> Vault {
        let vault = try Vault.initialize(at: dir.file("data"), keySource: .generatedKeyFile)
        try vault.createTenant("acme")
        return vault
    }

    static func document(_ id: String, _ text: String, _ embedding: [Float]?) -> SourceDocument {
        SourceDocument(
            externalID: id, format: .markdown, bytes: Array(text.utf8), acl: AccessList(allow: ["role:eng"]), embedding: embedding)
    }

    static let alice = try! Principal.impersonating(tenant: "acme", subject: "alice", roles: ["eng"])

    static func index(_ vault: Vault, _ documents: [SourceDocument]) throws -> [Indexer.Outcome] {
        let indexer = try vault.indexer(for: "acme")
        var findings = DocumentPreparer.Findings()
        return try documents.map { try indexer.index($0, findings: &findings) }
    }

    @Test func badVectorsAreRefusedPerDocumentAndOthersStay() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir)
        defer { vault.close() }
        let store = try vault.store(for: "acme")
        #expect(
            try Self.index(vault, [Self.document("early", "text", [1, 0, 0])]) == [
                .skipped(
                    code: "vectors_not_configured", reason: "the document has an embedding but the tenant has no vector configuration (ragvault vectors set)")
            ])
        try store.setVectorConfig(VectorConfig(model: "m1", dims: 3))
        let outcomes = try Self.index(
            vault,
            [
                Self.document("good", "# Good\n\nfirst part\n\n# More\n\n" + String(repeating: "words ", count: 400), [1, 2, 3]),
                Self.document("short", "text", [1, 2]), Self.document("nan", "text", [1, .nan, 3]),
                Self.document("zero", "text", [0, 0, 0]), Self.document("plain", "text without a vector", nil)
            ])
        #expect(outcomes[0] == .added && outcomes[4] == .added)
        #expect(outcomes[1...3].allSatisfy { if case .skipped(let code, _) = $0 { code == "invalid_embedding" } else { false } })
        #expect(try store.documentIDs() == ["good", "plain"])
        let chunks = try store.withConnection {
            try $0.scalar("SELECT count(*) FROM chunks c JOIN documents d ON d.id = c.document_id WHERE d.external_id = 'good'").int
        }
        #expect((chunks ?? 0) > 1)
        #expect(try store.vectorCounts() == (stored: Int(chunks ?? 0), stale: 0)) // one per chunk of "good"
    }

    @Test func aNewVectorForTheSameTextIsAChange() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir)
        defer { vault.close() }
        try vault.store(for: "acme").setVectorConfig(VectorConfig(model: "m1", dims: 3))
        #expect(try Self.index(vault, [Self.document("d", "text", [1, 0, 0])]) == [.added])
        #expect(try Self.index(vault, [Self.document("d", "text", [1, 0, 0])]) == [.unchanged])
        #expect(try Self.index(vault, [Self.document("d", "text", [0, 1, 0])]) == [.updated])
        let hit = try Retriever(vault: vault).search(SearchRequest(query: "", mode: .vector, vector: [0, 1, 0]), as: Self.alice)
        #expect(hit.results.first.map { $0.score > 0.99 } == true)
    }

    @Test func deletingTheDocumentDeletesItsVectors() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir)
        defer { vault.close() }
        let store = try vault.store(for: "acme")
        try store.setVectorConfig(VectorConfig(model: "m1", dims: 3))
        _ = try Self.index(vault, [Self.document("a", "alpha", [1, 0, 0]), Self.document("b", "bravo", [0, 1, 0])])
        #expect(try store.vectorCounts().stored == 2)
        try store.deleteDocument(externalID: "a")
        #expect(try store.vectorCounts().stored == 1)
        let result = try Retriever(vault: vault).search(SearchRequest(query: "", topK: 5, mode: .vector, vector: [1, 0, 0]), as: Self.alice)
        #expect(result.results.map(\.documentID) == ["b"])
    }

    @Test func callerCutChunksKeepTheirCutsHeadingsAndVectors() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir)
        defer { vault.close() }
        let store = try vault.store(for: "acme")
        try store.setVectorConfig(VectorConfig(model: "m1", dims: 3))
        let token = "ghp_R8mXq2Lk9TzVw4Nc7Hd1Bs6Fy3Jp0Ga5Ue2K"
        let cut = SourceDocument(
            externalID: "cut",
            chunks: [
                .init(text: "alpha first part", headingPath: ["Intro"], embedding: [1, 0, 0]),
                .init(text: "bravo second part, token \(token)", headingPath: ["Setup", "Keys"], embedding: [0, 1, 0])
            ], acl: AccessList(allow: ["role:eng"]))
        var findings = DocumentPreparer.Findings()
        let indexer = try vault.indexer(for: "acme")
        #expect(try indexer.index(cut, findings: &findings) == .added)
        #expect(try indexer.index(cut, findings: &findings) == .unchanged)
        let rows = try store.withConnection { db in
            try db.query("SELECT heading_path, text, start_offset, end_offset FROM chunks ORDER BY ordinal").map {
                [$0[0].string!, $0[1].string!, String($0[2].int!), String($0[3].int!)]
            }
        }
        #expect(rows.count == 2)
        #expect(rows.first == ["Intro", "alpha first part", "0", "16"])
        #expect(rows.last?[0] == "Setup › Keys" && rows.last?[1].contains(token) == false && rows.last?[1].contains("[REDACTED:") == true)
        let hit = try Retriever(vault: vault).search(SearchRequest(query: "", topK: 1, perDocument: 1, mode: .vector, vector: [0, 1, 0]), as: Self.alice)
        #expect(hit.results.first?.headingPath == ["Setup", "Keys"])
        // An empty chunk, a chunk vector of the wrong size, a different cut of the same text.
        let empty = SourceDocument(externalID: "empty", chunks: [.init(text: "ok"), .init(text: " \u{200B} ")], acl: AccessList(allow: ["role:eng"]))
        guard case .skipped(let code, _) = try indexer.index(empty, findings: &findings) else { Issue.record("an empty chunk was kept"); return }
        #expect(code == "invalid_chunks")
        let wrong = SourceDocument(
            externalID: "wrong", chunks: [.init(text: "ok", embedding: [1, 0, 0]), .init(text: "two", embedding: [1, 0])],
            acl: AccessList(allow: ["role:eng"]))
        guard case .skipped(let wrongCode, let reason) = try indexer.index(wrong, findings: &findings) else { Issue.record("kept"); return }
        #expect(wrongCode == "invalid_embedding" && reason.contains("chunk 2"))
        let recut = SourceDocument(
            externalID: "cut", chunks: [.init(text: "alpha first part\n\nbravo second part, token \(token)", embedding: [1, 0, 0])],
            acl: AccessList(allow: ["role:eng"]))
        #expect(try indexer.index(recut, findings: &findings) == .updated)
        #expect(try store.chunkCount() == 1)
    }

    /// Text searches in a tenant with vectors do not pay for loading them.
    @Test func textSearchesLoadNoVectors() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir)
        defer { vault.close() }
        try vault.store(for: "acme").setVectorConfig(VectorConfig(model: "m1", dims: 3))
        _ = try Self.index(vault, [Self.document("a", "alpha", [1, 0, 0])])
        let retriever = Retriever(vault: vault)
        #expect(try retriever.search(SearchRequest(query: "alpha"), as: Self.alice).results.count == 1)
        #expect(retriever.vectors.bytesHeld == 0)
        #expect(try retriever.search(SearchRequest(query: "alpha", vector: [1, 0, 0]), as: Self.alice).searchMode == .hybrid)
        #expect(retriever.vectors.bytesHeld > 0)
    }

    @Test func callerFiltersNarrowTheVectorLeg() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir)
        defer { vault.close() }
        try vault.store(for: "acme").setVectorConfig(VectorConfig(model: "m1", dims: 3))
        _ = try Self.index(vault, [Self.document("a", "alpha", [1, 0, 0]), Self.document("b", "bravo", [0.5, 1, 0])])
        let retriever = Retriever(vault: vault)
        let nearest = try retriever.search(SearchRequest(query: "", topK: 1, mode: .vector, vector: [1, 0, 0]), as: Self.alice)
        #expect(nearest.results.map(\.documentID) == ["a"])
        for mode in [SearchMode.vector, .hybrid] {
            let only = try retriever.search(
                SearchRequest(query: "alpha", topK: 5, documentIDs: ["b"], mode: mode, vector: [1, 0, 0]), as: Self.alice)
            #expect(only.results.map(\.documentID) == ["b"], "\(mode)")
            let none = try retriever.search(
                SearchRequest(query: "alpha", topK: 5, metadata: ["team": "nobody"], mode: mode, vector: [1, 0, 0]), as: Self.alice)
            #expect(none.results.isEmpty, "\(mode)")
        }
    }

    @Test func aModelChangeMakesVectorSearchesFailUntilReembedded() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir)
        defer { vault.close() }
        let store = try vault.store(for: "acme")
        let retriever = Retriever(vault: vault)
        try store.setVectorConfig(VectorConfig(model: "m1", dims: 3))
        _ = try Self.index(vault, [Self.document("a", "alpha", [1, 0, 0]), Self.document("b", "bravo", [0, 1, 0])])
        #expect(try retriever.search(SearchRequest(query: "", mode: .vector, vector: [1, 0, 0]), as: Self.alice).results.count == 2)
        try store.setVectorConfig(VectorConfig(model: "m2", dims: 4))
        #expect(try store.vectorCounts() == (stored: 2, stale: 2))
        #expect {
            _ = try retriever.search(SearchRequest(query: "alpha", mode: .hybrid, vector: [1, 0, 0, 0]), as: Self.alice)
        } throws: { ($0 as? RAGVaultError)?.code == .vectorsStale }
        // Text searches go on meanwhile.
        #expect(try retriever.search(SearchRequest(query: "alpha"), as: Self.alice).results.map(\.documentID) == ["a"])
        _ = try Self.index(vault, [Self.document("a", "alpha", [1, 0, 0, 0])])
        #expect(try store.vectorCounts() == (stored: 2, stale: 1))
        _ = try Self.index(vault, [Self.document("b", "bravo", [0, 1, 0, 0])])
        let result = try retriever.search(SearchRequest(query: "alpha", mode: .hybrid, vector: [0, 1, 0, 0]), as: Self.alice)
        #expect(result.searchMode == .hybrid)
        #expect(Set(result.results.map(\.documentID)) == ["a", "b"])
        #expect(result.results.first { $0.documentID == "a" }?.ranks == Passage.Ranks(text: 1, vector: 2))
    }

    @Test func searchesSayWhatIsWrong() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir)
        defer { vault.close() }
        let retriever = Retriever(vault: vault)
        let code = { (request: SearchRequest) -> RAGVaultError.Code? in
            do {
                _ = try retriever.search(request, as: Self.alice)
                return nil
            } catch { return (error as? RAGVaultError)?.code }
        }
        #expect(code(SearchRequest(query: "x", vector: [1, 0, 0])) == .vectorsNotConfigured)
        try vault.store(for: "acme").setVectorConfig(VectorConfig(model: "m1", dims: 3, searchMode: .vector))
        #expect(code(SearchRequest(query: "x", mode: .hybrid)) == .queryInvalid) // no vector
        #expect(code(SearchRequest(query: "x", vector: [1, 0])) == .queryInvalid) // wrong dimension
        #expect(code(SearchRequest(query: "x", vector: [.infinity, 0, 0])) == .queryInvalid)
        #expect(code(SearchRequest(query: "x", mode: .text, vector: [1, 0, 0])) == .queryInvalid)
        #expect(code(SearchRequest(query: "x", mode: .hybrid, vector: [1, 0, 0], fusion: .convex(alpha: 2))) == .queryInvalid)
        // A vector and no match: the tenant's mode.
        #expect(try retriever.search(SearchRequest(query: "x", vector: [1, 0, 0]), as: Self.alice).searchMode == .vector)
        #expect(try retriever.search(SearchRequest(query: "x"), as: Self.alice).searchMode == .text)
    }

    @Test func reKeyingKeepsTheVectors() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir)
        defer { vault.close() }
        try vault.store(for: "acme").setVectorConfig(VectorConfig(model: "m1", dims: 3))
        _ = try Self.index(vault, [Self.document("a", "alpha", [1, 0, 0])])
        _ = try vault.rotateTenantKey("acme")
        let store = try vault.store(for: "acme")
        #expect(try store.vectorConfig() == VectorConfig(model: "m1", dims: 3))
        #expect(try store.vectorCounts() == (stored: 1, stale: 0))
        let result = try Retriever(vault: vault).search(SearchRequest(query: "", mode: .vector, vector: [1, 0, 0]), as: Self.alice)
        #expect(result.results.map(\.documentID) == ["a"])
    }
}
