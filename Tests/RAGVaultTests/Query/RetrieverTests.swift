import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault

/// Freshness across generations, redaction of every field before snippets, highlights,
/// context expansion and policy exemptions — through the public search API.
@Suite struct RetrieverTests {
    static func setUp() throws -> (TemporaryDirectory, Vault, Retriever, TenantStore) {
        let dir = try TemporaryDirectory()
        let vault = try Vault.initialize(at: dir.file("data"), keySource: .generatedKeyFile)
        try vault.createTenant("acme")
        return (dir, vault, Retriever(vault: vault), try vault.store(for: "acme"))
    }

    static func doc(_ id: String, _ texts: [String], title: String = "Doc", allow: [String] = ["role:eng"]) -> DocumentRecord {
        DocumentRecord(
            externalID: id, title: title, contentHash: id + texts.joined(), acl: AccessList(allow: allow),
            chunks: texts.enumerated().map {
                ChunkRecord(
                    ordinal: $0.offset, headingPath: ["Part \($0.offset)"], startOffset: $0.offset * 100, endOffset: $0.offset * 100 + $0.element.count,
                    text: $0.element)
            })
    }

    @Test func deletesReplacementsAndACLChangesShowOnTheNextSearch() throws {
        let (dir, vault, retriever, store) = try Self.setUp()
        defer { withExtendedLifetime(dir) {} } // the data directory outlives the vault
        defer { vault.close() }
        let eng = try Principal.impersonating(tenant: "acme", subject: "ann", roles: ["eng"])
        try store.putDocument(Self.doc("a", ["kubernetes upgrade guide"]))
        try store.putDocument(Self.doc("b", ["kubernetes networking notes"]))
        #expect(try retriever.search(SearchRequest(query: "kubernetes"), as: eng).results.count == 2)
        try store.deleteDocument(externalID: "b")
        #expect(try retriever.search(SearchRequest(query: "kubernetes"), as: eng).results.map(\.documentID) == ["a"])
        try store.putDocument(Self.doc("a", ["terraform upgrade guide"]))
        #expect(try retriever.search(SearchRequest(query: "kubernetes"), as: eng).results.isEmpty)
        #expect(try retriever.search(SearchRequest(query: "terraform"), as: eng).results.count == 1)
        try store.updateACL(externalID: "a", acl: AccessList(allow: ["role:ops"]))
        #expect(try retriever.search(SearchRequest(query: "terraform"), as: eng).results.isEmpty)
        let ops = try Principal.impersonating(tenant: "acme", subject: "ann", roles: ["ops"])
        #expect(try retriever.search(SearchRequest(query: "terraform"), as: ops).results.count == 1)
        try store.updateACL(externalID: "a", acl: AccessList(allow: ["role:ops"], deny: ["user:ann"]))
        #expect(try retriever.search(SearchRequest(query: "terraform"), as: ops).results.isEmpty)
    }

    @Test func everyFieldIsRedactedBeforeTheSnippetIsCut() throws {
        let (dir, vault, retriever, store) = try Self.setUp()
        defer { withExtendedLifetime(dir) {} } // the data directory outlives the vault
        defer { vault.close() }
        let filler = String(repeating: "lorem ipsum dolor ", count: 30)
        try store.putDocument(
            DocumentRecord(
                externalID: "p", title: "Contact jane.doe@acme.example", contentHash: "p", acl: AccessList(allow: ["role:eng"]),
                chunks: [
                    ChunkRecord(
                        ordinal: 0, headingPath: ["Owner 536-22-8471"], startOffset: 0, endOffset: 10,
                        text: filler + "escalation contact jane.doe@acme.example phone +1 415 555 0134 " + filler)
                ]))
        let eng = try Principal.impersonating(tenant: "acme", subject: "ann", roles: ["eng"])
        let result = try retriever.search(SearchRequest(query: "escalation contact", snippetLength: 60), as: eng)
        let p = try #require(result.results.first)
        for field in [p.text, p.snippet, p.title] + p.headingPath {
            #expect(!field.contains("jane.doe"), "\(field)")
            #expect(!field.contains("acme.example"))
            #expect(!field.contains("8471"))
            #expect(!field.contains("0134"))
        }
        #expect(p.redactions["EMAIL"] == 2 && p.redactions["US_SSN"] == 1 && p.redactions["PHONE"] == 1)
        // The snippet is around the match and never shows part of a replacement.
        #expect(p.snippet.contains("escalation"))
        let opens = p.snippet.filter { $0 == "[" }.count, closes = p.snippet.filter { $0 == "]" }.count
        #expect(opens == closes)
        // Highlights are valid ranges of the returned text and cover the query words.
        let scalars = Array(p.text.unicodeScalars)
        #expect(!p.highlights.isEmpty)
        for h in p.highlights {
            #expect(h[0] >= 0 && h[1] <= scalars.count && h[0] < h[1])
            let word = String(String.UnicodeScalarView(scalars[h[0]..<h[1]])).lowercased()
            #expect(["escalation", "contact"].contains(word), "\(word)")
        }
    }

