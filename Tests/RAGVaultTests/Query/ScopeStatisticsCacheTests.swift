import Testing
@testable import RAGVault

/// The per-scope statistics cache holds a permitted-rows bitmap per principal scope: its memory
/// must stay within budget however many scopes ask, and dead generations must not linger.
@Suite struct ScopeStatisticsCacheTests {
    static func entry(bytes: Int) -> ScopeStatisticsCache.Entry {
        ScopeStatisticsCache.Entry(rows: 1, averageLength: 1, permitted: [UInt8](repeating: 0xFF, count: bytes))
    }

    @Test func staysWithinItsByteBudgetEvictingLeastRecentlyUsed() throws {
        let cache = ScopeStatisticsCache(byteBudget: 1_000)
        let key = { (acl: String) in ScopeStatisticsCache.Key(tenant: "t", acl: acl, generation: 1) }
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
            _ = try cache.entry(.init(tenant: "t", acl: "a", generation: generation)) { Self.entry(bytes: 10) }
        }
        _ = try cache.entry(.init(tenant: "t", acl: "b", generation: 5)) { Self.entry(bytes: 10) }
        _ = try cache.entry(.init(tenant: "u", acl: "a", generation: 1)) { Self.entry(bytes: 10) }
        #expect(cache.count == 3)
    }
}
