import Foundation
import RAGVault
import RAGVaultTestSupport
import Testing

/// Vectors over real HTTP: the admin's configuration, documents with vectors, vector and
/// hybrid searches, and the codes for what cannot be done.
@Suite struct VectorRouteTests {
    static func document(_ markdown: String, _ embedding: [Double]?, allow: [String] = ["role:eng"]) -> [String: Any] {
        var body: [String: Any] = ["markdown": markdown, "acl": ["allow": allow]]
        if let embedding { body["embedding"] = embedding }
        return body
    }

    @Test func configureIngestAndSearch() async throws {
        let f = try await APIFixture.make()
        let s = f.server
        // No configuration yet: vectors are refused on ingest and search.
        let early = try await s.json(.PUT, "/v1/documents/early", key: f.acmeAdmin, Self.document("early", [1, 0, 0]))
        #expect(early.status == 400 && early.text.contains("vectors_not_configured"), Comment(rawValue: early.text))
        let unconfigured = try await s.json(.POST, "/v1/search", key: f.alice, ["query": "x", "vector": [1, 0, 0]])
        #expect(unconfigured.status == 409 && unconfigured.text.contains("vectors_not_configured"), Comment(rawValue: unconfigured.text))
        // Only an admin configures; bad configurations are 400.
        #expect(try await s.json(.PUT, "/v1/vectors", key: f.alice, ["model": "m1", "dims": 3]).status == 403)
        for bad in [["model": "m1", "dims": 0], ["model": "", "dims": 3], ["model": "m1", "dims": 3, "extra": 1], ["model": "m1"]] as [[String: Any]] {
            let reply = try await s.json(.PUT, "/v1/vectors", key: f.acmeAdmin, bad)
            #expect(reply.status == 400, Comment(rawValue: reply.text))
        }
        let set = try await s.json(.PUT, "/v1/vectors", key: f.acmeAdmin, ["model": "m1", "dims": 3, "fusion": ["method": "convex", "alpha": 0.5]])
        #expect(set.status == 200, Comment(rawValue: set.text))
        #expect((set.json["config"] as? [String: Any])?["search_mode"] as? String == "hybrid")
        // Documents with vectors; a wrong one is refused whole.
        try await f.check(try await s.json(.PUT, "/v1/documents/north", key: f.acmeAdmin, Self.document("# North\n\nthe northern depot", [1, 0, 0])))
        try await f.check(try await s.json(.PUT, "/v1/documents/south", key: f.acmeAdmin, Self.document("# South\n\nthe southern depot", [0, 1, 0])))
        try await f.check(
            try await s.json(.PUT, "/v1/documents/secret", key: f.acmeAdmin, Self.document("# Secret\n\nthe hidden depot", [0.9, 0.1, 0], allow: ["role:hr"])))
        let wrong = try await s.json(.PUT, "/v1/documents/wrong", key: f.acmeAdmin, Self.document("wrong", [1, 0]))
        #expect(wrong.status == 400 && wrong.text.contains("invalid_embedding"), Comment(rawValue: wrong.text))
        #expect(try await s.json(.GET, "/v1/documents/wrong", key: f.acmeAdmin, [:]).status != 200)
        // A document cut by the caller, a vector per chunk.
        let cut: [String: Any] = [
            "chunks": [["text": "west wing", "heading_path": ["West"], "embedding": [0, 0, 1]], ["text": "east wing", "embedding": [0, 0.2, 1]]],
            "acl": ["allow": ["role:eng"]]
        ]
        try await f.check(try await s.json(.PUT, "/v1/documents/wings", key: f.acmeAdmin, cut))
        let west = try await s.json(.POST, "/v1/search", key: f.alice, ["query": "", "match": "vector", "vector": [0, 0, 1], "top_k": 1])
        #expect((APIFixture.results(west).first?["heading_path"] as? [String]) == ["West"], Comment(rawValue: west.text))
        try await f.check(try await s.send(.DELETE, "/v1/documents/wings", key: f.acmeAdmin))
        let both = try await s.json(.PUT, "/v1/documents/both", key: f.acmeAdmin, ["text": "x", "chunks": [["text": "y"]], "acl": ["allow": ["role:eng"]]])
        #expect(both.status == 400 && both.text.contains("invalid_body"), Comment(rawValue: both.text))
        let status = try await s.send(.GET, "/v1/vectors", key: f.acmeAdmin)
        #expect(status.json["stored"] as? Int == 3 && status.json["stale"] as? Int == 0, Comment(rawValue: status.text))
        // A vector search finds the nearest readable document; alice never sees the role:hr one.
        let vector = try await s.json(.POST, "/v1/search", key: f.alice, ["query": "", "match": "vector", "vector": [1, 0.05, 0], "top_k": 5])
        #expect(vector.status == 200, Comment(rawValue: vector.text))
        #expect(vector.json["search_mode"] as? String == "vector")
        #expect(APIFixture.results(vector).map { $0["document_id"] as? String } == ["north", "south"])
        #expect((APIFixture.results(vector).first?["ranks"] as? [String: Any])?["vector"] as? Int == 1)
        // Hybrid by the tenant's default when a vector comes without match.
        let hybrid = try await s.json(.POST, "/v1/search", key: f.alice, ["query": "southern", "vector": [1, 0, 0]])
        #expect(hybrid.json["search_mode"] as? String == "hybrid", Comment(rawValue: hybrid.text))
        #expect(Set(APIFixture.results(hybrid).compactMap { $0["document_id"] as? String }) == ["north", "south"])
        // Text searches say so.
        #expect(try await f.search("depot", key: f.alice).json["search_mode"] as? String == "text")
        // Malformed vector searches.
        for bad in [
            ["query": "x", "match": "vector"], ["query": "x", "vector": [1, 0]], ["query": "x", "match": "natural", "vector": [1, 0, 0]],
            ["query": "x", "match": "hybrid", "vector": [1, 0, 0], "fusion": ["method": "convex", "alpha": 3]],
            ["query": "x", "match": "vectors", "vector": [1, 0, 0]], ["query": "x", "vector": [0, 0, 0]]
        ] as [[String: Any]] {
            let reply = try await s.json(.POST, "/v1/search", key: f.alice, bad)
            #expect(reply.status == 400, Comment(rawValue: "\(bad): \(reply.text)"))
        }
        // A new model: stale until re-embedded.
        #expect(try await s.json(.PUT, "/v1/vectors", key: f.acmeAdmin, ["model": "m2", "dims": 3]).json["stale"] as? Int == 3)
        let stale = try await s.json(.POST, "/v1/search", key: f.alice, ["query": "x", "vector": [1, 0, 0]])
        #expect(stale.status == 409 && stale.text.contains("vectors_stale"), Comment(rawValue: stale.text))
        // Another tenant's admin sees its own (empty) configuration.
        let other = try await s.send(.GET, "/v1/vectors", key: f.globexAdmin)
        #expect(other.status == 200 && other.json["config"] == nil && other.json["stored"] as? Int == 0, Comment(rawValue: other.text))
        try await s.stop()
    }

