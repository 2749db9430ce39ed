import Foundation

/// A bounded set of open tenant stores, least recently used closed first, so thousands of
/// tenants can exist while only `capacity` files are open. Opening a cold tenant costs one
/// key unwrap (no password KDF: the master key is derived once per process).
final class StorePool: @unchecked Sendable {
    let capacity: Int
    // Protects `stores` and `order`; held while opening so one tenant is never opened twice.
    private let lock = NSLock()
    private var stores: [String: TenantStore] = [:]
    private var order: [String] = [] // least recently used first
    /// Stores closed to make room, since the pool was made (a metric).
    private var evictionCount = 0
    var evictions: Int { lock.withLock { evictionCount } }

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// The open store for `tenantID`, opening it with `open` when cold.
    func store(for tenantID: String, open: () throws -> TenantStore) throws -> TenantStore {
        lock.lock()
        defer { lock.unlock() }
        if let store = stores[tenantID] {
            touch(tenantID)
            return store
        }
        let store = try open()
        stores[tenantID] = store
        order.append(tenantID)
        while order.count > capacity {
            let victim = order.removeFirst()
            stores.removeValue(forKey: victim)?.close()
            evictionCount += 1
        }
        return store
    }

    /// Closes and forgets one tenant's store (before rotation or deletion).
    func evict(_ tenantID: String) {
        lock.lock()
        defer { lock.unlock() }
        order.removeAll { $0 == tenantID }
        stores.removeValue(forKey: tenantID)?.close()
    }

    func closeAll() {
        lock.lock()
        defer { lock.unlock() }
        stores.values.forEach { $0.close() }
        stores.removeAll()
        order.removeAll()
    }

    var openCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return stores.count
    }

    private func touch(_ tenantID: String) {
        if let index = order.firstIndex(of: tenantID) {
            order.remove(at: index)
            order.append(tenantID)
        }
    }
}
