import CSQLite
import Foundation

/// How a connection waits for another connection's lock: SQLite's own `sqlite3_busy_timeout`
/// schedule (1, 2, 5 … 100 ms steps up to the timeout), in a handler of ours so that debug
/// builds can tell a concurrency test the moment a connection starts waiting — the event that
/// makes a race certain instead of a sleep that hopes to land inside it.
enum BusyWait {
    private static let delaysMs: [Int32] = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100]

    static func install(on db: OpaquePointer) {
        sqlite3_busy_handler(db, { BusyWait.wait(db: $0, attempt: $1) }, UnsafeMutableRawPointer(db))
    }

    /// 1 to try again after sleeping, 0 once the timeout is spent (the statement fails with busy).
    private static func wait(db: UnsafeMutableRawPointer?, attempt: Int32) -> Int32 {
        let timeout = Connection.busyTimeoutMs
        let step = Int(attempt)
        if step == 0, let db { notifyWaiting(OpaquePointer(db)) }
        let last = delaysMs[delaysMs.count - 1]
        let delay = step < delaysMs.count ? delaysMs[step] : last
        let waited =
            step < delaysMs.count
            ? delaysMs[..<step].reduce(0, +)
            : delaysMs.reduce(0, +) + Int32(step - delaysMs.count) * last
        guard waited < timeout else { return 0 }
        usleep(useconds_t(min(delay, timeout - waited)) * 1000)
        return 1
    }

    #if DEBUG
        // Protects `observers`: tests in one process register and fire them from many threads.
        private static let lock = NSLock()
        nonisolated(unsafe) private static var observers: [UInt64: @Sendable (String) -> Void] = [:]
        nonisolated(unsafe) private static var nextToken: UInt64 = 0

        /// Debug builds only: calls `body` on the waiting thread, with the database file's path,
        /// each time a connection of this process starts waiting for a lock. Returns a token for
        /// `stopObserving`.
        static func observe(_ body: @escaping @Sendable (String) -> Void) -> UInt64 {
            lock.withLock {
                nextToken += 1
                observers[nextToken] = body
                return nextToken
            }
        }

        static func stopObserving(_ token: UInt64) {
            lock.withLock { _ = observers.removeValue(forKey: token) }
        }

        private static func notifyWaiting(_ db: OpaquePointer) {
            let bodies = lock.withLock { Array(observers.values) }
            guard !bodies.isEmpty, let name = sqlite3_db_filename(db, "main") else { return }
            let path = String(cString: name)
            for body in bodies { body(path) }
        }
    #else
        @inline(__always) private static func notifyWaiting(_ db: OpaquePointer) {}
    #endif
}
