import Foundation
import Hummingbird
import NIOCore
import Logging
import RAGVault

/// The outermost middleware: gives each request an id, refuses work beyond the concurrency
/// limit, turns every error into the JSON error shape (a `500` only for a bug), and records
/// one access-log line and the request metrics. The log line holds the route *pattern*, never
/// the path (document ids), the query or any body.
struct RequestLifecycle: RouterMiddleware {
    typealias Context = APIContext
    let metrics: APIMetrics
    let limiter: ConcurrencyLimiter
    let logger: Logger

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        let started = DispatchTime.now().uptimeNanoseconds
        var context = context
        context.requestID = Self.newRequestID()
        var response: Response
        var code: String?
        if limiter.enter() {
            metrics.inFlight(limiter.current)
            do {
                response = try await next(request, context)
            } catch {
                let apiError = Self.apiError(error, logger: logger, requestID: context.requestID)
                code = apiError.code
                response = apiError.response(requestID: context.requestID)
            }
            limiter.leave()
            metrics.inFlight(limiter.current)
        } else {
            let overloaded = APIError(.serviceUnavailable, "overloaded", "too many requests in flight; retry shortly", retryAfter: 1)
            code = overloaded.code
            response = overloaded.response(requestID: context.requestID)
        }
        response.headers[.init("X-Request-Id")!] = context.requestID
        let elapsed = DispatchTime.now().uptimeNanoseconds - started
        let route = context.endpointPath ?? "unmatched"
        metrics.request(route: route, method: request.method.rawValue, status: response.status.code, nanoseconds: elapsed)
        if let code, [401, 403, 404, 429].contains(response.status.code) { metrics.denial(code) }
        var fields: Logger.Metadata = [
            "request_id": .string(context.requestID), "method": .string(request.method.rawValue), "route": .string(route),
            "status": .stringConvertible(response.status.code), "ms": .string(Self.milliseconds(elapsed))
        ]
        if let key = context.credential?.keyID { fields["key_id"] = .string(key) }
        if let code { fields["code"] = .string(code) }
        logger.info("request", metadata: fields)
        return response
    }

    /// 16 random hex digits: the id a request is answered and logged under.
    static func newRequestID() -> String {
        let hex = String(UInt64.random(in: .min ... .max), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Nanoseconds as milliseconds with three decimals ("12.345"), without Foundation's formatter
    /// (every request logs one).
    static func milliseconds(_ nanoseconds: UInt64) -> String {
        let micros = (nanoseconds + 500) / 1000
        let fraction = String(micros % 1000)
        return "\(micros / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// Any error as the API answers it; an unexpected one is logged by type only (its text
    /// could carry data) and answered `500 internal`.
    static func apiError(_ error: Error, logger: Logger, requestID: String) -> APIError {
        switch error {
        case let e as APIError: return e
        case let e as RAGVaultError: return APIError(e)
        case is NIOTooManyBytesError: return APIError(.contentTooLarge, "payload_too_large", "the body is over the limit")
        case let e as HTTPError where e.status == .notFound:
            return APIError(.notFound, "not_found", "no such route")
        case let e as HTTPError where e.status == .methodNotAllowed:
            return APIError(.methodNotAllowed, "method_not_allowed", "the route does not take this method")
        case let e as HTTPError where e.status.code < 500:
            return APIError(e.status, "bad_request", e.body ?? "the request was not understood")
        default:
            logger.error("unexpected error", metadata: ["request_id": .string(requestID), "type": .string(String(describing: type(of: error)))])
            return APIError(.internalServerError, "internal", "an internal error occurred; it was logged with this request id")
        }
    }
}

/// A count of requests in flight, bounded.
final class ConcurrencyLimiter: @unchecked Sendable {
    let limit: Int
    private let lock = NSLock()
    private var count = 0

    init(limit: Int) { self.limit = limit }

    func enter() -> Bool {
        lock.withLock {
            count < limit
                ? {
                    count += 1; return true
                }() : false
        }
    }
    func leave() { lock.withLock { count -= 1 } }
    var current: Int { lock.withLock { count } }
}
