import Foundation

/// A thread-safe memo of values that are expensive to compute and never go stale for their
/// key; emptied whole when it reaches `capacity`, so it never grows without bound.
final class BoundedMemo<Key: Hashable, Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Key: Value] = [:]
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func value(for key: Key, compute: () throws -> Value) rethrows -> Value {
        lock.lock()
        if let known = values[key] { lock.unlock(); return known }
        lock.unlock()
        let value = try compute()
        lock.lock()
        defer { lock.unlock() }
        if values.count >= capacity { values.removeAll(keepingCapacity: true) }
        values[key] = value
        return value
    }
}
