import Testing
@testable import RAGVault

/// The per-scope statistics cache holds a permitted-rows bitmap per principal scope: its memory
/// must stay within budget however many scopes ask, and dead generations must not linger.
@Suite struct ScopeStatisticsCacheTests {
    static func entry(bytes: Int) -> ScopeStatisticsCache.Entry {
        ScopeStatisticsCache.Entry(
            rows: 1, documents: 1, averageLength: 1, permitted: [UInt8](repeating: 0xFF, count: bytes), documentMap: DocumentMap(documents: []))
    }

    @Test func staysWithinItsByteBudgetEvictingLeastRecentlyUsed() throws {
        let cache = ScopeStatisticsCache(byteBudget: 1_000)
        let key = { (acl: String) in ScopeStatisticsCache.Key(store: 1, acl: acl, generation: 1) }
        _ = try cache.entry(key("a")) { Self.entry(bytes: 400) }
        _ = try cache.entry(key("b")) { Self.entry(bytes: 400) }
        _ = try cache.entry(key("a")) {
            Issue.record("a was cached"); return Self.entry(bytes: 400)
        } // a is now newer than b
        _ = try cache.entry(key("c")) { Self.entry(bytes: 400) } // over budget: b goes
        #expect(cache.count == 2)
        var recomputed = false
        _ = try cache.entry(key("a")) {
            recomputed = true; return Self.entry(bytes: 400)
        }
        #expect(!recomputed)
        _ = try cache.entry(key("b")) {
            recomputed = true; return Self.entry(bytes: 400)
        }
        #expect(recomputed)
        // One entry larger than the whole budget is still served (and kept alone).
        _ = try cache.entry(key("huge")) { Self.entry(bytes: 5_000) }
        #expect(cache.count == 1)
    }

    @Test func anOlderGenerationOfTheSameScopeIsDropped() throws {
        let cache = ScopeStatisticsCache()
        for generation in 1...5 {
            _ = try cache.entry(.init(store: 1, acl: "a", generation: generation)) { Self.entry(bytes: 10) }
        }
        _ = try cache.entry(.init(store: 1, acl: "b", generation: 5)) { Self.entry(bytes: 10) }
        _ = try cache.entry(.init(store: 2, acl: "a", generation: 1)) { Self.entry(bytes: 10) }
        #expect(cache.count == 3)
    }
}

/// A permitted-rows bitmap belongs to one opened store: a tenant deleted and made again under
/// its name starts again at the same generations and row ids, so a scope remembered from the
/// old store would admit the new store's rows by number, whatever their ACL says.
@Suite struct ScopeStatisticsStoreTests {
    @Test func aTenantMadeAgainUnderItsNameIsScopedAgain() throws {
        let (dir, vault, retriever, store) = try RetrieverTests.setUp()
        defer { withExtendedLifetime(dir) {} }
        defer { vault.close() }
        let eng = try Principal.impersonating(tenant: "acme", subject: "ann", roles: ["eng"])
        // Enough rows that the scope is broad (the bitmap alone admits rows, no ACL in the MATCH).
        try store.putDocuments((0..<12).map { RetrieverTests.doc("d\($0)", ["rollout notes for the team"]) })
        #expect(try retriever.search(SearchRequest(query: "rollout"), as: eng).results.count > 1)
        try vault.deleteTenant("acme")
        try vault.createTenant("acme")
        let again = try vault.store(for: "acme")
        try again.putDocuments((0..<12).map { RetrieverTests.doc("d\($0)", ["rollout salaries of the board"], allow: ["role:board"]) })
        let seen = try retriever.search(SearchRequest(query: "rollout"), as: eng).results
        #expect(seen.isEmpty, "\(seen.map(\.text))")
    }
}
