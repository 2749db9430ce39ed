import Foundation

/// What the detectors found in returned chunk bodies, so a chunk returned again is not scanned
/// again. Keyed by the opened store + its generation + row: a generation names one text per
/// row (rows are read in the snapshot that ranked them), and any write moves it. Holds spans (offsets and
/// types), never text. The policy and the reader's exemptions are applied on every read.
package final class DetectionCache: @unchecked Sendable {
    struct Key: Hashable {
        let store: UInt64
        let generation: Int
        let chunk: Int64
    }

    private let lock = NSLock()
    private var entries: [Key: [Candidate]] = [:]
    private var latest: [UInt64: Int] = [:] // store → newest generation seen
    let capacity: Int

    init(capacity: Int = 100_000) { self.capacity = capacity }

    func candidates(_ key: Key, detect: () -> [Candidate]) -> [Candidate] {
        lock.lock()
        if let found = entries[key] { lock.unlock(); return found }
        lock.unlock()
        let found = detect()
        lock.lock()
        defer { lock.unlock() }
        if key.generation > latest[key.store, default: -1] {
            // Older generations of this store can never be asked for again.
            if latest[key.store] != nil { entries = entries.filter { $0.key.store != key.store || $0.key.generation >= key.generation } }
            latest[key.store] = key.generation
        }
        guard key.generation >= latest[key.store, default: -1] else { return found }
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = found
        return found
    }

    /// Forgets everything (benchmarks measure the first read of a chunk with it).
    package func removeAll() {
        lock.lock()
        defer { lock.unlock() }
        entries.removeAll()
        latest.removeAll()
    }
}
