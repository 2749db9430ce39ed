import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault
@testable import RAGVaultHTTP

/// Refused authentications are neither free to send nor a synced record each: past its budget
/// an address is answered `429` before any key is looked up, and the operator log gets one
/// counted record per address, key id, route and code per window.
@Suite struct RefusalLimitTests {
    static let badKey = "rvk_00000000000000aa_" + String(repeating: "B", count: 43)

    @Test func anAddressPastItsRefusalBudgetIsAnswered429AndCountedNotLogged() async throws {
        let f = try await APIFixture.make {
            $0.refusalRatePerSecond = 0.01
            $0.refusalBurst = 5
            $0.refusalAuditSeconds = 2
        }
        defer { Task { try? await f.server.stop() } }
        let vault = f.server.vault
        let before = try vault.auditRecords(tenant: nil).records.count
        var statuses: [Int] = []
        var retry: String?
        var code: String?
        let started = Date()
        for _ in 0..<40 {
            let reply = try await f.server.send(.GET, "/v1/policy", key: Self.badKey)
            statuses.append(reply.status)
            if reply.status == 429 {
                retry = reply.header("Retry-After")
                code = reply.errorCode
            }
        }
        #expect(statuses.prefix(5).allSatisfy { $0 == 401 } && statuses.dropFirst(5).allSatisfy { $0 == 429 }, "\(statuses)")
        #expect(code == "rate_limited" && (Int(retry ?? "") ?? 0) >= 1)
        // While the budget is spent, a valid key from that address waits too: the answer comes
        // before the key is read (documented: clients behind one address share a budget).
        #expect(try await f.search("rotate", key: f.alice).status == 429)
        // Records are aggregated per 2-second window: a loaded machine spreads the refusals over
        // more windows, each holding at most one record per code and route (three here).
        let windows = Int(Date().timeIntervalSince(started) / 2) + 2

        // Forty-one refusals: a few aggregate records (by code and route, per window), their
        // counts summing to what was refused — not forty-one records.
        func refusals() throws -> [AuditRecord] {
            Array(try vault.auditRecords(tenant: nil).records.dropFirst(before)).filter { $0.action == "authenticate" }
        }
        func total(_ code: String, _ route: String) throws -> Int {
            try refusals().filter { $0.code == code && $0.route == route }.reduce(0) { $0 + ($1.count ?? 0) }
        }
        #expect(try waitUntil(timeout: 30) { try refusals().reduce(0) { $0 + ($1.count ?? 0) } == 41 })
        #expect(try total("unauthenticated", "GET /v1/policy") == 5)
        #expect(try total("rate_limited", "GET /v1/policy") == 35)
        #expect(try total("rate_limited", "POST /v1/search") == 1)
        let written = try refusals()
        #expect(written.count <= min(20, 3 * windows), "\(windows) windows: \(written.map { "\($0.code ?? "") \($0.count ?? 0)" })")
        #expect(written.allSatisfy { $0.clientAddress == "127.0.0.1" && $0.outcome == "denied" && $0.firstTime != nil })
        #expect(written.filter { $0.code == "unauthenticated" }.allSatisfy { $0.keyID == "00000000000000aa" })
        #expect(written.filter { $0.code == "rate_limited" }.allSatisfy { $0.keyID == nil })
    }

    @Test func budgetsAreKeptPerAddressAndRefill() throws {
        let guardian = RefusalGuard(rate: 1, burst: 2, window: 3600) { _ in }
        #expect(guardian.exhausted("10.0.0.1") == nil)
        guardian.refused("10.0.0.1", keyID: nil, route: "r", code: "unauthenticated")
        guardian.refused("10.0.0.1", keyID: nil, route: "r", code: "unauthenticated")
        #expect(guardian.exhausted("10.0.0.1") != nil)
        #expect(guardian.exhausted("10.0.0.2") == nil, "another address keeps its own budget")
        // A bucket refills at its rate.
        let buckets = TokenBuckets(rate: 1, burst: 2)
        #expect(buckets.take("a", now: 0) == nil && buckets.take("a", now: 0) == nil)
        #expect(buckets.wait("a", now: 0.5) != nil)
        #expect(buckets.wait("a", now: 1.01) == nil)
    }

    @Test func sprayedAddressesKeepMemoryAndTheTallyBounded() throws {
        let buckets = TokenBuckets(rate: 1, burst: 2, maxEntries: 100)
        for i in 0..<1_000 { _ = buckets.take("10.0.\(i / 256).\(i % 256)", now: 0) }
        // The 100 kept buckets were all in use, so newcomers shared one: it is spent now.
        #expect(buckets.wait("192.0.2.1", now: 0) != nil)
        // Once the old buckets have refilled, they are dropped for newcomers.
        #expect(buckets.take("192.0.2.1", now: 10) == nil)

        let written = Box()
        let guardian = RefusalGuard(rate: 1, burst: 1, window: 3600) { written.add($0) }
        for i in 0..<(RefusalGuard.maxGroups + 500) { guardian.refused("a\(i)", keyID: nil, route: "r", code: "unauthenticated") }
        guardian.flush()
        #expect(written.records.count == RefusalGuard.maxGroups + 1)
        #expect(written.records.first { $0.clientAddress == "*" }?.count == 500)
    }

    final class Box: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [AuditRecord] = []
        func add(_ records: [AuditRecord]) { lock.withLock { stored += records } }
        var records: [AuditRecord] { lock.withLock { stored } }
    }
}