    /// The operator's embedding endpoint seen over HTTP: shown without its key, not changeable
    /// by the tenant's admin, and down it answers 503 embedder_unavailable for writes and
    /// searches — text alone only when the search asks for `fallback: "text"`.
    @Test func anOperatorsEndpoint() async throws {
        guard let model = SentenceEncoder.defaultDirectory() else {
            Issue.record("the embedded model is not installed (make)")
            return
        }
        let embedder = try EmbeddingServer(model: model, key: "sk-canary-Ht5Kw8Pz2Nq6")
        let f = try await APIFixture.make()
        let s = f.server
        let config = VectorConfig(
            model: "all-MiniLM-L6-v2", dims: 384, embedder: .endpoint, endpoint: EmbeddingEndpoint(url: embedder.url(), timeoutMs: 5_000))
        try s.vault.setVectorConfig(config, for: "acme", endpointKey: .set(embedder.key))
        try await f.check(try await s.put("north.md", key: f.acmeAdmin, markdown: "# North\n\nthe northern depot opens at dawn", allow: ["role:eng"]))
        let shown = try await s.send(.GET, "/v1/vectors", key: f.acmeAdmin)
        #expect(shown.status == 200 && shown.text.contains(embedder.url()) && !shown.text.contains(embedder.key), Comment(rawValue: shown.text))
        let moved = try await s.json(
            .PUT, "/v1/vectors", key: f.acmeAdmin,
            ["model": "all-MiniLM-L6-v2", "dims": 384, "embedder": "endpoint", "endpoint": ["url": "https://collector.example.net/v1"]])
        #expect(moved.status == 403 && moved.text.contains("forbidden"), Comment(rawValue: moved.text))
        // Each search is recorded once, whatever happened to its embedding (the pass that handed
        // the endpoint call back is not an answer and is not recorded).
        let searches = { try s.vault.auditRecords(tenant: "acme").records.filter { $0.action == "search" } }
        let before = try searches().count
        let hybrid = try await s.json(.POST, "/v1/search", key: f.alice, ["query": "depot in the north"])
        #expect(hybrid.status == 200 && hybrid.json["search_mode"] as? String == "hybrid" && hybrid.json["fallback"] == nil, Comment(rawValue: hybrid.text))
        #expect(try searches().count == before + 1 && searches().last?.outcome == "ok")
        embedder.stop()
        let write = try await s.put("south.md", key: f.acmeAdmin, markdown: "# South\n\nthe southern depot", allow: ["role:eng"])
        #expect(write.status == 503 && write.text.contains("embedder_unavailable"), Comment(rawValue: write.text))
        #expect(try await s.send(.GET, "/v1/documents/south.md", key: f.acmeAdmin).status == 404)
        let down = try await s.json(.POST, "/v1/search", key: f.alice, ["query": "depot in the north"])
        #expect(down.status == 503 && down.text.contains("embedder_unavailable"), Comment(rawValue: down.text))
        #expect(try searches().count == before + 2 && searches().last?.code == "embedder_unavailable")
        let fallback = try await s.json(.POST, "/v1/search", key: f.alice, ["query": "depot in the north", "fallback": "text"])
        #expect(fallback.status == 200 && fallback.json["fallback"] as? String == "text", Comment(rawValue: fallback.text))
        #expect(fallback.json["search_mode"] as? String == "text" && APIFixture.results(fallback).count == 1)
        #expect(try searches().count == before + 3 && searches().last?.outcome == "ok")
        let bad = try await s.json(.POST, "/v1/search", key: f.alice, ["query": "depot", "fallback": "vector"])
        #expect(bad.status == 400, Comment(rawValue: bad.text))
        try await s.stop()
    }

