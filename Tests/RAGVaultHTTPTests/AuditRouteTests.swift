import Foundation
import MCP
import RAGVault
import RAGVaultTestSupport
import Testing
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The audit trail as the HTTP API and MCP write and serve it: every request leaves one
/// record (refusals before the library included), `GET /v1/audit` is for the tenant's admins
/// only, pages and filters, and nothing it returns holds a secret, PII value, raw query or key.
@Suite struct AuditRouteTests {
    static func records(_ f: APIFixture, key: String, query: String = "") async throws -> [[String: Any]] {
        let reply = try await f.server.send(.GET, "/v1/audit" + query, key: key)
        #expect(reply.status == 200, "\(reply.text)")
        return reply.json["records"] as? [[String: Any]] ?? []
    }

    static func keyID(_ key: String) -> String { APIKeyRecord.publicID(of: key) ?? "" }

    @Test func everyRequestIsRecordedAndOnlyAdminsReadTheLog() async throws {
        let f = try await APIFixture.make { $0.refusalAuditSeconds = 0.2 }
        defer { Task { try? await f.server.stop() } }
        let rawQuery = "rotate signing key \(LiveServer.canarySecret)"
        let search = try await f.search(rawQuery, key: f.alice)
        #expect(search.status == 200)
        let chunkID = try #require(APIFixture.results(search).first?["chunk_id"] as? String)
        #expect(try await f.server.send(.GET, "/v1/chunks/\(chunkID)", key: f.carol).status == 404)
        let malformed = try await f.server.send(.POST, "/v1/search", key: f.alice, body: Data("{not json".utf8))
        #expect(malformed.status == 400)
        let unknownKey = "rvk_0123456789abcdef_" + String(repeating: "A", count: 43)
        #expect(try await f.server.send(.GET, "/v1/policy", key: unknownKey).status == 401)
        #expect(try await f.server.send(.GET, "/v1/audit", key: f.alice).status == 403)
        #expect(
            try await f.server.json(
                .PATCH, "/v1/documents/eng%2Fdeploy.md/acl", key: f.acmeAdmin,
                ["allow": ["role:eng", "role:ops"]]
            ).status == 200)

        let records = try await Self.records(f, key: f.acmeAdmin, query: "?limit=1000")
        let searchRecord = try #require(records.first { $0["action"] as? String == "search" })
        #expect(searchRecord["interface"] as? String == "http")
        #expect(searchRecord["request_id"] as? String == search.header("X-Request-Id"))
        #expect(searchRecord["key_id"] as? String == Self.keyID(f.alice))
        #expect(searchRecord["subject"] as? String == "user:alice")
        #expect((searchRecord["chunk_ids"] as? [String])?.contains(chunkID) == true)
        #expect((searchRecord["query"] as? String)?.contains("rotate signing key") == true)
        let denied = try #require(records.first { $0["action"] as? String == "chunk.read" })
        #expect(denied["outcome"] as? String == "denied" && denied["code"] as? String == "not_found")
        #expect(denied["subject"] as? String == "user:carol")
        let bad = try #require(records.first { $0["route"] as? String == "POST /v1/search" })
        #expect(bad["action"] as? String == "request" && bad["code"] as? String == "invalid_json")
        let forbidden = try #require(records.first { $0["action"] as? String == "audit.read" && $0["subject"] as? String == "user:alice" })
        #expect(forbidden["outcome"] as? String == "denied" && forbidden["code"] as? String == "forbidden")
        let acl = try #require(records.first { $0["action"] as? String == "document.acl" })
        #expect("\(acl["before"] ?? "")".contains("role:eng") && "\(acl["after"] ?? "")".contains("role:ops"))

        // Refused before a tenant was known: the operator log, with the presented key's id only.
        // (Counted, and written as one aggregate when the window closes.)
        let vault = f.server.vault
        #expect(try waitUntil(timeout: 30) { try vault.auditRecords(tenant: nil).records.contains { $0.action == "authenticate" } })
        let refusal = try #require(try vault.auditRecords(tenant: nil).records.last { $0.action == "authenticate" })
        #expect(refusal.keyID == "0123456789abcdef" && refusal.outcome == "denied" && refusal.interface == .http)
        #expect(refusal.count == 1 && refusal.clientAddress == "127.0.0.1")

        // Globex's admin sees globex's log only.
        let globex = try await Self.records(f, key: f.globexAdmin)
        #expect(!globex.contains { $0["action"] as? String == "search" })

        // Nothing secret in what the route returns, nor in any log file on disk.
        let body = try await f.server.send(.GET, "/v1/audit?limit=1000", key: f.acmeAdmin).text
        var files = Data()
        for path in f.server.dir.allFiles() where path.hasSuffix(".audit") || path.hasSuffix(".log") {
            files += try Data(contentsOf: URL(fileURLWithPath: path))
        }
        for canary in [LiveServer.canarySecret, LiveServer.canarySSN, rawQuery, f.alice, f.acmeAdmin, f.carol, f.operatorKey] {
            #expect(!body.contains(canary))
            #expect(files.range(of: Data(canary.utf8)) == nil)
        }
    }

    @Test func pagesAndFilters() async throws {
        let f = try await APIFixture.make()
        defer { Task { try? await f.server.stop() } }
        for i in 0..<5 { _ = try await f.search("signing key \(i)", key: f.alice) }
        let first = try await f.server.send(.GET, "/v1/audit?limit=2", key: f.acmeAdmin)
        let page = first.json["records"] as? [[String: Any]] ?? []
        #expect(page.count == 2)
        let next = try #require(first.json["next_after"] as? Int)
        #expect(page.last?["seq"] as? Int == next)
        let second = try await Self.records(f, key: f.acmeAdmin, query: "?limit=2&after=\(next)")
        #expect(second.first?["seq"] as? Int == next + 1)
        #expect(try await Self.records(f, key: f.acmeAdmin, query: "?since=2999-01-01").isEmpty)
        #expect(try await Self.records(f, key: f.acmeAdmin, query: "?until=2000-01-01T00:00:00Z").isEmpty)
        for bad in ["?since=yesterday", "?limit=0", "?limit=1001", "?after=-1", "?tenant=globex"] {
            let reply = try await f.server.send(.GET, "/v1/audit" + bad, key: f.acmeAdmin)
            #expect(reply.status == 400, "\(bad): \(reply.text)")
        }
    }

    @Test func mcpToolCallsAreRecordedAsMCP() async throws {
        let f = try await APIFixture.make()
        defer { Task { try? await f.server.stop() } }
        let client = try await MCPToolTests.overHTTP(f, key: f.alice)
        _ = try await client.callTool(name: "search", arguments: ["query": "rotate signing key"]).value
        let records = try f.server.vault.auditRecords(tenant: "acme").records
        let search = try #require(records.last { $0.action == "search" })
        #expect(search.interface == .mcp)
        #expect(search.keyID == Self.keyID(f.alice))
        // initialize and tools/list are not data access: no "request" records for them.
        #expect(!records.contains { $0.route == "POST /mcp" && $0.outcome == "ok" })
    }

    @Test func relaxedServersStillRecordEverything() async throws {
        let f = try await APIFixture.make()
        defer { Task { try? await f.server.stop() } }
        f.server.vault.auditDurability = .relaxed(windowMs: 20)
        for i in 0..<10 { _ = try await f.search("signing key \(i)", key: f.alice) }
        f.server.vault.flushAudit()
        let searches = try f.server.vault.auditRecords(tenant: "acme").records.filter { $0.action == "search" }
        #expect(searches.count == 10)
        #expect(try f.server.vault.verifyAudit(tenant: "acme").ok)
    }
}
