import Foundation
import Testing
@testable import RAGVault

/// FTS5 syntax, control characters and huge inputs in the query never produce an internal
/// error and never widen the scope.
@Suite(.serialized) struct HostileQueryTests {
    static let world = try! RetrievalWorld(seed: 77, tenants: 2, documents: 40)

    static let hostile: [String] = [
        "acl:x", "allow:*", "deny:1 OR allow:*", "allow : \"1\"", "{allow deny}: alpha", "title:alpha", "NEAR(alpha bravo)",
        "NEAR(alpha bravo, 2)", "\"", "*", "^alpha", "-", "--", "\"unbalanced", "alpha\"bravo", "(((alpha", "alpha)))",
        "alpha AND NOT bravo", "NOT alpha", "alpha NOT", "OR", "OR OR alpha", "alpha OR", "-alpha", "-alpha -bravo",
        "alpha\u{0}bravo", "alpha\u{E0041}\u{E0042}", "\u{202E}alpha", "alpha\u{200B}bravo", "🙂", "a'b", "'; DROP TABLE chunks; --",
        "alpha*bravo", "rowid:1", "chunks_fts:alpha", "\\\"alpha\\\"", "alpha + bravo", "alpha:", ":alpha",
    ]

    @Test(arguments: hostile)
    func hostileQueryIsAnsweredOrRejectedCleanly(query: String) throws {
        let world = Self.world
        let principal = try Principal.impersonating(tenant: "t0", subject: "u1", roles: ["r1"])
        let allowToken = AccessList.token(for: "role:r2")
        for text in [query, query.replacingOccurrences(of: "1", with: allowToken)] {
            do {
                let result = try world.retriever.search(SearchRequest(query: text, topK: 50), as: principal)
                for passage in result.results {
                    #expect(RetrievalWorld.permits(world.acls["t0"]![passage.documentID]!, principal), "\(text) widened the scope")
                }
            } catch let error as RAGVaultError {
                #expect(error.code == .queryInvalid, "\(text.debugDescription): \(error)")
            }
        }
    }

    @Test func oversizedQueriesAreRejected() throws {
        let principal = try Principal.impersonating(tenant: "t0", subject: "u1", roles: ["r1"])
        let orChain = (0..<10_000).map { "w\($0)" }.joined(separator: " OR ")
        let huge = String(repeating: "alpha ", count: 200_000)
        for text in [orChain, huge, "", "   ", "the and of", "-alpha"] {
            do {
                _ = try Self.world.retriever.search(SearchRequest(query: text), as: principal)
                Issue.record("\(text.prefix(30)) was accepted")
            } catch let error as RAGVaultError {
                #expect(error.code == .queryInvalid)
            }
        }
        for request in [SearchRequest(query: "alpha", topK: 0), SearchRequest(query: "alpha", topK: 51),
                        SearchRequest(query: "alpha", snippetLength: 5), SearchRequest(query: "alpha", context: 9),
                        SearchRequest(query: "alpha", updatedAfter: "yesterday")] {
            #expect(throws: RAGVaultError.self) { _ = try Self.world.retriever.search(request, as: principal) }
        }
    }

    /// Typing another role's opaque ACL token as a search term finds nothing extra: user terms
    /// are confined to the text columns.
    @Test func aclTokensTypedAsTextDoNotWiden() throws {
        let principal = try Principal.impersonating(tenant: "t0", subject: "u5", roles: ["r0"])
        for other in RetrievalWorld.roles + RetrievalWorld.groups + ["tenant:*"] {
            let token = AccessList.token(for: other)
            let result = try Self.world.retriever.search(SearchRequest(query: token, topK: 50), as: principal)
            #expect(result.results.isEmpty, "token of \(other) matched text")
        }
    }
}

@Suite struct QueryCompilerTests {
    @Test(arguments: [
        ("rotate key", #"{title heading body} : (("rotate" AND "key"))"#),
        ("\"signing key\" -draft", #"{title heading body} : ((("signing key") NOT ("draft")))"#),
        ("rot* OR rollback", #"{title heading body} : (("rot" *) OR ("rollback"))"#),
        ("the key", #"{title heading body} : (("key"))"#),
        (#"a"b"#, #"{title heading body} : (("a""b"))"#),
        ("allow:x", #"{title heading body} : (("allow:x"))"#),
    ])
    func compiles(input: String, expected: String) throws {
        #expect(try QueryCompiler().compile(input).expression == expected)
    }
}
