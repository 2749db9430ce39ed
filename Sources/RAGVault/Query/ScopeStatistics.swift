import Foundation

/// BM25 statistics over exactly the rows a principal may read: row count, average length and
/// per-phrase document frequencies. Cached per tenant + ACL signature + store generation, so
/// a write (new generation) or another principal never reuses them.
final class ScopeStatisticsCache: @unchecked Sendable {
    struct Key: Hashable {
        let tenant: String
        let acl: String
        let generation: Int
    }

    final class Entry {
        let rows: Int
        let averageLength: Double
        /// Bit i set: chunk rowid i is readable (what vault_permitted answers from).
        let permitted: [UInt8]
        var documentFrequency: [String: Int] = [:] // FTS5 phrase form → df
        /// When this entry was last handed out (the cache's clock), for LRU eviction.
        fileprivate var lastUse = 0
        init(rows: Int, averageLength: Double, permitted: [UInt8]) {
            self.rows = rows
            self.averageLength = averageLength
            self.permitted = permitted
        }
        /// Approximate memory held: the bitmap plus the frequency table.
        var bytes: Int { permitted.count + documentFrequency.count * 64 }
    }

    // Protects `entries` and `clock`; statistics queries run outside the lock.
    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]
    private var clock = 0
    /// Memory the cache may hold: a permitted-rows bitmap is N/8 bytes per principal scope, so
    /// many distinct scopes on a large tenant must not grow without bound.
    let byteBudget: Int

    init(byteBudget: Int = 64 << 20) {
        self.byteBudget = byteBudget
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return entries.count
    }

    func entry(_ key: Key, compute: () throws -> Entry) throws -> Entry {
        lock.lock()
        clock += 1
        if let entry = entries[key] { entry.lastUse = clock; lock.unlock(); return entry }
        lock.unlock()
        let entry = try compute()
        lock.lock()
        defer { lock.unlock() }
        // Older generations of the same scope can never be asked for again.
        entries = entries.filter { !($0.key.tenant == key.tenant && $0.key.acl == key.acl && $0.key.generation < key.generation) }
        entry.lastUse = clock
        entries[key] = entry
        evictOverBudget()
        return entry
    }

    /// Drops least recently used entries until the cache fits its budget (the newest stays).
    private func evictOverBudget() {
        var total = entries.values.reduce(0) { $0 + $1.bytes }
        guard total > byteBudget else { return }
        for (key, entry) in entries.sorted(by: { $0.value.lastUse < $1.value.lastUse }).dropLast() {
            entries.removeValue(forKey: key)
            total -= entry.bytes
            if total <= byteBudget { return }
        }
    }

    func cachedFrequencies(_ entry: Entry, phrases: [String]) -> [String: Int] {
        lock.lock()
        defer { lock.unlock() }
        var found: [String: Int] = [:]
        for phrase in phrases { if let df = entry.documentFrequency[phrase] { found[phrase] = df } }
        return found
    }

    func store(_ entry: Entry, frequencies: [String: Int]) {
        lock.lock()
        defer { lock.unlock() }
        if entry.documentFrequency.count > 50_000 { entry.documentFrequency.removeAll() } // bounded
        entry.documentFrequency.merge(frequencies) { _, new in new }
    }
}
