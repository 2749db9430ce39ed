import Foundation
import RAGVault
@testable import RAGVaultHTTP

/// Two tenants with keys of every kind and a few documents put through the API.
struct APIFixture {
    let server: LiveServer
    let acmeAdmin: String // search, ingest, admin; user:admin, role:eng, role:hr
    let alice: String // search; user:alice, role:eng
    let carol: String // search; user:carol, role:hr
    let ingestOnly: String // ingest; role:eng
    let globexAdmin: String // search, ingest, admin; role:ops
    let operatorKey: String

    static func make(configure: (inout APIServer.Configuration) -> Void = { _ in }) async throws -> APIFixture {
        let server = try await LiveServer(configure: configure)
        let v = server.vault
        let fixture = APIFixture(
            server: server,
            acmeAdmin: try v.createAPIKey(tenant: "acme", subject: "admin", roles: ["eng", "hr"], scopes: [.search, .ingest, .admin]).key,
            alice: try v.createAPIKey(tenant: "acme", subject: "alice", roles: ["eng"], scopes: [.search]).key,
            carol: try v.createAPIKey(tenant: "acme", subject: "carol", roles: ["hr"], scopes: [.search]).key,
            ingestOnly: try v.createAPIKey(tenant: "acme", subject: nil, roles: ["eng"], scopes: [.ingest]).key,
            globexAdmin: try v.createAPIKey(tenant: "globex", subject: "gadmin", roles: ["ops"], scopes: [.search, .ingest, .admin]).key,
            operatorKey: try v.createOperatorKey().key)
        try await fixture.check(
            server.put(
                "eng/deploy.md", key: fixture.acmeAdmin,
                markdown: "# Deploy\n\nRotate the signing key every quarter. The old token was \(LiveServer.canarySecret).\n",
                allow: ["role:eng"]))
        try await fixture.check(
            server.put(
                "hr/salaries.md", key: fixture.acmeAdmin,
                markdown: "# Salaries\n\nSalary review for the contractor, SSN \(LiveServer.canarySSN), signing bonus.\n",
                allow: ["role:hr"]))
        try await fixture.check(
            server.put(
                "ops/runbook.md", key: fixture.globexAdmin,
                markdown: "# Runbook\n\nRotate the signing key at globex before the audit.\n", allow: ["role:ops"]))
        return fixture
    }

    func check(_ reply: LiveServer.Reply) throws {
        guard (200..<300).contains(reply.status) else { throw FixtureError(reply: reply.text) }
    }

    struct FixtureError: Error { let reply: String }

    func search(_ query: String, key: String, topK: Int = 10) async throws -> LiveServer.Reply {
        try await server.json(.POST, "/v1/search", key: key, ["query": query, "top_k": topK])
    }

    static func results(_ reply: LiveServer.Reply) -> [[String: Any]] { reply.json["results"] as? [[String: Any]] ?? [] }
}
