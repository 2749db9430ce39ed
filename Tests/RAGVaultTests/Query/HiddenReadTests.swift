import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault

/// A document the caller may not read and one that does not exist are the same answer for the
/// same work — on a document read and on a search filtered by `document_ids` — however many
/// chunks the hidden one has; and the tenant's latency floor covers the read routes too. Work
/// is counted in SQLite VM steps (debug builds), which scheduler noise cannot move.
@Suite struct HiddenReadTests {
    static let hiddenChunks = 300

    static func setUp() throws -> (TemporaryDirectory, Vault, Retriever, TenantStore, Principal) {
        let dir = try TemporaryDirectory()
        let vault = try Vault.initialize(at: dir.file("data"), keySource: .generatedKeyFile)
        vault.auditDisabled = true
        try vault.createTenant("acme")
        let store = try vault.store(for: "acme")
        try store.putDocuments((0..<20).map { RetrieverTests.doc("eng/\($0).md", ["walrus plan \($0) salary"]) })
        try store.putDocument(RetrieverTests.doc("hr/salaries.md", (0..<hiddenChunks).map { "walrus salary band \($0)" }, allow: ["role:hr"]))
        let eng = try Principal.impersonating(tenant: "acme", subject: "ann", roles: ["eng"])
        return (dir, vault, Retriever(vault: vault), store, eng)
    }

    static func steps(_ store: TenantStore, _ body: () throws -> Void) throws -> Int {
        // Every connection of the store: searches rank on read connections of their own.
        let before = store.vmSteps
        try body()
        let steps = store.vmSteps - before
        #expect(steps > 0, "no work was counted: the comparison would hold for any code")
        return steps
    }

    static func notFound(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch let error as RAGVaultError { return error.code == .notFound ? error.message : "other" } catch { return "other" }
    }

    @Test func readingAHiddenDocumentCostsWhatReadingAnAbsentOneDoes() throws {
        let (dir, vault, retriever, store, eng) = try Self.setUp()
        defer { withExtendedLifetime(dir) {}; vault.close() }
        var hiddenAnswer: String?, absentAnswer: String?
        let hidden = try Self.steps(store) { hiddenAnswer = Self.notFound { _ = try retriever.document("hr/salaries.md", as: eng) } }
        let absent = try Self.steps(store) { absentAnswer = Self.notFound { _ = try retriever.document("hr/absent.md", as: eng) } }
        #expect(hiddenAnswer != nil && hiddenAnswer == absentAnswer)
        // One row looked up either way; walking the hidden document's chunks would be hundreds.
        #expect(abs(hidden - absent) <= 16, "hidden \(hidden) vs absent \(absent) VM steps")
        // The reader who may see it gets every chunk (the walk happens only then).
        let hr = try Principal.impersonating(tenant: "acme", subject: "hal", roles: ["hr"])
        #expect(try retriever.document("hr/salaries.md", as: hr).chunks.count == Self.hiddenChunks)
    }

    @Test func aSearchFilteredToAHiddenDocumentCostsWhatAnAbsentOneDoes() throws {
        let (dir, vault, retriever, store, eng) = try Self.setUp()
        defer { withExtendedLifetime(dir) {}; vault.close() }
        _ = try retriever.search(SearchRequest(query: "walrus salary"), as: eng) // warm the scope statistics
        var answers: [[String]] = []
        let hidden = try Self.steps(store) {
            answers.append(try retriever.search(SearchRequest(query: "walrus salary", documentIDs: ["hr/salaries.md"]), as: eng).results.map(\.chunkID))
        }
        let absent = try Self.steps(store) {
            answers.append(try retriever.search(SearchRequest(query: "walrus salary", documentIDs: ["hr/absent.md"]), as: eng).results.map(\.chunkID))
        }
        #expect(answers == [[], []])
        #expect(abs(hidden - absent) <= 40, "hidden \(hidden) vs absent \(absent) VM steps")
        // A filter naming a readable document still finds it, and a deny entry drops it.
        #expect(
            try retriever.search(SearchRequest(query: "walrus", documentIDs: ["eng/3.md", "hr/salaries.md"]), as: eng)
                .results.map(\.documentID) == ["eng/3.md"])
        try store.putDocument(
            DocumentRecord(
                externalID: "eng/3.md", title: "Doc", contentHash: "denied",
                acl: AccessList(allow: ["role:eng"], deny: ["user:ann"]),
                chunks: [ChunkRecord(ordinal: 0, startOffset: 0, endOffset: 12, text: "walrus plan 3")]))
        #expect(try retriever.search(SearchRequest(query: "walrus", documentIDs: ["eng/3.md"]), as: eng).results.isEmpty)
    }

    /// `min_search_ms` holds for chunk and document reads, answered or refused. (A lower bound
    /// only: sleeping at least that long is certain on any machine.)
    @Test func theLatencyFloorCoversReads() throws {
        let (dir, vault, retriever, _, eng) = try Self.setUp()
        defer { withExtendedLifetime(dir) {}; vault.close() }
        try vault.setSettings(TenantSettings(minSearchMs: 60), for: "acme")
        let readable = try #require(try retriever.search(SearchRequest(query: "walrus plan"), as: eng).results.first?.chunkID)
        let reads: [() throws -> Void] = [
            { _ = try retriever.document("hr/salaries.md", as: eng) },
            { _ = try retriever.document("hr/absent.md", as: eng) },
            { _ = try retriever.document("eng/1.md", as: eng) },
            { _ = try retriever.chunk("0123456789abcdef", as: eng) },
            { _ = try retriever.chunk(readable, as: eng) }
        ]
        for (i, read) in reads.enumerated() {
            let started = DispatchTime.now().uptimeNanoseconds
            _ = try? read()
            let ms = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
            #expect(ms >= 59, "read \(i) took \(ms) ms")
        }
    }
}
