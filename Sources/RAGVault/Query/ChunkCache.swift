import Foundation

/// What was worked out from returned chunk bodies — the detectors' spans, the index tokenizer's
/// tokens — so a chunk returned again is not scanned again. Keyed by the opened store + its
/// generation + row: a generation names one text per row (rows are read in the snapshot that
/// ranked them), and any write moves it. Holds offsets, types and token hashes, never text.
/// The policy and the reader's exemptions are applied on every read.
package final class ChunkCache<Value>: @unchecked Sendable {
    typealias Key = ChunkKey

    private let lock = NSLock()
    private var entries: [Key: Value] = [:]
    private var latest: [UInt64: Int] = [:] // store → newest generation seen
    let capacity: Int

    init(capacity: Int = 100_000) { self.capacity = capacity }

    func value(_ key: Key, make: () -> Value) -> Value {
        if let found = cached(key) { return found }
        let made = make()
        keep(made, for: key)
        return made
    }

    /// What is kept for `key`, if anything.
    func cached(_ key: Key) -> Value? {
        lock.lock()
        defer { lock.unlock() }
        return entries[key]
    }

    /// Keeps `made` for `key` (unless a newer generation of its store has been seen).
    func keep(_ made: Value, for key: Key) {
        lock.lock()
        defer { lock.unlock() }
        if key.generation > latest[key.store, default: -1] {
            // Older generations of this store can never be asked for again.
            if latest[key.store] != nil { entries = entries.filter { $0.key.store != key.store || $0.key.generation >= key.generation } }
            latest[key.store] = key.generation
        }
        guard key.generation >= latest[key.store, default: -1], capacity > 0 else { return }
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = made
    }

    /// Forgets everything (benchmarks measure the first read of a chunk with it).
    package func removeAll() {
        lock.lock()
        defer { lock.unlock() }
        entries.removeAll()
        latest.removeAll()
    }
}

/// One chunk row's text as read: the opened store, its generation and the row — and, for what
/// the detectors found, which opt-in types they looked for (a tenant's policy may turn names on
/// between two searches of one generation).
struct ChunkKey: Hashable {
    let store: UInt64
    let generation: Int
    let chunk: Int64
    var contextual: Set<EntityType> = []
}

/// The detectors' spans in chunk bodies that carry none stored from ingest.
package typealias DetectionCache = ChunkCache<[Candidate]>

/// The index tokenizer's tokens of chunk bodies (`ChunkTokens`), for highlights: nil for a
/// chunk read once (highlighted from spans for that query alone), its tokens from the second read.
package typealias TokenCache = ChunkCache<ChunkTokens?>

/// The detectors' spans in each chunk's title and heading parts (title first).
package typealias FieldDetectionCache = ChunkCache<[[Candidate]]>
