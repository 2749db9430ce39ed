import Foundation
import NIOCore
import NIOPosix

/// Runs the library's blocking calls (SQLite, libsodium) on a thread pool of their own, so
/// they never occupy NIO's event loops or Swift's cooperative threads.
public final class BlockingWork: Sendable {
    let pool: NIOThreadPool
    /// Deadlines of reads in flight (`run(timeout:_:)`).
    private let deadlines = DeadlineWatch()

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
            // A late deadline finds the continuation gone and does nothing.
            let ticket = deadlines.add(after: seconds) {
                once.resume(
                    .failure(
                        APIError(
                            .serviceUnavailable, "timeout", "the request took longer than \(seconds) s; try a narrower query",
                            retryAfter: 1)))
            }
            pool.submit { state in
                defer { self.deadlines.cancel(ticket) }
                guard state == .active else {
                    return once.resume(.failure(APIError(.serviceUnavailable, "shutting_down", "the server is shutting down")))
                }
                once.resume(Result { try body() })
            }
        }
    }

    public func shutdown() async throws { try await pool.shutdownGracefully() }
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
