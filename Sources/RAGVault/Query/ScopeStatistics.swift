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
        /// Whether the cache holds it (and counts its bytes).
        fileprivate var held = false
    }

    // Protects `entries`, `newest`, `bytesHeld` and `clock`; statistics queries run outside the lock.
    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]
    /// The newest generation cached of each scope (store + ACL), so an older one is dropped
    /// without walking every entry.
    private var newest: [Scope: Int] = [:]
    private struct Scope: Hashable {
        let store: UInt64
        let acl: String
    }
    /// The bitmaps held, in bytes (the sum of `Entry.bytes` as entered).
    private var bytesHeld = 0
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
        let scope = Scope(store: key.store, acl: key.acl)
        if let older = newest[scope], older < key.generation {
            // Older generations of the same scope can never be asked for again.
            remove(Key(store: key.store, acl: key.acl, generation: older))
        }
        if newest[scope].map({ $0 < key.generation }) ?? true { newest[scope] = key.generation }
        entry.lastUse = clock
        if let replaced = entries.updateValue(entry, forKey: key) {
            bytesHeld -= replaced.bytes
            replaced.held = false
        }
        bytesHeld += entry.bytes
        entry.held = true
        evictOverBudget()
        return entry
    }

    private func remove(_ key: Key) {
        guard let entry = entries.removeValue(forKey: key) else { return }
        bytesHeld -= entry.bytes
        entry.held = false
        if newest[Scope(store: key.store, acl: key.acl)] == key.generation { newest[Scope(store: key.store, acl: key.acl)] = nil }
    }

    /// Drops least recently used entries until the cache fits its budget (the newest stays).
    private func evictOverBudget() {
        guard bytesHeld > byteBudget else { return }
        for (key, _) in entries.sorted(by: { $0.value.lastUse < $1.value.lastUse }).dropLast() {
            remove(key)
            if bytesHeld <= byteBudget { return }
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
        let before = entry.bytes
        if entry.documentFrequency.count > 50_000 { entry.documentFrequency.removeAll() } // bounded
        entry.documentFrequency.merge(frequencies) { _, new in new }
        if entry.held {
            bytesHeld += entry.bytes - before
            evictOverBudget()
        }
    }
}
