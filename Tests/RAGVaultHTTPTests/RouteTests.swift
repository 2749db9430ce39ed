import AsyncHTTPClient
import Foundation
import RAGVault
import RAGVaultTestSupport
import Testing

/// Every route over real HTTP on loopback: successes, scope checks, and the answers a caller
/// gets for what it may not see.
@Suite struct RouteTests {
    @Test func searchIsScopedToTheKeysTenantAndRoles() async throws {
        let f = try await APIFixture.make()
        let alice = try await f.search("rotate signing key", key: f.alice)
        #expect(alice.status == 200, Comment(rawValue: alice.text))
        let docs = Set(APIFixture.results(alice).compactMap { $0["document_id"] as? String })
        #expect(docs == ["eng/deploy.md"], Comment(rawValue: "alice (acme, role:eng) sees only acme's eng document"))
        #expect(!(alice.text.contains(LiveServer.canarySecret)), Comment(rawValue: "the secret was scrubbed at ingest"))
        let carol = try await f.search("signing", key: f.carol)
        #expect(Set(APIFixture.results(carol).compactMap { $0["document_id"] as? String }) == ["hr/salaries.md"])
        #expect(!(carol.text.contains(LiveServer.canarySSN)), Comment(rawValue: "PII leaves redacted"))
        let globex = try await f.search("rotate signing key", key: f.globexAdmin)
        #expect(Set(APIFixture.results(globex).compactMap { $0["document_id"] as? String }) == ["ops/runbook.md"])
        #expect(alice.header("X-Request-Id") != nil)
        try await f.server.stop()
    }

    @Test func chunkAndDocumentReadsAreCheckedAtReadTime() async throws {
        let f = try await APIFixture.make()
        let hit = try #require(APIFixture.results(try await f.search("rotate", key: f.alice)).first)
        let chunkID = try #require(hit["chunk_id"] as? String)
        let chunk = try await f.server.send(.GET, "/v1/chunks/\(chunkID)", key: f.alice)
        #expect(chunk.status == 200, Comment(rawValue: chunk.text))
        #expect(chunk.json["document_id"] as? String == "eng/deploy.md")
        let doc = try await f.server.send(.GET, "/v1/documents/eng%2Fdeploy.md", key: f.alice)
        #expect(doc.status == 200, Comment(rawValue: doc.text))
        #expect(doc.json["acl"] == nil, Comment(rawValue: "readers do not see access lists"))
        let asAdmin = try await f.server.send(.GET, "/v1/documents/eng%2Fdeploy.md", key: f.acmeAdmin)
        #expect(asAdmin.json["acl"] != nil, Comment(rawValue: "admins do"))
        // The ACL changes: the same chunk id stops answering on the next request.
        let patch = try await f.server.json(.PATCH, "/v1/documents/eng%2Fdeploy.md/acl", key: f.acmeAdmin, ["allow": ["role:hr"]])
        #expect(patch.json["outcome"] as? String == "acl_updated", Comment(rawValue: patch.text))
        let after = try await f.server.send(.GET, "/v1/chunks/\(chunkID)", key: f.alice)
        #expect(after.status == 404)
        try await f.server.stop()
    }

