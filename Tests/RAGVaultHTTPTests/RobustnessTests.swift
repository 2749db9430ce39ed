import Foundation
import NIOHTTP1
import RAGVault
import RAGVaultTestSupport
import Testing

/// Bad input gets a `400` (or `413`) with a precise code — never a `500`, never a widened
/// result; keys are checked on every request, in every process.
@Suite struct RobustnessTests {
    @Test func badBodiesGetPreciseCodes() async throws {
        let f = try await APIFixture.make()
        let s = f.server
        let cases: [(String, Data, String?, Int, String)] = [
            ("malformed", Data("{\"query\": ".utf8), "application/json", 400, "invalid_json"),
            ("not an object", Data("[1, 2]".utf8), "application/json", 400, "invalid_field"),
            ("wrong type", Data("{\"query\": 7}".utf8), "application/json", 400, "invalid_field"),
            ("missing field", Data("{\"top_k\": 3}".utf8), "application/json", 400, "missing_field"),
            ("unknown field", Data("{\"query\": \"rotate\", \"tenant\": \"globex\"}".utf8), "application/json", 400, "unknown_field"),
            ("duplicate key", Data("{\"query\": \"rotate\", \"query\": \"salary\"}".utf8), "application/json", 400, "duplicate_key"),
            ("invalid UTF-8", Data([0x7B, 0x22, 0x71, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D]), "application/json", 400, "invalid_utf8"),
            ("wrong media type", Data("{\"query\": \"rotate\"}".utf8), "text/plain", 400, "unsupported_media_type"),
            ("no media type", Data("{\"query\": \"rotate\"}".utf8), nil, 400, "unsupported_media_type"),
            ("top_k too big", Data("{\"query\": \"rotate\", \"top_k\": 51}".utf8), "application/json", 400, "query_invalid"),
            ("huge body", Data(("{\"query\": \"" + String(repeating: "a", count: 200_000) + "\"}").utf8), "application/json", 413, "payload_too_large")
        ]
        for (name, body, type, status, code) in cases {
            let reply = try await s.send(.POST, "/v1/search", key: f.alice, body: body, contentType: type)
            #expect(reply.status == status, "\(name): \(reply.text)")
            #expect(reply.errorCode == code, "\(name): \(reply.text)")
            #expect(reply.json["error"].flatMap { ($0 as? [String: Any])?["request_id"] as? String } != nil, "\(name)")
        }
        // FTS5 syntax in a query is text, never syntax: searched as words, no error.
        let hostile = try await s.json(.POST, "/v1/search", key: f.alice, ["query": "AND ( NEAR( \" rotate OR *"])
        #expect(hostile.status == 200, "\(hostile.text)")
        let documentCases: [(Data, String)] = [
            (Data("{\"markdown\": \"x\", \"acl\": {\"allow\": [\"role:eng\"], \"dney\": [\"user:bob\"]}}".utf8), "unknown_field"),
            (Data("{\"markdown\": \"x\", \"text\": \"y\", \"acl\": {\"allow\": [\"role:eng\"]}}".utf8), "invalid_body"),
            (Data("{\"content\": \"x\", \"media_type\": \"application/pdf\", \"acl\": {\"allow\": [\"role:eng\"]}}".utf8), "unsupported_media_type"),
            (Data("{\"id\": \"other.md\", \"text\": \"x\", \"acl\": {\"allow\": [\"role:eng\"]}}".utf8), "id_mismatch"),
            (Data("{\"text\": \"a\\u0000b\\u0001\\u0002\\u0003\", \"acl\": {\"allow\": [\"role:eng\"]}}".utf8), "binary")
        ]
        for (body, code) in documentCases {
            let reply = try await s.send(.PUT, "/v1/documents/doc.md", key: f.acmeAdmin, body: body)
            #expect(reply.status == 400, "\(code): \(reply.text)")
            #expect(reply.errorCode == code || (code == "unknown_field" && reply.errorCode == "invalid_json"), "\(code): \(reply.text)")
        }
        #expect(try await s.send(.GET, "/v1/documents/doc.md", key: f.acmeAdmin).status == 404, "nothing was stored")
        let badPath = try await s.send(.GET, "/v1/documents/%FF%FE", key: f.acmeAdmin)
        #expect(badPath.status == 400 || badPath.status == 404, "\(badPath.text)")
        let noRoute = try await s.send(.GET, "/v2/everything", key: f.acmeAdmin)
        #expect(noRoute.status == 404 && noRoute.errorCode == "not_found")
        #expect(!s.log.contains { $0.contains("\"status\":\"500\"") }, "no request answered 500")
        try await s.stop()
    }

