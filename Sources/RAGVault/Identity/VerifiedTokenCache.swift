import Foundation

/// Tokens this process has verified, so that an assistant sending the same user's token with
/// every request pays for the signature once. An entry is keyed by the token *and* the
/// tenant's provider configuration (a changed or removed provider misses), is used only while
/// the token's own `exp` (with skew) and `nbf` allow, and lives at most `maxAge` seconds — so a
/// key the provider withdraws stops working within that time, as with the key cache.
final class VerifiedTokenCache: @unchecked Sendable {
    struct Entry {
        let verified: UserTokenVerifier.Verified
        let notAfter: Double
        let notBefore: Double
        let storedAt: Double
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    let capacity: Int
    let maxAge: Double

    init(capacity: Int = 10_000, maxAge: Double = 300) {
        (self.capacity, self.maxAge) = (capacity, maxAge)
    }

    static func key(_ token: String, providers: [IdentityProvider]) -> String {
        var hasher = Hasher()
        hasher.combine(providers)
        return "\(hasher.finalize())\u{0}" + token
    }

    func lookup(_ key: String, now: Double) -> UserTokenVerifier.Verified? {
        lock.withLock {
            guard let entry = entries[key] else { return nil }
            guard now < entry.notAfter, now >= entry.notBefore, now - entry.storedAt < maxAge else {
                entries[key] = nil
                return nil
            }
            return entry.verified
        }
    }

    func store(_ key: String, _ entry: Entry) {
        lock.withLock {
            if entries.count >= capacity {
                // Expired entries first; if none, start over (a bounded cache, not an LRU).
                let now = entry.storedAt
                entries = entries.filter { now < $0.value.notAfter && now - $0.value.storedAt < maxAge }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[key] = entry
        }
    }
}
