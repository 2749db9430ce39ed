import Foundation
import Testing

@testable import RAGVault

/// What one retriever remembers per chunk — the body's tokens for highlights, what the detectors
/// found in the title and heading — belongs to one text: a new version of the document, under
/// the same row ids, must be highlighted and redacted by its own text, exactly as a retriever
/// that never saw the old one does.
@Suite struct ChunkCacheTests {
    static let ann = { try! Principal.impersonating(tenant: "acme", subject: "ann", roles: ["eng"]) }()

    static func words(_ passage: Passage) -> [String] {
        passage.highlights.map { String(passage.text.unicodeScalars.dropFirst($0[0]).prefix($0[1] - $0[0]).map(Character.init)) }
    }

    static func only(_ retriever: Retriever, _ query: String) throws -> Passage {
        try #require(try retriever.search(SearchRequest(query: query), as: ann).results.first)
    }

    @Test func highlightsFollowTheTextOfEachVersion() throws {
        let (dir, vault, retriever, store) = try RetrieverTests.setUp()
        defer { withExtendedLifetime(dir) {} }
        defer { vault.close() }
        try store.putDocument(RetrieverTests.doc("d", ["the rollout starts on monday and the rollout ends on friday"]))
        let first = try Self.only(retriever, "rollout") // read once: spans for this query alone
        #expect(Self.words(first) == ["rollout", "rollout"])
        // Read again its tokens are kept, and a third read uses them: the same answer each time.
        for _ in 0..<2 { #expect(first.highlights == (try Self.only(retriever, "rollout")).highlights) }
        // Longer words before the match move its offsets; the old tokens would mark the wrong bytes.
        try store.putDocument(RetrieverTests.doc("d", ["preparations for the staged regional rollout continue"]))
        let second = try Self.only(retriever, "rollout")
        #expect(Self.words(second) == ["rollout"], "\(second.highlights) in \(second.text)")
        #expect(second.highlights == (try Self.only(Retriever(vault: vault), "rollout")).highlights)
    }

    @Test func prefixAndPhraseQueriesHighlightAsTheTokenizerDoes() throws {
        let (dir, vault, retriever, store) = try RetrieverTests.setUp()
        defer { withExtendedLifetime(dir) {} }
        defer { vault.close() }
        try store.putDocument(RetrieverTests.doc("d", ["Rolling restarts: restart the signing service, then restarted workers sign again"]))
        // The first read highlights from spans for its query; from the second on, the chunk's
        // tokens are kept and serve every query.
        #expect(Self.words(try Self.only(retriever, "restart")) == ["restarts", "restart", "restarted"])
        #expect(Self.words(try Self.only(retriever, "restart")) == ["restarts", "restart", "restarted"]) // porter stems
        #expect(Self.words(try Self.only(retriever, "sign*")) == ["signing", "sign"])
        #expect(Self.words(try Self.only(retriever, "\"signing service\"")) == ["signing", "service"])
    }

    @Test func aNewTitleIsRedactedByItsOwnText() throws {
        let (dir, vault, retriever, store) = try RetrieverTests.setUp()
        defer { withExtendedLifetime(dir) {} }
        defer { vault.close() }
        try store.putDocument(RetrieverTests.doc("d", ["rollout notes"], title: "Rollout plan"))
        #expect(try Self.only(retriever, "rollout").title == "Rollout plan")
        // Same row, same length class of title: spans remembered for the old title would not
        // cover the address in the new one.
        try store.putDocument(RetrieverTests.doc("d", ["rollout notes"], title: "Ask ann@example.com"))
        let passage = try Self.only(retriever, "rollout")
        #expect(!passage.title.contains("ann@example.com"), "\(passage.title)")
        #expect(passage.redactions["EMAIL"] == 1, "\(passage.redactions)")
    }
}
