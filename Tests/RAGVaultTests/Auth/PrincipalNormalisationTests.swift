import RAGVaultTestSupport
import CSodium
import Foundation
import Testing
@testable import RAGVault

/// Principal names compare as one spelling (NFKC, lower case) at ingest and at query, for
/// allow and deny alike: a deny on `user:intern` also stops `INTERN`.
@Suite struct PrincipalNormalisationTests {
    @Test(arguments: [
        ("user:intern", "INTERN", [String]()),
        ("user:bob@acme.com", "Bob@ACME.com", [String]()),
        ("role:contractor", "dana", ["Contractor"]),
        ("Role:Contractor", "dana", ["contractor"]),
        ("role:contractor", "dana", ["ＣＯＮＴＲＡＣＴＯＲ"])
    ])
    func denyHoldsWhateverTheCase(deny: String, user: String, roles: [String]) throws {
        let (dir, vault, retriever, store) = try RetrieverTests.setUp()
        defer { vault.close(); withExtendedLifetime(dir) {} }
        try store.putDocument(
            DocumentRecord(
                externalID: "d", title: "Doc", contentHash: "d", acl: AccessList(allow: ["role:eng", "tenant:*"], deny: [deny]),
                chunks: [ChunkRecord(ordinal: 0, startOffset: 0, endOffset: 10, text: "quarterly walrus report")]))
        let principal = try Principal.impersonating(tenant: "acme", subject: user, roles: roles + ["eng"])
        #expect(try retriever.search(SearchRequest(query: "walrus"), as: principal).results.isEmpty, "\(deny) did not stop \(user) \(roles)")
        let other = try Principal.impersonating(tenant: "acme", subject: "someone", roles: ["ENG"])
        #expect(try retriever.search(SearchRequest(query: "walrus"), as: other).results.count == 1, "allow is case-blind too")
    }

    /// A store written before normalisation (ACL tokens of mixed-case names) is migrated on open.
    @Test func storesWithMixedCaseTokensAreMigrated() throws {
        let dir = try TemporaryDirectory()
        let key = try Fixtures.key()
        let path = dir.file("old.db")
        func oldToken(_ principal: String) -> String {
            let input = Array("ragvault-acl-v1:\(principal)".utf8)
            var digest = [UInt8](repeating: 0, count: 8)
            crypto_generichash(&digest, 8, input, UInt64(input.count), nil, 0)
            return String(digest.reduce(UInt64(0)) { ($0 << 8) | UInt64($1) })
        }
        do {
            let store = try TenantStore.openOrCreate(tenant: "acme", path: path, key: key)
            try store.putDocument(Fixtures.document("d1", text: "walrus"))
            // As an older ragvault wrote it: names as given, tokens of those names.
            try store.withConnection { db in
                try db.run(
                    "UPDATE documents SET acl_json = ?, allow_tokens = ?, deny_tokens = ?",
                    [.text(#"{"allow":["role:Eng"],"deny":["user:Intern"]}"#), .text(oldToken("role:Eng")), .text(oldToken("user:Intern"))])
                try db.run("INSERT INTO chunks_fts(chunks_fts) VALUES ('rebuild')")
                try db.run("INSERT INTO store_meta(key, value) VALUES ('index_upgrade', '5')")
            }
            store.close()
        }
        let store = try TenantStore.openOrCreate(tenant: "acme", path: path, key: key)
        defer { store.close() }
        let tokens = try store.withConnection { try $0.query("SELECT allow_tokens, deny_tokens FROM documents").first }
        #expect(tokens?[0].string == AccessList.token(for: "role:eng"))
        #expect(tokens?[1].string == AccessList.token(for: "user:intern"))
        #expect(try store.integrityProblems().isEmpty)
    }
}
