import Foundation

/// The tenant's opt-in latency floor (`min_search_ms`): searches and reads of a chunk or a
/// document take at least that long, answered or refused, so that their time says nothing of
/// what the caller cannot see.
enum LatencyFloor {
    /// Sleeps until `ms` milliseconds after `started` (uptime nanoseconds); nothing when 0.
    static func wait(from started: UInt64, ms: Int) {
        guard ms > 0 else { return }
        let floor = started + UInt64(ms) * 1_000_000
        let now = DispatchTime.now().uptimeNanoseconds
        if now < floor { usleep(useconds_t((floor - now) / 1000)) }
    }

    /// Runs a read under `principal`'s tenant floor, whether it succeeds or throws.
    static func apply<T>(to principal: Principal, vault: Vault, _ read: () throws -> T) throws -> T {
        let started = DispatchTime.now().uptimeNanoseconds
        let result = Result { try read() }
        wait(from: started, ms: (try? vault.settings(for: principal.tenant).minSearchMs) ?? 0)
        return try result.get()
    }
}
