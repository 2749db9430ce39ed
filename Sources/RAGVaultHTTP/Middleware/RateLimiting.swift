import Foundation
import Hummingbird

/// A token bucket per API key: `rate` requests a second on average, bursts up to `burst`.
struct RateLimiting: RouterMiddleware {
    typealias Context = APIContext
    let buckets: TokenBuckets

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        // Per key; an OAuth caller has no key, so per user of its token's issuer.
        let bucket = context.credential?.keyID ?? context.delegated.map { "\($0.delegation?.issuer ?? "")\u{0}\($0.subject ?? "")" }
        if let key = bucket, let wait = buckets.take(key) {
            throw APIError(
                .tooManyRequests, "rate_limited", "this key is over its request rate; retry after the given seconds",
                retryAfter: max(1, Int(wait.rounded(.up))))
        }
        return try await next(request, context)
    }
}

final class TokenBuckets: @unchecked Sendable {
    let rate: Double
    let burst: Double
    /// Buckets kept; past it, full ones (which a new bucket equals) are dropped, and if none
    /// is full every newcomer shares one bucket — memory stays bounded whoever is counted.
    let maxEntries: Int
    private let lock = NSLock()
    private var buckets: [String: (tokens: Double, at: Double)] = [:]
    private static let overflow = "\u{0}overflow"
    private var lastPrune = -Double.infinity

    init(rate: Double, burst: Double, maxEntries: Int = 1_000_000) {
        self.rate = rate
        self.burst = burst
        self.maxEntries = maxEntries
    }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// nil when a token was taken, else the seconds until one will be there.
    func take(_ key: String, now: Double = TokenBuckets.now()) -> Double? {
        lock.withLock {
            let key = admit(key, now: now)
            var bucket = refilled(key, now: now)
            defer { buckets[key] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return (1 - bucket.tokens) / rate
        }
    }

    /// Like `take`, without taking: nil while a token is there.
    func wait(_ key: String, now: Double = TokenBuckets.now()) -> Double? {
        lock.withLock {
            let bucket = refilled(buckets[key] == nil && buckets.count >= maxEntries ? Self.overflow : key, now: now)
            return bucket.tokens >= 1 ? nil : (1 - bucket.tokens) / rate
        }
    }

    private func refilled(_ key: String, now: Double) -> (tokens: Double, at: Double) {
        guard let bucket = buckets[key] else { return (burst, now) }
        return (min(burst, bucket.tokens + (now - bucket.at) * rate), now)
    }

    /// The key's own bucket when there is room for it (making room by dropping full ones).
    /// Pruning walks every bucket, so it runs at most once a second.
    private func admit(_ key: String, now: Double) -> String {
        guard buckets[key] == nil, buckets.count >= maxEntries else { return key }
        if now - lastPrune >= 1 {
            lastPrune = now
            buckets = buckets.filter { $0.key == Self.overflow || refilled($0.key, now: now).tokens < burst }
        }
        return buckets.count >= maxEntries ? Self.overflow : key
    }
}