    /// Another tenant's ids, ids behind an ACL and ids that exist nowhere get one answer:
    /// same status, code, message and body shape.
    @Test func otherTenantsAndForbiddenIDsAnswerExactlyAsNonexistent() async throws {
        let f = try await APIFixture.make()
        let acmeChunk = try #require(APIFixture.results(try await f.search("rotate", key: f.alice)).first?["chunk_id"] as? String)
        let hrChunk = try #require(APIFixture.results(try await f.search("salary", key: f.carol)).first?["chunk_id"] as? String)
        let probes: [(String, String)] = [
            ("/v1/chunks/\(acmeChunk)", f.globexAdmin), // exists in acme
            ("/v1/chunks/\(hrChunk)", f.alice), // exists, ACL says no
            ("/v1/chunks/0123456789abcdef", f.alice), // exists nowhere
            ("/v1/documents/eng%2Fdeploy.md", f.globexAdmin), // exists in acme
            ("/v1/documents/hr%2Fsalaries.md", f.alice), // exists, ACL says no
            ("/v1/documents/nowhere.md", f.alice) // exists nowhere
        ]
        var shapes: [String: Set<String>] = [:]
        for (path, key) in probes {
            let reply = try await f.server.send(.GET, path, key: key)
            #expect(reply.status == 404, Comment(rawValue: path))
            var error = try #require(reply.json["error"] as? [String: Any], Comment(rawValue: path))
            error["request_id"] = nil
            let kind = path.hasPrefix("/v1/chunks") ? "chunk" : "document"
            shapes[kind, default: []].insert(String(decoding: try JSONSerialization.data(withJSONObject: error, options: .sortedKeys), as: UTF8.self))
        }
        #expect(shapes["chunk"]?.count == 1, Comment(rawValue: "\(shapes)"))
        #expect(shapes["document"]?.count == 1, Comment(rawValue: "\(shapes)"))
        // Writes probe the same way: deleting or re-ACLing another tenant's document is not_found.
        let delete = try await f.server.send(.DELETE, "/v1/documents/eng%2Fdeploy.md", key: f.globexAdmin)
        #expect(delete.status == 404)
        let patch = try await f.server.json(.PATCH, "/v1/documents/eng%2Fdeploy.md/acl", key: f.globexAdmin, ["allow": ["role:ops"]])
        #expect(patch.status == 404)
        #expect(try await f.server.send(.GET, "/v1/documents/eng%2Fdeploy.md", key: f.acmeAdmin).status == 200, Comment(rawValue: "acme's document is intact"))
        try await f.server.stop()
    }

    @Test func scopesAreEnforced() async throws {
        let f = try await APIFixture.make()
        let s = f.server
        let put = try await s.put("eng/new.md", key: f.alice, markdown: "# New\n\nText.\n", allow: ["role:eng"])
        #expect(put.status == 403, Comment(rawValue: "a search key cannot ingest"))
        #expect(put.errorCode == "forbidden")
        #expect(try await f.search("rotate", key: f.operatorKey).status == 403, Comment(rawValue: "an operator key cannot search"))
        #expect(try await f.search("rotate", key: f.ingestOnly).status == 403, Comment(rawValue: "an ingest key cannot search"))
        #expect(try await s.send(.GET, "/v1/tenants", key: f.acmeAdmin).status == 403, Comment(rawValue: "a tenant admin is not an operator"))
        #expect(try await s.send(.GET, "/v1/policy", key: f.alice).status == 403)
        #expect(try await s.send(.GET, "/v1/keys", key: f.alice).status == 403)
        // A tenant admin cannot touch another tenant's keys.
        let globexKeys = try await s.send(.GET, "/v1/keys", key: f.globexAdmin)
        let globexKeyID = try #require((globexKeys.json["keys"] as? [[String: Any]])?.first?["id"] as? String)
        #expect(try await s.send(.DELETE, "/v1/keys/\(globexKeyID)", key: f.acmeAdmin).status == 404)
        #expect(try await f.search("rotate", key: f.globexAdmin).status == 200, Comment(rawValue: "the globex key still works"))
        try await s.stop()
    }

