import Foundation
import RAGVault
import RAGVaultTesting
import Testing

@testable import RAGVaultHTTP

/// `ragvault probe --url`: a tenant made with its first keys by an operator, and the whole
/// isolation probe over real HTTP on loopback with nothing but an operator key.
@Suite struct ProbeOverHTTPTests {
    @Test func aTenantIsMadeWithItsFirstKeysAndOnlyThen() async throws {
        let f = try await APIFixture.make()
        let s = f.server
        let created = try await s.json(
            .POST, "/v1/tenants", key: f.operatorKey, ["name": "initech", "admin_key": ["roles": ["eng"]], "delegated_key": true])
        #expect(created.status == 201, Comment(rawValue: created.text))
        let admin = try #require((created.json["admin_key"] as? [String: Any])?["key"] as? String)
        let delegated = try #require((created.json["delegated_key"] as? [String: Any])?["key"] as? String)
        #expect(((created.json["delegated_key"] as? [String: Any])?["record"] as? [String: Any])?["scopes"] as? [String] == ["search:delegated"])
        // The admin key writes and reads in its own tenant, and nowhere else.
        try f.check(try await s.put("notes/a.md", key: admin, markdown: "# A\n\nInitech quarterly plan.\n", allow: ["role:eng"]))
        #expect(APIFixture.results(try await f.search("quarterly", key: admin)).count == 1)
        #expect(APIFixture.results(try await f.search("rotate", key: admin)).isEmpty, Comment(rawValue: "acme's documents are not initech's"))
        // A delegated key searches only with a user token.
        #expect(try await f.search("quarterly", key: delegated).status == 401)
        // Keys come only with a new tenant: an existing one is refused whole, as before.
        #expect(try await s.json(.POST, "/v1/tenants", key: f.operatorKey, ["name": "acme", "admin_key": [:] as [String: String]]).status == 409)
        // A key that could never search leaves no tenant behind.
        let refused = try await s.json(.POST, "/v1/tenants", key: f.operatorKey, ["name": "hooli", "admin_key": ["roles": ["not a name"]]])
        #expect(refused.status == 400, Comment(rawValue: refused.text))
        #expect(!(try s.vault.tenants().map(\.name).contains("hooli")))
        // An admin key with no identity could never search: refused after the tenant was made,
        // which is then removed again.
        let empty = try await s.json(.POST, "/v1/tenants", key: f.operatorKey, ["name": "hooli", "admin_key": [:] as [String: String]])
        #expect(empty.status == 403 && empty.text.contains("empty_scope"), Comment(rawValue: empty.text))
        #expect(!(try s.vault.tenants().map(\.name).contains("hooli")))
        // Unknown fields are refused, not ignored.
        #expect(try await s.json(.POST, "/v1/tenants", key: f.operatorKey, ["name": "hooli", "admin_key": ["scopes": ["admin"]]]).status == 400)
        #expect(try await s.json(.POST, "/v1/tenants", key: f.acmeAdmin, ["name": "hooli", "admin_key": [:] as [String: String]]).status == 403)
        try await s.stop()
    }

    @Test(arguments: HTTPTarget.Reads.allCases)
    func theProbePassesAndLeavesNothing(_ reads: HTTPTarget.Reads) async throws {
        let f = try await APIFixture.make()
        let s = f.server
        let before = try s.vault.tenants().map(\.name).sorted()
        let base = s.base, key = f.operatorKey
        // On a thread of its own: the probe blocks while it waits, and the server in this
        // process answers on Swift's cooperative pool.
        let report = try await onThread { try IsolationProbe(target: try HTTPTarget(url: base, operatorKey: key, reads: reads)).run() }
        #expect(report.passed, Comment(rawValue: report.text))
        #expect(report.interface == reads.rawValue)
        #expect(report.requests > 1_000 && report.ineffective.isEmpty)
        #expect(try s.vault.tenants().map(\.name).sorted() == before, "the probe's tenants are gone, the real ones untouched")
        try await s.stop()
    }

    /// A server that rate-limits the probe's keys: a 429 is waited out and asked again, never
    /// compared as an answer (a fast probe once reported every 429 as a leak).
    @Test func theServersRateLimitIsWaitedOut() async throws {
        // One request every four seconds per key, and three searches sent at once: at least two
        // meet an empty bucket however slow the machine is (asked one after another, a loaded
        // machine's searches came more than four seconds apart and none was refused).
        let s = try await LiveServer {
            $0.rateLimitPerSecond = 0.25; $0.rateLimitBurst = 1
        }
        let base = s.base, key = try s.vault.createOperatorKey().key
        let statuses = try await onThread { () -> [String] in
            let target = try HTTPTarget(url: base, operatorKey: key)
            try target.createTenant("rvprobe-limits-a")
            defer { try? target.deleteTenant("rvprobe-limits-a") }
            let reader = ProbeIdentity(tenant: "rvprobe-limits-a", user: "ann", roles: ["r1"])
            let statuses = Statuses()
            DispatchQueue.concurrentPerform(iterations: 3) { _ in
                statuses.add((try? target.search(SearchRequest(query: "harbor"), as: reader).status) ?? "failed")
            }
            return statuses.all
        }
        #expect(statuses == ["ok", "ok", "ok"], "\(statuses)")
        #expect(s.log.contains { $0.contains("\"status\":\"429\"") }, "the limit was reached, and waited out")
        try await s.stop()
    }

    final class Statuses: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [String] = []
        func add(_ status: String) { lock.withLock { list.append(status) } }
        var all: [String] { lock.withLock { list } }
    }

    private func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}
