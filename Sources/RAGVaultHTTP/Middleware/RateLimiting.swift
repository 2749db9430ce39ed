import Foundation
import Hummingbird

/// A token bucket per API key: `rate` requests a second on average, bursts up to `burst`.
struct RateLimiting: RouterMiddleware {
    typealias Context = APIContext
    let buckets: TokenBuckets

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        if let key = context.credential?.keyID, let wait = buckets.take(key) {
            throw APIError(.tooManyRequests, "rate_limited", "this key is over its request rate; retry after the given seconds",
                           retryAfter: max(1, Int(wait.rounded(.up))))
        }
        return try await next(request, context)
    }
}

final class TokenBuckets: @unchecked Sendable {
    let rate: Double
    let burst: Double
    private let lock = NSLock()
    private var buckets: [String: (tokens: Double, at: Double)] = [:]

    init(rate: Double, burst: Double) {
        self.rate = rate
        self.burst = burst
    }

    /// nil when a token was taken, else the seconds until one will be there.
    func take(_ key: String, now: Double = Double(DispatchTime.now().uptimeNanoseconds) / 1e9) -> Double? {
        lock.withLock {
            var bucket = buckets[key] ?? (burst, now)
            bucket.tokens = min(burst, bucket.tokens + (now - bucket.at) * rate)
            bucket.at = now
            defer { buckets[key] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return (1 - bucket.tokens) / rate
        }
    }
}
