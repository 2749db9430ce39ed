import Foundation

/// Accumulates the time spent in measured blocks (one request's worth; not thread-safe).
final class Stopwatch: @unchecked Sendable {
    private(set) var nanoseconds: UInt64 = 0

    func measure<T>(_ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { nanoseconds += DispatchTime.now().uptimeNanoseconds - start }
        return try body()
    }
}
