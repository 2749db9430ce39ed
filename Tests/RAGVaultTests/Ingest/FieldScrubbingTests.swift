import Foundation
import Testing
@testable import RAGVault

/// Ingest scrubs every stored and indexed field, not only the body: a secret left in a heading,
/// title, metadata or source would be masked on output but found by a prefix search, and shown
/// by `docs`.
@Suite struct FieldScrubbingTests {
    /// A GitHub-format token whose 36-character body is `seed` repeated and mixed.
    static func token(_ seed: String) -> (token: String, body: String) {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
        var state = UInt64(seed.unicodeScalars.reduce(7) { $0 &* 31 &+ UInt64($1.value) })
        let body = String(
            (0..<36).map { _ -> Character in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return alphabet[Int(state >> 33) % alphabet.count]
            })
        return ("ghp_" + body, body)
    }

    @Test func secretsInEveryFieldAreScrubbedCountedAndNotFound() throws {
        let (dir, vault, retriever, store) = try RetrieverTests.setUp()
        defer { vault.close(); withExtendedLifetime(dir) {} }
        let t = ["atx", "setext", "rst", "html", "title", "metakey", "metavalue", "id"].reduce(into: [String: (token: String, body: String)]()) {
            $0[$1] = Self.token($1)
        }
        let password = "Sup3rS3cretPw9x"
        let acl = AccessList(allow: ["role:eng"])
        let documents = [
            SourceDocument(externalID: "atx.md", format: .markdown, bytes: Array("# Deploy \(t["atx"]!.token)\n\nbody alpha\n".utf8), acl: acl),
            SourceDocument(
                externalID: "setext.md", format: .markdown,
                bytes: Array("Deploy \(t["setext"]!.token)\n=====================\n\nbody beta\n".utf8), acl: acl),
            SourceDocument(
                externalID: "guide.rst", format: .restructuredText,
                bytes: Array("Deploy \(t["rst"]!.token)\n==================================================\n\nbody gamma\n".utf8), acl: acl),
            SourceDocument(
                externalID: "page.html", format: .html,
                bytes: Array("<h1>Deploy \(t["html"]!.token)</h1><p>body delta</p>".utf8), acl: acl),
            SourceDocument(
                externalID: "titled.txt", format: .text, bytes: Array("body epsilon".utf8),
                title: "Runbook \(t["title"]!.token)", acl: acl,
                metadata: ["token \(t["metakey"]!.token)": "x", "owner_token": t["metavalue"]!.token],
                source: "https://deploy:\(password)@git.example.com/repo.git")
        ]
        let indexer = try vault.indexer(for: "acme")
        var findings = DocumentPreparer.Findings()
        for document in documents {
            #expect(try indexer.index(document, findings: &findings) == .added, "\(document.externalID)")
        }
        // Four headings (each twice: in the heading path and at the start of the chunk text),
        // the title, a metadata key and value, the source URL's password.
        #expect(findings.secretsScrubbed == 12)
        let refused = try indexer.index(
            SourceDocument(
                externalID: "notes-\(t["id"]!.token).md", format: .markdown,
                bytes: Array("body zeta".utf8), acl: acl), findings: &findings)
        guard case .skipped(code: "secret_in_id", _) = refused else {
            Issue.record("a document id holding a secret was not refused: \(refused)")
            return
        }

        // Nothing of any secret in any stored column.
        let stored = try store.withConnection { db in
            try (db.query("SELECT * FROM documents") + db.query("SELECT * FROM chunks")).flatMap { $0.compactMap(\.string) }.joined(separator: "\n")
        }
        for (name, secret) in t {
            #expect(!stored.contains(secret.body), "\(name) secret stored")
        }
        #expect(!stored.contains(password))
        // Nor in what `docs` prints, redacted or not.
        for redacted in [true, false] {
            let listing = String(decoding: try JSONEncoder().encode(try vault.documentSummaries(tenant: "acme", redacted: redacted)), as: UTF8.self)
            for secret in t.values { #expect(!listing.contains(secret.body)) }
            #expect(!listing.contains(password))
        }
        // And no search finds them, by any prefix.
        let eng = try Principal.impersonating(tenant: "acme", subject: "ann", roles: ["eng"])
        for (name, secret) in t {
            for length in [4, 8, 36] {
                let query = String(secret.body.prefix(length)) + "*"
                let hits = try retriever.search(SearchRequest(query: query, topK: 50), as: eng).results
                #expect(hits.isEmpty, "\(name): \(query) found \(hits.map(\.documentID))")
            }
        }
        #expect(try retriever.search(SearchRequest(query: password), as: eng).results.isEmpty)
        #expect(try retriever.search(SearchRequest(query: "body"), as: eng).results.count == 5)
    }
}
