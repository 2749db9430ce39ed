import Foundation

/// Accumulates the time spent in measured blocks (one request's worth; not thread-safe).
package final class Stopwatch: @unchecked Sendable {
    private(set) var nanoseconds: UInt64 = 0

    func measure<T>(_ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { nanoseconds += DispatchTime.now().uptimeNanoseconds - start }
        return try body()
    }
}

extension Stopwatch {
    /// Seconds `body` took, once (benchmarks and evaluations).
    package static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
