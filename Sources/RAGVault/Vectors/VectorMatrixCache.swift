import Foundation

/// Tenants' vector matrices by opened store + generation, under a byte budget: the least
/// recently used go first. A matrix larger than the whole budget is used by the search that
/// loaded it and not kept.
final class VectorMatrixCache: @unchecked Sendable {
    struct Key: Hashable {
        /// `TenantStore.instance`: never the tenant's name.
        let store: UInt64
        let generation: Int
    }

    private let lock = NSLock()
    private var entries: [Key: (matrix: VectorMatrix?, lastUse: Int)] = [:]
    private var clock = 0
    private var held = 0
    let budget: Int
    /// Tenants without vectors are remembered too (as nil), so entries are bounded in number.
    static let maxEntries = 4096

    /// Budget in bytes (1 GiB unless the server says otherwise).
    init(budget: Int = 1 << 30) { self.budget = budget }

    /// The matrix for `key` (nil: the tenant has no vector configuration), loaded by `load`
    /// when not held.
    func matrix(_ key: Key, load: () throws -> VectorMatrix?) rethrows -> VectorMatrix? {
        lock.lock()
        clock += 1
        if let known = entries[key] {
            entries[key]?.lastUse = clock
            lock.unlock()
            return known.matrix
        }
        lock.unlock()
        let matrix = try load()
        let size = matrix?.bytes ?? 0
        lock.lock()
        defer { lock.unlock() }
        guard size <= budget, entries[key] == nil,
            !entries.keys.contains(where: { $0.store == key.store && $0.generation > key.generation })
        else { return matrix }
        // An older generation of the same store is asked for only by searches already running.
        for old in entries.keys where old.store == key.store { held -= entries.removeValue(forKey: old)?.matrix?.bytes ?? 0 }
        while held + size > budget || entries.count >= Self.maxEntries, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            held -= oldest.value.matrix?.bytes ?? 0
            entries.removeValue(forKey: oldest.key)
        }
        entries[key] = (matrix, clock)
        held += size
        return matrix
    }

    private var configs: [Key: VectorConfig?] = [:]

    /// The tenant's vector configuration at this generation (nil: none), remembered so that a
    /// text search decides it needs no vectors without loading any.
    func config(_ key: Key, load: () throws -> VectorConfig?) rethrows -> VectorConfig? {
        lock.lock()
        if let known = configs[key] {
            lock.unlock()
            return known
        }
        lock.unlock()
        let config = try load()
        lock.lock()
        defer { lock.unlock() }
        if configs.count >= Self.maxEntries { configs.removeAll(keepingCapacity: true) }
        configs[key] = config
        return config
    }

    /// Bytes held now (tests, metrics).
    var bytesHeld: Int {
        lock.lock()
        defer { lock.unlock() }
        return held
    }
}