    /// While a tenant's embedding endpoint takes its time over a query, the server's blocking
    /// threads stay free: with one such thread, another tenant's search is answered while the
    /// service still has the query (it would answer after a minute; it is stopped instead).
    @Test func aSlowEndpointHoldsNoWorkerThread() async throws {
        guard let model = SentenceEncoder.defaultDirectory() else {
            Issue.record("the embedded model is not installed (make)")
            return
        }
        let embedder = try EmbeddingServer(model: model, key: "sk-slow")
        let f = try await APIFixture.make { $0.workerThreads = 1 }
        let s = f.server
        let config = VectorConfig(
            model: "all-MiniLM-L6-v2", dims: 384, embedder: .endpoint, endpoint: EmbeddingEndpoint(url: embedder.url(.stalled), timeoutMs: 120_000))
        try s.vault.setVectorConfig(config, for: "acme", endpointKey: .set(embedder.key))
        let finished = Finished()
        let slow = Task {
            let answer = try await s.json(.POST, "/v1/search", key: f.alice, ["query": "zqslowquery depot"])
            await finished.mark()
            return answer
        }
        // The service has the query (asked from a thread of its own: the call blocks).
        var asked = false
        for _ in 0..<400 where !asked {
            asked = try await Self.offThePool { (try? embedder.received())?.contains { $0.contains("zqslowquery") } ?? false }
            if !asked { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(asked)
        let other = try await s.json(.POST, "/v1/search", key: f.globexAdmin, ["query": "runbook"])
        #expect(other.status == 200, Comment(rawValue: other.text))
        #expect(await !finished.done, "the other tenant's search waited for the slow one")
        embedder.stop()
        let slowAnswer = try await slow.value
        #expect(slowAnswer.status == 503 && slowAnswer.text.contains("embedder_unavailable"), Comment(rawValue: slowAnswer.text))
        try await s.stop()
    }

    static func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}

/// Whether a task has finished.
actor Finished {
    private(set) var done = false
    func mark() { done = true }
}
