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
        init(rows: Int, averageLength: Double, permitted: [UInt8]) {
            self.rows = rows
            self.averageLength = averageLength
            self.permitted = permitted
        }
    }

    // Protects `entries`; statistics queries run outside the lock.
    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]
    private let capacity = 1024

    func entry(_ key: Key, compute: () throws -> Entry) throws -> Entry {
        lock.lock()
        if let entry = entries[key] { lock.unlock(); return entry }
        lock.unlock()
        let entry = try compute()
        lock.lock()
        defer { lock.unlock() }
        if entries.count >= capacity { entries.removeAll() } // bounded; stale generations age out
        entries[key] = entry
        return entry
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