    @Test func keysAreCheckedOnEveryRequestInEveryProcess() async throws {
        let f = try await APIFixture.make()
        let s = f.server
        for header in ["", "Bearer", "Bearer rvk_", "Basic \(f.alice)", "Bearer  ", "bearer " + String(f.alice.dropLast(2))] {
            let reply = try await s.send(.POST, "/v1/search", authorization: header, body: Data("{\"query\": \"rotate\"}".utf8))
            #expect(reply.status == 401 && reply.errorCode == "unauthenticated", "\(header): \(reply.text)")
        }
        let tampered = String(f.alice.dropLast()) + (f.alice.last == "A" ? "B" : "A")
        let wrong = try await f.search("rotate", key: tampered)
        #expect(wrong.status == 401 && wrong.errorCode == "unauthenticated")
        #expect(wrong.header("WWW-Authenticate") == "Bearer")
        // Revoked by another process (the CLI) while the server runs: refused from the next request.
        #expect(try await f.search("rotate", key: f.alice).status == 200)
        let aliceID = String(f.alice.dropFirst(4).prefix(16))
        let revoke = try CLIBinary.run(["apikey", "revoke", aliceID, "--data", s.dir.path])
        #expect(revoke.status == 0, "\(revoke.stderr)")
        let after = try await f.search("rotate", key: f.alice)
        #expect(after.status == 401, "\(after.text)")
        // Expired: a key that lapses while the server runs.
        let lapse = Date().addingTimeInterval(5)
        let brief = try s.vault.createAPIKey(tenant: "acme", subject: "eve", roles: ["eng"], scopes: [.search], expiresAt: lapse).key
        #expect(try await f.search("rotate", key: brief).status == 200)
        try await Task.sleep(nanoseconds: UInt64(max(0, lapse.timeIntervalSinceNow + 0.5) * 1e9))
        #expect(try await f.search("rotate", key: brief).status == 401)
        try await s.stop()
    }

    @Test func rateLimitAnswers429WithRetryAfter() async throws {
        let f = try await APIFixture.make {
            $0.rateLimitPerSecond = 0.05; $0.rateLimitBurst = 3
        }
        var statuses: [Int] = []
        var retry: String?
        for _ in 0..<5 {
            let reply = try await f.search("rotate", key: f.alice)
            statuses.append(reply.status)
            if reply.status == 429 { retry = reply.header("Retry-After") }
        }
        #expect(statuses.prefix(3).allSatisfy { $0 == 200 }, "\(statuses)")
        #expect(statuses.suffix(2).allSatisfy { $0 == 429 }, "\(statuses)")
        #expect(Int(retry ?? "") ?? 0 >= 1)
        #expect(try await f.search("rotate", key: f.carol).status == 200, "buckets are per key")
        try await f.server.stop()
    }

