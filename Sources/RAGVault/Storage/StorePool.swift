import Foundation

/// A bounded set of open tenant stores, least recently used let go first, so thousands of
/// tenants can exist while about `capacity` files are open. Opening a cold tenant costs one
/// key unwrap (no password KDF: the master key is derived once per process).
///
/// A cold open runs outside the pool's lock, so searches on open tenants never wait behind
/// it; one tenant is opened by one caller at a time (the others wait for that open), and at
/// most `maxConcurrentOpens` opens run at once. A store pushed out by capacity is let go, not
/// closed: a caller still using it finishes, and the last reference closes it — off the
/// request path, since closing may checkpoint the WAL.
final class StorePool: @unchecked Sendable {
    let capacity: Int
    let maxConcurrentOpens: Int
    // Protects every field below; waited on while a tenant is being opened or open slots are full.
    private let condition = NSCondition()
    private var stores: [String: TenantStore] = [:]
    private var order: [String] = [] // least recently used first
    private var opening: Set<String> = []
    /// Callers waiting for an open by another caller or for a free slot (tests watch it).
    private var waiting = 0
    /// Stores pushed out by capacity, since the pool was made (a metric).
    private var evictionCount = 0
    /// Let-go stores are released here, so their close (a WAL checkpoint) is nobody's latency.
    private let releaser = DispatchQueue(label: "ragvault.store-pool.release", qos: .utility)

    var evictions: Int { condition.withLock { evictionCount } }

    init(capacity: Int, maxConcurrentOpens: Int = 4) {
        self.capacity = max(1, capacity)
        self.maxConcurrentOpens = max(1, maxConcurrentOpens)
    }

    /// The open store for `tenantID`, opening it with `open` when cold.
    func store(for tenantID: String, open: () throws -> TenantStore) throws -> TenantStore {
        condition.lock()
        while true {
            if let store = stores[tenantID] {
                touch(tenantID)
                condition.unlock()
                return store
            }
            guard opening.contains(tenantID) || opening.count >= maxConcurrentOpens else { break }
            waiting += 1
            condition.wait()
            waiting -= 1
        }
        opening.insert(tenantID)
        condition.unlock()

        let opened = Result { try open() }

        condition.lock()
        opening.remove(tenantID)
        var released: [TenantStore] = []
        if case .success(let store) = opened {
            stores[tenantID] = store
            order.append(tenantID)
            while order.count > capacity {
                let victim = order.removeFirst()
                if let store = stores.removeValue(forKey: victim) { released.append(store) }
                evictionCount += 1
            }
        }
        condition.broadcast()
        condition.unlock()
        if !released.isEmpty {
            let letGo = released
            releaser.async { withExtendedLifetime(letGo) {} }
        }
        return try opened.get()
    }

    /// Closes and forgets one tenant's store (before rotation or deletion), after an open of
    /// it in progress has finished.
    func evict(_ tenantID: String) {
        condition.lock()
        defer { condition.unlock() }
        while opening.contains(tenantID) { condition.wait() }
        order.removeAll { $0 == tenantID }
        stores.removeValue(forKey: tenantID)?.close()
    }

    func closeAll() {
        condition.lock()
        while !opening.isEmpty { condition.wait() }
        let all = Array(stores.values)
        stores.removeAll()
        order.removeAll()
        condition.unlock()
        all.forEach { $0.close() }
        releaser.sync {} // stores let go earlier are closed too (when nobody else holds them)
    }

    var openCount: Int { condition.withLock { stores.count } }
    var waitingCount: Int { condition.withLock { waiting } }

    private func touch(_ tenantID: String) {
        if let index = order.firstIndex(of: tenantID) {
            order.remove(at: index)
            order.append(tenantID)
        }
    }
}