    @Test func adminsCannotGrantMoreThanTheyHold() async throws {
        let f = try await APIFixture.make()
        let s = f.server
        let ok = try await s.json(.POST, "/v1/keys", key: f.acmeAdmin, ["roles": ["eng"], "scopes": ["search"]])
        #expect(ok.status == 201, Comment(rawValue: ok.text))
        let newKey = try #require(ok.json["key"] as? String)
        #expect(try await f.search("rotate", key: newKey).status == 200)
        for body: [String: Any] in [
            ["roles": ["finance"], "scopes": ["search"]], // a role the admin lacks
            ["roles": ["eng"], "groups": ["board"], "scopes": ["search"]],
            ["subject": "bob", "roles": ["eng"], "scopes": ["search"]] // speaking for another user
        ] {
            let reply = try await s.json(.POST, "/v1/keys", key: f.acmeAdmin, body)
            #expect(reply.status == 403, Comment(rawValue: "\(body): \(reply.text)"))
        }
        // A key made by an admin without `ingest` cannot be given `ingest`.
        let narrow = try await s.json(.POST, "/v1/keys", key: f.acmeAdmin, ["roles": ["eng"], "scopes": ["admin", "search"]])
        let narrowKey = try #require(narrow.json["key"] as? String, Comment(rawValue: narrow.text))
        let escalate = try await s.json(.POST, "/v1/keys", key: narrowKey, ["roles": ["eng"], "scopes": ["ingest"]])
        #expect(escalate.status == 403, Comment(rawValue: escalate.text))
        // Listing never shows a secret.
        let list = try await s.send(.GET, "/v1/keys", key: f.acmeAdmin)
        #expect(!(list.text.contains(newKey)), Comment(rawValue: "a key's secret is never listed"))
        #expect(!(list.text.contains(String(newKey.suffix(43)))))
        try await s.stop()
    }

    @Test func documentLifecycleAndStreamedBatch() async throws {
        let f = try await APIFixture.make()
        let s = f.server
        let added = try await s.json(
            .PUT, "/v1/documents/guide.rst", key: f.ingestOnly,
            [
                "content": "Guide\n=====\n\nThe widget calibration guide.\n", "media_type": "text/x-rst",
                "acl": ["allow": ["role:eng"]], "metadata": ["team": "core", "rev": 3]
            ])
        #expect(added.status == 201, Comment(rawValue: added.text))
        let again = try await s.json(
            .PUT, "/v1/documents/guide.rst", key: f.ingestOnly,
            [
                "content": "Guide\n=====\n\nThe widget calibration guide.\n", "media_type": "text/x-rst",
                "acl": ["allow": ["role:eng"]], "metadata": ["team": "core", "rev": 3]
            ])
        #expect(again.json["outcome"] as? String == "unchanged")
        let unscoped = try await s.json(.PUT, "/v1/documents/open.md", key: f.ingestOnly, ["markdown": "# Open\n\nno acl\n"])
        #expect(unscoped.status == 400)
        #expect(unscoped.errorCode == "no_acl", Comment(rawValue: "unscoped documents are refused"))
        let secretID = try await s.json(
            .PUT, "/v1/documents/" + LiveServer.escape("notes-\(LiveServer.canarySecret)"), key: f.ingestOnly,
            ["text": "x", "acl": ["allow": ["role:eng"]]])
        #expect(secretID.errorCode == "secret_in_id")
        #expect(APIFixture.results(try await f.search("calibration", key: f.alice)).count == 1)
        // A batch: one result line per input line, a bad line costing only itself.
        let batch = """
            {"id": "b1.md", "markdown": "# B1\\n\\nbatch alpha", "acl": {"allow": ["role:eng"]}}
            {"id": "b2.md", "markdown": "no acl"}
            not json

            {"id": "b3.md", "text": "batch gamma", "acl": {"allow": ["role:eng"]}, "colour": "red"}
            {"id": "b4.md", "text": "batch delta", "acl": {"allow": ["role:eng"]}}
            """
        let reply = try await s.send(.POST, "/v1/documents:batch", key: f.ingestOnly, body: Data(batch.utf8), contentType: "application/x-ndjson")
        #expect(reply.status == 200, Comment(rawValue: reply.text))
        let lines = reply.text.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let outcomes = lines.map {
            ($0["line"] as! Int, ($0["result"] as! [String: Any])["outcome"] as! String, ($0["result"] as! [String: Any])["code"] as? String)
        }
        #expect(outcomes.map(\.0) == [1, 2, 3, 5, 6])
        #expect(outcomes.map(\.1) == ["added", "skipped", "skipped", "skipped", "added"])
        #expect(outcomes.map(\.2) == [nil, "no_acl", "invalid_json", "invalid_json", nil])
        #expect(try await s.send(.DELETE, "/v1/documents/b1.md", key: f.ingestOnly).status == 200)
        #expect(try await s.send(.DELETE, "/v1/documents/b1.md", key: f.ingestOnly).status == 404)
        let remaining = APIFixture.results(try await f.search("batch", key: f.alice, topK: 10)).compactMap { $0["document_id"] as? String }
        #expect(Set(remaining) == ["b4.md"], Comment(rawValue: "b1 is gone; b2, b3 never went in"))
        try await s.stop()
    }

