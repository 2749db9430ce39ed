import Foundation
import Testing

@testable import RAGVault

/// Documents are ranked, not the fragments they were cut into: a long document does not fill
/// the results alone, and its chunks do not make its words look common to BM25.
@Suite struct DocumentRankingTests {
    static let eng = { try! Principal.impersonating(tenant: "acme", subject: "ann", roles: ["eng"]) }()

    @Test func eachDocumentRanksOnceAtItsBestChunkUnlessMoreAreAskedFor() throws {
        let (dir, vault, retriever, store) = try RetrieverTests.setUp()
        defer { withExtendedLifetime(dir) {} }
        defer { vault.close() }
        try store.putDocument(RetrieverTests.doc("long", ["otter one", "otter otter two", "otter three", "otter four"]))
        try store.putDocument(RetrieverTests.doc("short", ["a note on the otter"]))
        let once = try retriever.search(SearchRequest(query: "otter", topK: 5), as: Self.eng).results
        #expect(once.map(\.documentID).sorted() == ["long", "short"])
        #expect(once.first { $0.documentID == "long" }?.text == "otter otter two", "the best chunk stands for the document")
        let three = try retriever.search(SearchRequest(query: "otter", topK: 5, perDocument: 3), as: Self.eng).results
        #expect(three.count == 4)
        #expect(three.filter { $0.documentID == "long" }.count == 3)
        #expect(three.map(\.score) == three.map(\.score).sorted(by: >))
        // k documents are filled even when one document's chunks outrank everything else.
        try store.putDocument(RetrieverTests.doc("many", (0..<40).map { "otter otter otter otter \($0)" }))
        let top = try retriever.search(SearchRequest(query: "otter", topK: 3), as: Self.eng).results
        #expect(top.map(\.documentID).sorted() == ["long", "many", "short"])
        #expect(throws: RAGVaultError.self) { try retriever.search(SearchRequest(query: "otter", perDocument: 0), as: Self.eng) }
    }

    @Test func aDocumentCutIntoManyChunksCountsOnceInTheStatistics() throws {
        // Two tenants with the same documents, one cut into 12 chunks, one whole: the word both
        // documents hold has the same document frequency, so the short document scores the same.
        let (dir, vault, retriever, store) = try RetrieverTests.setUp()
        defer { withExtendedLifetime(dir) {} }
        defer { vault.close() }
        try vault.createTenant("whole")
        let long = (0..<12).map { "walrus notes part \($0) with filler words" }
        try store.putDocument(RetrieverTests.doc("long", long))
        try store.putDocument(RetrieverTests.doc("short", ["walrus and kelp"]))
        try store.putDocument(RetrieverTests.doc("other", ["kelp only"]))
        let whole = try vault.store(for: "whole")
        try whole.putDocument(RetrieverTests.doc("long", ["walrus notes part 0 with filler words"]))
        try whole.putDocument(RetrieverTests.doc("short", ["walrus and kelp"]))
        try whole.putDocument(RetrieverTests.doc("other", ["kelp only"]))
        let cut = try retriever.search(SearchRequest(query: "walrus kelp"), as: Self.eng).results
        let one = try retriever.search(
            SearchRequest(query: "walrus kelp"), as: try Principal.impersonating(tenant: "whole", subject: "ann", roles: ["eng"])
        ).results
        let score = { (results: [Passage]) in results.first { $0.documentID == "short" }?.score }
        // Same N (3 documents), same df (walrus 2, kelp 2); only the average chunk length differs.
        #expect(cut.map(\.documentID) == one.map(\.documentID))
        let idf = { (n: Double, df: Double) in log(1 + (n - df + 0.5) / (df + 0.5)) }
        let expectedIDF = idf(3, 2)
        let tf = 1.0, k1 = 1.2, b = 0.75
        // Lengths in tokens count the title ("Doc") and heading ("Part n") too: 1 + 2 more.
        let averageCut = (Double(12 * 10) + 6 + 5) / 14, averageWhole = (10.0 + 6 + 5) / 3
        let expected = { (avg: Double) in 2 * expectedIDF * tf * (k1 + 1) / (tf + k1 * (1 - b + b * 6 / avg)) }
        #expect(abs((score(cut) ?? 0) - expected(averageCut)) < 1e-4, "\(cut.map(\.score))")
        #expect(abs((score(one) ?? 0) - expected(averageWhole)) < 1e-4, "\(one.map(\.score))")
    }
}
