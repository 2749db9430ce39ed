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
        "alpha*bravo", "rowid:1", "chunks_fts:alpha", "\\\"alpha\\\"", "alpha + bravo", "alpha:", ":alpha"
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
        for request in [
            SearchRequest(query: "alpha", topK: 0), SearchRequest(query: "alpha", topK: 51),
            SearchRequest(query: "alpha", snippetLength: 5), SearchRequest(query: "alpha", context: 9),
            SearchRequest(query: "alpha", updatedAfter: "yesterday")
        ] {
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
    static let t = "{title heading body}"

    @Test(arguments: [
        ("rotate key", MatchMode.all, #"((T : "rotate") AND (T : "key"))"#),
        ("rotate key", .natural, #"((T : "rotate") OR (T : "key"))"#),
        ("\"signing key\" -draft", .natural, #"(((T : "signing key")) NOT ((T : "draft")))"#),
        ("rot* OR rollback", .all, #"(((T : "rot" *)) OR ((T : "rollback")))"#),
        ("rot* OR rollback", .natural, #"((T : "rot" *) OR (T : "rollback"))"#),
        ("+rotate key signing", .natural, #"(((T : "rotate")) AND ((T : "key") OR (T : "signing") OR (T : "rotate")))"#),
        ("+rotate +key", .natural, #"((T : "rotate") AND (T : "key"))"#),
        ("what is the key", .natural, #"((T : "key"))"#),
        ("the key", .any, #"((T : "the") OR (T : "key"))"#),
        ("+the key", .natural, #"(((T : "the")) AND ((T : "key") OR (T : "the")))"#),
        ("key key", .natural, #"((T : "key"))"#),
        (#"a"b"#, .all, #"((T : "a""b"))"#),
        ("allow:x", .all, #"((T : "allow:x"))"#),
        // Natural mode: a compound's parts, each optional; a sign before a digit is a number's.
        ("allow:x", .natural, #"((T : "allow") OR (T : "x"))"#),
        ("IL-10 levels", .natural, #"((T : "IL") OR (T : "10") OR (T : "levels"))"#),
        ("state-of-the-art parser", .natural, #"((T : "state") OR (T : "art") OR (T : "parser"))"#),
        ("+IL-10 levels", .natural, #"(((T : "IL-10")) AND ((T : "levels") OR (T : "IL-10")))"#),
        ("IL-10 levels", .all, #"((T : "IL-10") AND (T : "levels"))"#),
        ("does +1 mean yes", .natural, #"((T : "+1") OR (T : "mean") OR (T : "yes"))"#),
        ("frost at -5 degrees", .natural, #"((T : "frost") OR (T : "-5") OR (T : "degrees"))"#),
        // The same word with another sign is another term; the same word again is not.
        ("rotate -rotate key rotate", .natural, #"(((T : "rotate") OR (T : "key")) NOT ((T : "rotate")))"#)
    ])
    func compiles(input: String, mode: MatchMode, expected: String) throws {
        #expect(try QueryCompiler().compile(input, mode: mode).expression.fts == expected.replacingOccurrences(of: "T :", with: Self.t + " :"))
    }

    /// The repeat of a required term that keeps rows without optional terms is not scored.
    @Test func repeatedRequiredTermIsNotScored() throws {
        let compiled = try QueryCompiler().compile("+rotate key", mode: .natural)
        #expect(compiled.phrases.map(\.scored) == [true, true, false])
    }

    /// A keyed value (PII seen unmasked) is matched in the pii column only, also inside a phrase.
    @Test func keyedValuesUseThePIIColumn() throws {
        let query = "mail dana@example.com \"owner dana@example.com\""
        let compiled = try QueryCompiler().compile(query, mode: .all) { text in
            var out: [QueryCompiler.KeyedValue] = []
            var from = text.startIndex
            while let r = text.range(of: "dana@example.com", range: from..<text.endIndex) {
                let start = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: r.lowerBound)
                out.append(.init(range: start..<(start + 16), token: "123"))
                from = r.upperBound
            }
            return out
        }
        #expect(
            compiled.expression.fts
                == #"((T : "mail") AND (pii : "123") AND (pii : "123") AND (T : "owner"))"#.replacingOccurrences(of: "T :", with: Self.t + " :")
        )
        #expect(compiled.phrases.map(\.text) == ["mail", "dana@example.com", "dana@example.com", "owner"])
    }

    /// A private-use marker typed by a user is not taken for a keyed value.
    @Test func typedMarkersAreIgnored() throws {
        let compiled = try QueryCompiler().compile("\u{E000}0 key", mode: .natural) { _ in [] }
        #expect(!compiled.expression.fts.contains("pii"))
    }
}