    /// Invariant: logs hold no query text, passage text, key secret, ACL principal or planted
    /// value — checked over every line the server wrote during a busy session.
    @Test func logsHoldNoCanary() async throws {
        let f = try await APIFixture.make()
        let s = f.server
        let queryCanary = "zanzibarquokka"
        _ = try await f.search("rotate \(queryCanary) signing", key: f.alice)
        _ = try await f.search("salary \(LiveServer.canarySSN)", key: f.carol)
        _ = try await s.put(
            "canary/\(queryCanary).md", key: f.acmeAdmin, markdown: "# Q\n\n\(queryCanary) passage text\n",
            allow: ["user:canary-principal-xylo"])
        _ = try await s.json(.POST, "/v1/search", key: f.alice, ["query": queryCanary, "bogus_field": true])
        _ = try await s.send(.POST, "/v1/search", key: f.alice, body: Data("{\"query\": \"\(queryCanary)".utf8))
        _ = try await f.search("rotate", key: "rvk_" + String(repeating: "a", count: 16) + "_" + String(repeating: "b", count: 43))
        let log = s.log
        #expect(log.count >= 8, "every request logged")
        #expect(log.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil }, "JSON lines")
        let secrets = [f.alice, f.carol, f.acmeAdmin].flatMap { [String($0.suffix(43)), $0] }
        for canary in [queryCanary, LiveServer.canarySSN, LiveServer.canarySecret, "canary-principal-xylo", "Rotate the signing key", "aaaaaaaaaaaaaaaa"]
            + secrets
        {
            #expect(!log.contains { $0.contains(canary) }, "\(canary) reached the log")
        }
        try await s.stop()
    }
}

