import Foundation
import NIOHTTP1
import RAGVault
import RAGVaultTestSupport
import Testing

/// Ids that C strings, terminals or bidi rendering would read differently from what they are
/// are refused on every route with `400 invalid_id` — never cut at a NUL into another
/// document's id — and caller-chosen ids never put a secret into an audit record.
@Suite struct DocumentIDTests {
    static let hostile = ["%00evil", "%00.txt", "%01", "%7F", "%C2%85", "%E2%80%AE", "%E2%81%A6", "%E2%80%8F"]

    @Test func controlAndBidiCharactersAreRefusedOnEveryRoute() async throws {
        let f = try await APIFixture.make()
        let s = f.server
        let put = try await s.put("eng/plan.md", key: f.acmeAdmin, markdown: "# Plan\n\nwalrus migration plan", allow: ["role:hr"])
        #expect(put.status == 201 || put.status == 200, "\(put.text)")
        for suffix in Self.hostile {
            let path = "/v1/documents/eng%2Fplan.md" + suffix
            let widened = try await s.send(
                .PUT, path, key: f.acmeAdmin,
                body: Data(##"{"markdown": "# Plan\n\nwalrus", "acl": {"allow": ["tenant:*"]}}"##.utf8))
            #expect(widened.status == 400 && widened.errorCode == "invalid_id", "PUT \(suffix): \(widened.text)")
            let acl = try await s.send(.PATCH, path + "/acl", key: f.acmeAdmin, body: Data(#"{"allow": ["tenant:*"]}"#.utf8))
            #expect(acl.status == 400 && acl.errorCode == "invalid_id", "PATCH \(suffix): \(acl.text)")
            let read = try await s.send(.GET, path, key: f.acmeAdmin)
            #expect(read.status == 400 && read.errorCode == "invalid_id", "GET \(suffix): \(read.text)")
            let delete = try await s.send(.DELETE, path, key: f.acmeAdmin)
            #expect(delete.status == 400 && delete.errorCode == "invalid_id", "DELETE \(suffix): \(delete.text)")
            let decoded = "eng/plan.md" + (suffix.removingPercentEncoding ?? "")
            let filtered = try await s.json(.POST, "/v1/search", key: f.alice, ["query": "walrus", "document_ids": [decoded]])
            #expect(filtered.status == 400 && filtered.errorCode == "invalid_id", "search \(suffix): \(filtered.text)")
        }
        // The real document is as it was: still hr-only, version 1.
        let document = try await s.send(.GET, "/v1/documents/eng%2Fplan.md", key: f.acmeAdmin)
        #expect(document.status == 200 && document.text.contains("role:hr") && !document.text.contains("tenant:*"), "\(document.text)")
        #expect(APIFixture.results(try await f.search("walrus", key: f.alice)).isEmpty, "alice (eng) must not read it")
        let batch = try await s.send(
            .POST, "/v1/documents:batch", key: f.acmeAdmin,
            body: Data(#"{"id": "eng/plan.md\u0000x", "text": "walrus", "acl": {"allow": ["tenant:*"]}}"#.utf8),
            contentType: "application/x-ndjson")
        #expect(batch.text.contains("\"invalid_id\""), "\(batch.text)")
        try await s.stop()
    }

    /// `GET /v1/chunks/<token>`, `GET|DELETE /v1/documents/<token>`: the audit record holds the
    /// mask, not the token; an ordinary id is kept as it is.
    @Test func secretsInIdsNeverReachTheAuditLog() async throws {
        let f = try await APIFixture.make()
        let s = f.server
        let token = LiveServer.canarySecret
        _ = try await s.send(.GET, "/v1/chunks/\(token)", key: f.alice)
        _ = try await s.send(.GET, "/v1/documents/\(token)", key: f.alice)
        _ = try await s.send(.DELETE, "/v1/documents/notes%2F\(token).md", key: f.acmeAdmin)
        _ = try await s.send(.GET, "/v1/documents/engineering%2Fdeploy-runbook.md", key: f.alice)
        let records = try s.vault.auditRecords(tenant: "acme").records
        let encoded = String(decoding: try JSONEncoder().encode(records), as: UTF8.self)
        #expect(!encoded.contains(token) && !encoded.contains(String(token.dropFirst(4).prefix(12))), "\(encoded.suffix(800))")
        #expect(records.contains { $0.documents?.contains { $0.id == "engineering/deploy-runbook.md" } == true })
        try await s.stop()
    }
}
