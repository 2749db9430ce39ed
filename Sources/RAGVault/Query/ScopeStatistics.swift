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
        var documentFrequency: [String: Int] = [:] // FTS5 phrase form → df
        init(rows: Int, averageLength: Double) {
            self.rows = rows
            self.averageLength = averageLength
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

    func documentFrequency(_ entry: Entry, phrase: String, compute: () throws -> Int) throws -> Int {
        lock.lock()
        if let df = entry.documentFrequency[phrase] { lock.unlock(); return df }
        lock.unlock()
        let df = try compute()
        lock.lock()
        entry.documentFrequency[phrase] = df
        lock.unlock()
        return df
    }
}
