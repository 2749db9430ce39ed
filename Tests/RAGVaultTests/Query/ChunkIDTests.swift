import Foundation
import Testing
@testable import RAGVault

/// Chunk ids handed to callers are opaque: they reveal nothing about insertion order or how
/// many chunks (visible or not) exist, and stay stable while a chunk is unchanged.
@Suite struct ChunkIDTests {
    static func ids(_ retriever: Retriever, _ principal: Principal, _ query: String) throws -> [String: String] {
        let results = try retriever.search(SearchRequest(query: query, topK: 50, perDocument: 50), as: principal).results
        return Dictionary(uniqueKeysWithValues: results.map { ("\($0.documentID)#\($0.offsets[0])", $0.chunkID) })
    }

    @Test func idsDoNotDependOnHiddenInsertsOrOrder() throws {
        let (dir, vault, retriever, store) = try RetrieverTests.setUp()
        defer { vault.close(); withExtendedLifetime(dir) {} }
        let eng = try Principal.impersonating(tenant: "acme", subject: "ann", roles: ["eng"])
        let visible = (0..<20).map { RetrieverTests.doc("v\($0)", ["visible walrus \($0)", "second walrus part \($0)"]) }
        try store.putDocuments(visible)
        let before = try Self.ids(retriever, eng, "walrus")
        #expect(before.count == 40)
        // Not sequential numbers: sixteen hex digits, not sorted in insertion order.
        #expect(before.values.allSatisfy { $0.count == 16 && $0.allSatisfy(\.isHexDigit) })
        let inOrder = (0..<20).compactMap { before["v\($0)#0"] }
        #expect(inOrder != inOrder.sorted(), "ids follow insertion order")

        // Hidden chunks written in between and the visible ones rewritten: ids are unchanged.
        for round in 0..<3 {
            try store.putDocuments((0..<30).map { RetrieverTests.doc("h\(round)-\($0)", ["hidden walrus \($0)"], allow: ["role:hr"]) })
            for doc in visible { try store.deleteDocument(externalID: doc.externalID) }
            try store.putDocuments(visible.shuffled())
        }
        #expect(try Self.ids(retriever, eng, "walrus") == before)
    }

    @Test func anUnchangedChunkKeepsItsIdWhenItsDocumentChanges() throws {
        let (dir, vault, retriever, store) = try RetrieverTests.setUp()
        defer { vault.close(); withExtendedLifetime(dir) {} }
        let eng = try Principal.impersonating(tenant: "acme", subject: "ann", roles: ["eng"])
        try store.putDocument(RetrieverTests.doc("d", ["alpha otter", "beta otter", "beta otter"]))
        let first = try retriever.search(SearchRequest(query: "otter", perDocument: 8), as: eng).results
        #expect(Set(first.map(\.chunkID)).count == 3, "identical chunks get distinct ids")
        try store.putDocument(RetrieverTests.doc("d", ["alpha otter changed", "beta otter", "beta otter"]))
        let second = try retriever.search(SearchRequest(query: "otter", perDocument: 8), as: eng).results
        let unchanged = { (ps: [Passage]) in Set(ps.filter { $0.text == "beta otter" }.map(\.chunkID)) }
        #expect(unchanged(first) == unchanged(second))
        #expect(Set(first.map(\.chunkID)) != Set(second.map(\.chunkID)))
    }

    /// Two tenants holding the same document get unrelated ids (keys are per tenant).
    @Test func idsAreUnlinkableAcrossTenants() throws {
        let (dir, vault, retriever, store) = try RetrieverTests.setUp()
        defer { vault.close(); withExtendedLifetime(dir) {} }
        try vault.createTenant("globex")
        try store.putDocument(RetrieverTests.doc("d", ["shared walrus"]))
        try vault.store(for: "globex").putDocument(RetrieverTests.doc("d", ["shared walrus"]))
        let a = try retriever.search(SearchRequest(query: "walrus"), as: try Principal.impersonating(tenant: "acme", subject: "a", roles: ["eng"]))
        let b = try retriever.search(SearchRequest(query: "walrus"), as: try Principal.impersonating(tenant: "globex", subject: "a", roles: ["eng"]))
        #expect(a.results.count == 1 && b.results.count == 1)
        #expect(a.results[0].chunkID != b.results[0].chunkID)
    }
}