/// The server's own limits: requests beyond `maxConcurrentRequests` and reads beyond the
/// timeout get `503` with a code and `Retry-After`, never a `500` or a hang.
@Suite struct LimitTests {
    @Test func overloadAnswers503Overloaded() async throws {
        let f = try await APIFixture.make { $0.maxConcurrentRequests = 1 }
        let statuses = try await withThrowingTaskGroup(of: (Int, String?, String?).self) { group in
            for _ in 0..<24 {
                group.addTask {
                    let r = try await f.search("rotate signing key", key: f.alice)
                    return (r.status, r.errorCode, r.header("Retry-After"))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.contains { $0.0 == 200 })
        #expect(statuses.allSatisfy { $0.0 == 200 || ($0.0 == 503 && $0.1 == "overloaded" && $0.2 == "1") }, "\(statuses)")
        try await f.server.stop()
    }

    @Test func slowReadsAnswer503Timeout() async throws {
        let f = try await APIFixture.make { $0.requestTimeout = 0.05 }
        // A latency floor longer than the timeout makes every search slow, deterministically.
        try f.server.vault.setSettings(try TenantSettings.parse(Data(#"{"min_search_ms": 400}"#.utf8)), for: "acme")
        let slow = try await f.search("rotate", key: f.alice)
        #expect(slow.status == 503 && slow.errorCode == "timeout", "\(slow.text)")
        #expect(slow.header("Retry-After") == "1")
        try await f.server.stop()
    }
}

/// Invariant 6 on the document routes, and duplicate keys refused where documents are read.
@Suite struct DocumentReadTests {
    /// Title, heading, metadata and text of a document leave through the Redactor on
    /// `GET /v1/documents/{id}` and `GET /v1/chunks/{id}`, as on search.
    @Test func documentAndChunkReadsAreRedacted() async throws {
        let f = try await APIFixture.make()
        let s = f.server
        let put = try await s.json(
            .PUT, "/v1/documents/payroll.md", key: f.acmeAdmin,
            [
                "markdown": "# Run for SSN \(LiveServer.canarySSN)\n\nPaid on time.\n", "title": "Payroll \(LiveServer.canarySSN)",
                "metadata": ["owner": "SSN \(LiveServer.canarySSN)"], "acl": ["allow": ["role:hr"]]
            ])
        #expect(put.status == 201, "\(put.text)")
        let document = try await s.send(.GET, "/v1/documents/payroll.md", key: f.carol)
        #expect(document.status == 200, "\(document.text)")
        #expect(!document.text.contains(LiveServer.canarySSN), "\(document.text)")
        let chunkID = try #require((document.json["chunks"] as? [[String: Any]])?.first?["chunk_id"] as? String)
        let chunk = try await s.send(.GET, "/v1/chunks/\(chunkID)", key: f.carol)
        #expect(chunk.status == 200 && !chunk.text.contains(LiveServer.canarySSN), "\(chunk.text)")
        try await s.stop()
    }

    /// `"deny"` twice would keep only the last (empty) list: refused in a PUT and in a batch line.
    @Test func duplicateKeysInDocumentsAreRefused() async throws {
        let f = try await APIFixture.make()
        let s = f.server
        let body = ##"{"markdown": "# X\n\nquarterly numbers", "acl": {"allow": ["role:eng"], "deny": ["user:alice"], "deny": []}}"##
        let put = try await s.send(.PUT, "/v1/documents/x.md", key: f.acmeAdmin, body: Data(body.utf8))
        #expect(put.status == 400 && put.errorCode == "duplicate_key", "\(put.text)")
        let batch = try await s.send(
            .POST, "/v1/documents:batch", key: f.acmeAdmin,
            body: Data(body.replacingOccurrences(of: "{\"markdown\"", with: "{\"id\": \"y.md\", \"markdown\"").utf8),
            contentType: "application/x-ndjson")
        #expect(batch.text.contains("\"duplicate_key\""), "\(batch.text)")
        #expect(APIFixture.results(try await f.search("quarterly", key: f.alice)).isEmpty, "nothing was stored")
        try await s.stop()
    }

    /// A key repeated under another escaping is the same key (Foundation would keep the first,
    /// a Python or Go gateway the last): refused wherever it could change access or redaction.
    @Test func escapedDuplicateKeysAreRefused() async throws {
        let f = try await APIFixture.make()
        let s = f.server
        let body = ##"{"markdown": "# X\n\nwalrus quarterly", "acl": {"allow": ["role:eng"], "deny": [], "d\u0065ny": ["user:alice"]}}"##
        let put = try await s.send(.PUT, "/v1/documents/x.md", key: f.acmeAdmin, body: Data(body.utf8))
        #expect(put.status == 400 && put.errorCode == "duplicate_key" && put.text.contains("acl.deny"), "\(put.text)")
        let batch = try await s.send(
            .POST, "/v1/documents:batch", key: f.acmeAdmin,
            body: Data(body.replacingOccurrences(of: "{\"markdown\"", with: "{\"id\": \"y.md\", \"markdown\"").utf8),
            contentType: "application/x-ndjson")
        #expect(batch.text.contains("\"duplicate_key\""), "\(batch.text)")
        #expect(APIFixture.results(try await f.search("walrus", key: f.alice)).isEmpty, "nothing was stored")
        let policy = try await s.send(.PUT, "/v1/policy", key: f.acmeAdmin, body: Data(##"{"pii": {"EMAIL": "allow", "EM\u0041IL": "mask"}}"##.utf8))
        #expect(policy.status == 400 && policy.text.contains("pii.EMAIL"), "\(policy.text)")
        try await s.stop()
    }

    /// Deep nesting is refused as soon as it passes the limit, on every body-reading route,
    /// in linear time: 10,000 levels (a 60 KB body) cost what 65 do.
    @Test func deepNestingIsRefusedOnEveryRoute() async throws {
        let f = try await APIFixture.make()
        let s = f.server
        let deep = Data((String(repeating: "{\"a\":", count: 10_000) + "1" + String(repeating: "}", count: 10_000)).utf8)
        for (method, path, key) in [
            (HTTPMethod.POST, "/v1/search", f.alice), (.PUT, "/v1/documents/deep.md", f.acmeAdmin),
            (.PUT, "/v1/policy", f.acmeAdmin), (.PATCH, "/v1/documents/deep.md/acl", f.acmeAdmin)
        ] {
            let reply = try await s.send(method, path, key: key, body: deep)
            #expect(reply.status == 400 && reply.text.contains("nested deeper than 64 levels"), "\(path): \(reply.text)")
        }
        let batch = try await s.send(.POST, "/v1/documents:batch", key: f.acmeAdmin, body: deep, contentType: "application/x-ndjson")
        #expect(batch.text.contains("\"invalid_json\"") && batch.text.contains("nested deeper"), "\(batch.text)")
        let mcp = try await s.send(.POST, "/mcp", key: f.alice, body: deep, headers: ["Accept": "application/json, text/event-stream"])
        #expect(mcp.status == 400 && mcp.text.contains("-32700"), "\(mcp.text)")
        #expect(try await f.search("rotate", key: f.alice).status == 200)
        try await s.stop()
    }
}
