import Foundation

/// BM25 statistics over exactly the rows a principal may read: row count, average length and
/// per-phrase document frequencies. Cached per opened store + ACL signature + store generation,
/// so a write (new generation), another principal, or a tenant deleted and made again under its
/// name (same generations, same row ids) never reuses them.
final class ScopeStatisticsCache: @unchecked Sendable {
    struct Key: Hashable {
        /// `TenantStore.instance`: never the tenant's name.
        let store: UInt64
        let acl: String
        let generation: Int
    }

    final class Entry {
        /// Permitted chunks, and the documents they belong to: BM25's N counts documents.
        let rows: Int
        let documents: Int
        /// Average token count of a permitted chunk (the unit each score is computed for).
        let averageLength: Double
        /// Bit i set: chunk rowid i is readable (what vault_permitted answers from).
        let permitted: [UInt8]
        /// The store generation's chunk → document map (shared by every scope of it).
        let documentMap: DocumentMap
        var documentFrequency: [String: Int] = [:] // FTS5 phrase form → df
        /// When this entry was last handed out (the cache's clock), for LRU eviction.
        fileprivate var lastUse = 0
        init(rows: Int, documents: Int, averageLength: Double, permitted: [UInt8], documentMap: DocumentMap) {
            self.rows = rows
            self.documents = documents
            self.averageLength = averageLength
            self.permitted = permitted
            self.documentMap = documentMap
        }
        /// Approximate memory held: the bitmap plus the frequency table (the document map is
        /// shared, and bounded where it is kept).
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
        entries = entries.filter { !($0.key.store == key.store && $0.key.acl == key.acl && $0.key.generation < key.generation) }
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

    /// Chunk → document maps of recent store generations.
    private let documentMaps = BoundedMemo<DocumentMapKey, DocumentMap>(capacity: 32)
    private struct DocumentMapKey: Hashable {
        let store: UInt64
        let generation: Int
    }

    func documentMap(store: UInt64, generation: Int, compute: () throws -> DocumentMap) throws -> DocumentMap {
        try documentMaps.value(for: DocumentMapKey(store: store, generation: generation), compute: compute)
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
