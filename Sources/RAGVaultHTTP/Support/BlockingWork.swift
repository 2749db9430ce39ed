import Foundation
import NIOCore
import NIOPosix

/// Runs the library's blocking calls (SQLite, libsodium) on a thread pool of their own, so
/// they never occupy NIO's event loops or Swift's cooperative threads.
public final class BlockingWork: Sendable {
    let pool: NIOThreadPool

    public init(threads: Int) {
        pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
    }

    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(body)
    }

    /// Like `run`, but answers `503 timeout` after `seconds`; the work itself runs to its end
    /// (SQLite calls cannot be interrupted safely) and its result is dropped. Used for reads only.
    public func run<T: Sendable>(timeout seconds: Double, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        let once = ResumeOnce<T>()
        return try await withCheckedThrowingContinuation { continuation in
            once.set(continuation)
            // A Dispatch timer, not a Task: under load the cooperative pool can be too busy to
            // wake a sleeping task before the work itself ends. On a queue of its own: a serial
            // queue gets a thread even when every thread of the global pool is busy (which
            // delayed timers past the work under load). A late timer finds the continuation
            // gone and does nothing.
            Self.timers.asyncAfter(deadline: .now() + seconds) {
                once.resume(
                    .failure(
                        APIError(
                            .serviceUnavailable, "timeout", "the request took longer than \(seconds) s; try a narrower query",
                            retryAfter: 1)))
            }
            pool.submit { state in
                guard state == .active else {
                    return once.resume(.failure(APIError(.serviceUnavailable, "shutting_down", "the server is shutting down")))
                }
                once.resume(Result { try body() })
            }
        }
    }

    public func shutdown() async throws { try await pool.shutdownGracefully() }

    private static let timers = DispatchQueue(label: "ragvault.request-timeouts", qos: .userInitiated)
}

/// A continuation resumed by whichever of work and timer finishes first.
private final class ResumeOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, Error>?

    func set(_ c: CheckedContinuation<T, Error>) { lock.withLock { continuation = c } }

    func resume(_ result: Result<T, Error>) {
        let c: CheckedContinuation<T, Error>? = lock.withLock {
            defer { continuation = nil }
            return continuation
        }
        c?.resume(with: result)
    }
}