    @Test func policyAndTenantRoutes() async throws {
        let f = try await APIFixture.make()
        let s = f.server
        let policy = try await s.json(.PUT, "/v1/policy", key: f.acmeAdmin, ["pii": ["US_SSN": "allow"]])
        #expect(policy.status == 200, Comment(rawValue: policy.text))
        #expect(try await f.search("salary", key: f.carol).text.contains(LiveServer.canarySSN), Comment(rawValue: "the policy applies from the next search"))
        #expect(try await s.send(.GET, "/v1/policy", key: f.acmeAdmin).json["pii"] as? [String: String] == ["US_SSN": "allow"])
        let bad = try await s.json(.PUT, "/v1/policy", key: f.acmeAdmin, ["pii": ["EMAIL": "shout"]])
        #expect(bad.status == 400)
        let created = try await s.json(.POST, "/v1/tenants", key: f.operatorKey, ["name": "initech"])
        #expect(created.status == 201, Comment(rawValue: created.text))
        #expect(try await s.json(.POST, "/v1/tenants", key: f.operatorKey, ["name": "initech"]).status == 409)
        let rotated = try await s.send(.POST, "/v1/tenants/acme/rotate-key", key: f.operatorKey)
        #expect(rotated.json["key_version"] as? Int == 2, Comment(rawValue: rotated.text))
        #expect(APIFixture.results(try await f.search("rotate", key: f.alice)).count == 1, Comment(rawValue: "search works across a rotation"))
        #expect(try await s.send(.DELETE, "/v1/tenants/globex", key: f.operatorKey).status == 200)
        #expect(try await f.search("rotate", key: f.globexAdmin).status == 401, Comment(rawValue: "a deleted tenant's keys stop working"))
        #expect(try await s.send(.DELETE, "/v1/tenants/globex", key: f.operatorKey).status == 404)
        try await s.stop()
    }

    @Test func systemRoutes() async throws {
        let f = try await APIFixture.make()
        let s = f.server
        #expect(try await s.send(.GET, "/healthz").status == 200)
        #expect(try await s.send(.GET, "/readyz").status == 200)
        let contract = try await s.send(.GET, "/openapi.yaml")
        let committed = try Data(contentsOf: URL(fileURLWithPath: CLIBinary.packageRoot + "/Sources/RAGVaultHTTP/openapi.yaml"))
        #expect(contract.body == committed, Comment(rawValue: "the contract is served as committed"))
        _ = try await f.search("salary", key: f.carol)
        _ = try await s.json(.POST, "/v1/search", key: "rvk_nope", ["query": "x"])
        // Operator keys only: a tenant's own key, or none, sees nothing.
        #expect(try await s.send(.GET, "/metrics").status == 401)
        #expect(try await s.send(.GET, "/metrics", key: f.acmeAdmin).status == 403)
        let metrics = try await s.send(.GET, "/metrics", key: f.operatorKey).text
        #expect(metrics.contains("ragvault_http_requests_total"), Comment(rawValue: metrics))
        #expect(metrics.contains("ragvault_http_request_duration_seconds"))
        #expect(metrics.contains("ragvault_http_denials_total{reason=\"unauthenticated\"}"), Comment(rawValue: metrics))
        #expect(metrics.contains("ragvault_redactions_total{type=\"US_SSN\"}"), Comment(rawValue: metrics))
        #expect(metrics.contains("ragvault_open_stores"))
        #expect(!(metrics.contains("acme")), Comment(rawValue: "metrics never name a tenant"))
        try await s.stop()
    }
}