    @Test func exemptRolesSeeTheirPIIAndPseudonymsAreStable() throws {
        let (dir, vault, retriever, store) = try Self.setUp()
        defer { withExtendedLifetime(dir) {} } // the data directory outlives the vault
        defer { vault.close() }
        try vault.setPolicy(try RedactionPolicy.parse(Data(#"{"pii": {"EMAIL": "pseudonymise"}, "exemptions": {"PHONE": ["role:hr"]}}"#.utf8)), for: "acme")
        try store.putDocument(
            Self.doc(
                "d", ["payroll contact bob@acme.example phone +1 415 555 0134 token ghp_R2x8mQ7vL4pZ9tY1wK6nB3cJ5hF0dS8aE2uG"],
                allow: ["role:hr", "role:eng"]))
        let hr = try Principal.impersonating(tenant: "acme", subject: "hana", roles: ["hr"])
        let eng = try Principal.impersonating(tenant: "acme", subject: "ann", roles: ["eng"])
        let seenByHR = try #require(retriever.search(SearchRequest(query: "payroll"), as: hr).results.first)
        let seenByEng = try #require(retriever.search(SearchRequest(query: "payroll"), as: eng).results.first)
        #expect(seenByHR.text.contains("+1 415 555 0134"))
        // The whole number's digits, not a four-digit tail: a random pseudonym's hex holds
        // "0134" about once in 5,000 runs (it did in a CI run).
        #expect(!seenByEng.text.contains("555 0134") && !seenByEng.text.contains("4155550134"))
        #expect(seenByEng.text.contains("[REDACTED:PHONE]"))
        #expect(seenByHR.text.contains("[EMAIL_") && seenByHR.text.contains("[REDACTED:API_KEY]") || !seenByHR.text.contains("ghp_"))
        let pseudonym = seenByEng.text.split(separator: " ").first { $0.hasPrefix("[EMAIL_") }
        #expect(pseudonym != nil)
        #expect(seenByHR.text.contains(String(pseudonym ?? "")))
    }

    @Test func contextBringsNeighboursAndFiltersOnlyNarrow() throws {
        let (dir, vault, retriever, store) = try Self.setUp()
        defer { withExtendedLifetime(dir) {} } // the data directory outlives the vault
        defer { vault.close() }
        try store.putDocument(Self.doc("long", ["intro text", "the needle is here", "closing words"]))
        try store.putDocument(
            DocumentRecord(
                externalID: "other", title: "t", contentHash: "o", acl: AccessList(allow: ["role:eng"]),
                metadata: ["team": "blue"], chunks: [ChunkRecord(ordinal: 0, startOffset: 0, endOffset: 1, text: "another needle")]))
        let eng = try Principal.impersonating(tenant: "acme", subject: "ann", roles: ["eng"])
        let hit = try #require(retriever.search(SearchRequest(query: "needle", documentIDs: ["long"], context: 1), as: eng).results.first)
        #expect(hit.documentID == "long")
        #expect(hit.context?.map(\.text) == ["intro text", "closing words"])
        #expect(try retriever.search(SearchRequest(query: "needle", metadata: ["team": "blue"]), as: eng).results.map(\.documentID) == ["other"])
        #expect(try retriever.search(SearchRequest(query: "needle", metadata: ["team": "red"]), as: eng).results.isEmpty)
        #expect(try retriever.search(SearchRequest(query: "needle", updatedAfter: "2000-01-01T00:00:00Z"), as: eng).results.count == 2)
        #expect(try retriever.search(SearchRequest(query: "needle", updatedAfter: "2999-01-01T00:00:00Z"), as: eng).results.isEmpty)
        // A filter naming a document the caller cannot read adds nothing.
        try store.putDocument(Self.doc("secret", ["needle in the vault"], allow: ["role:exec"]))
        #expect(try retriever.search(SearchRequest(query: "needle", documentIDs: ["secret"]), as: eng).results.isEmpty)
    }

    /// Neighbouring chunks leave through the redactor like the hit itself, under the policy
    /// and the caller's exemptions.
    @Test func contextChunksAreRedacted() throws {
        let (dir, vault, retriever, store) = try Self.setUp()
        defer { vault.close(); withExtendedLifetime(dir) {} }
        try store.putDocument(Self.doc("long", ["owner mail dana.ross@example.org", "the needle is here", "card 4111 1111 1111 1111 on file"]))
        let eng = try Principal.impersonating(tenant: "acme", subject: "ann", roles: ["eng"])
        let hit = try #require(retriever.search(SearchRequest(query: "needle", context: 1), as: eng).results.first)
        #expect(hit.context?.map(\.text) == ["owner mail [REDACTED:EMAIL]", "card [REDACTED:CREDIT_CARD] on file"])
        try vault.setPolicy(RedactionPolicy(exemptions: ["EMAIL": ["role:eng"]]), for: "acme")
        let exempt = try #require(retriever.search(SearchRequest(query: "needle", context: 1), as: eng).results.first)
        #expect(exempt.context?.first?.text == "owner mail dana.ross@example.org")
    }

    @Test func titleAndHeadingMatchesOutrankBody() throws {
        let (dir, vault, retriever, store) = try Self.setUp()
        defer { withExtendedLifetime(dir) {} } // the data directory outlives the vault
        defer { vault.close() }
        try store.putDocument(Self.doc("body", ["a note that mentions failover once among other words"], title: "Misc"))
        try store.putDocument(Self.doc("title", ["a note about other words entirely and more words"], title: "Failover"))
        let eng = try Principal.impersonating(tenant: "acme", subject: "ann", roles: ["eng"])
        #expect(try retriever.search(SearchRequest(query: "failover"), as: eng).results.first?.documentID == "title")
    }
}

/// The defences behind the ranking query: the row filter refuses everything unless a bitmap is
/// installed, and a passage for a row the principal may not read is never built.
@Suite struct RetrievalFailClosedTests {
    @Test func rowFilterWithoutBitmapAdmitsNothing() throws {
        let (dir, vault, _, store) = try RetrieverTests.setUp()
        defer { withExtendedLifetime(dir) {} }
        defer { vault.close() }
        try store.putDocument(RetrieverTests.doc("a", ["open text"], allow: ["tenant:*"]))
        let rows = try store.withConnection {
            try $0.query("SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH 'open' AND vault_permitted(rowid)")
        }
        #expect(rows.isEmpty)
        let withBits = try store.withConnection { db in
            try db.withPermittedRows([0xFF]) { try db.query("SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH 'open' AND vault_permitted(rowid)") }
        }
        #expect(withBits.count == 1)
    }

    @Test func passageForAForbiddenRowIsRefused() throws {
        let (dir, vault, _, store) = try RetrieverTests.setUp()
        defer { withExtendedLifetime(dir) {} } // the data directory outlives the vault
        defer { vault.close() }
        try store.putDocument(RetrieverTests.doc("secret", ["board salary plan"], allow: ["role:exec"]))
        let chunk = try #require(try store.withConnection { try $0.scalar("SELECT id FROM chunks").int })
        let eng = try Principal.impersonating(tenant: "acme", subject: "ann", roles: ["eng"])
        let builder = PassageBuilder(redactor: Redactor(), policy: .default, principal: eng, detections: DetectionCache())
        let row = try store.readSnapshot { try $0.chunkRows(ids: [chunk])[chunk] }
        #expect(throws: RAGVaultError.self) {
            _ = try builder.passages(
                for: [Retriever.Hit(chunkID: chunk, score: 1, row: row, generation: 0)], compiled: try QueryCompiler().compile("salary"),
                request: SearchRequest(query: "salary"), store: store)
        }
    }
}
