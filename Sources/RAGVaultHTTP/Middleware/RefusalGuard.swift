import Foundation
import Logging
import RAGVault

/// Refused authentications, per client address: a budget checked before any catalog or log
/// work, and a tally written to the operator log as one record per (address, key id, route,
/// code) per window. A client sending bad keys gets `429` once its budget is spent — from
/// then on its requests cost a dictionary lookup — and a million refusals cost a few records,
/// not a million synced ones.
final class RefusalGuard: @unchecked Sendable {
    private let budget: TokenBuckets
    private let window: Double
    private let record: @Sendable ([AuditRecord]) -> Void
    private let lock = NSLock()
    private var tally: [TallyKey: (count: Int, first: Date)] = [:]
    private var flushScheduled = false
    /// Distinct groups kept per window; past it, refusals still count in one overflow group
    /// per code, so an address sprayer cannot grow the tally without bound.
    static let maxGroups = 10_000
    /// Flushes write to disk: a serial queue of their own, off the global pool.
    private static let flusher = DispatchQueue(label: "ragvault.refusal-flush", qos: .utility)

    struct TallyKey: Hashable {
        var address: String
        var keyID: String?
        var route: String
        var code: String
    }

    /// `rate` refusals a second per address on average, bursts up to `burst`; the tally is
    /// written `window` seconds after its first refusal.
    init(rate: Double, burst: Double, window: Double, record: @escaping @Sendable ([AuditRecord]) -> Void) {
        budget = TokenBuckets(rate: rate, burst: burst, maxEntries: 100_000)
        self.window = window
        self.record = record
    }

    /// Seconds until `address` may try again, or nil while it has refusals left.
    func exhausted(_ address: String) -> Double? { budget.wait(address) }

    /// Counts one refusal of `address` against its budget and in the tally.
    func refused(_ address: String, keyID: String?, route: String, code: String) {
        _ = budget.take(address)
        var key = TallyKey(address: address, keyID: keyID, route: route, code: code)
        let schedule = lock.withLock { () -> Bool in
            if tally[key] == nil && tally.count >= Self.maxGroups { key = TallyKey(address: "*", keyID: nil, route: "*", code: code) }
            tally[key, default: (0, Date())].count += 1
            defer { flushScheduled = true }
            return !flushScheduled
        }
        if schedule {
            Self.flusher.asyncAfter(deadline: .now() + window) { [weak self] in self?.flush() }
        }
    }

    /// Writes the tally as one record per group and starts a new window.
    func flush() {
        let groups = lock.withLock { () -> [TallyKey: (count: Int, first: Date)] in
            defer { tally = [:]; flushScheduled = false }
            return tally
        }
        guard !groups.isEmpty else { return }
        let records = groups.sorted { $0.value.first < $1.value.first }.map { key, value in
            var r = AuditRecord(interface: .http, action: "authenticate")
            (r.outcome, r.code, r.keyID, r.route) = ("denied", key.code, key.keyID, key.route)
            (r.count, r.firstTime, r.clientAddress) = (
                value.count, value.first.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)), key.address
            )
            return r
        }
        record(records)
    }
}
