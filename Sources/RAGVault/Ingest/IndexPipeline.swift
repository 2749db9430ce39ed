import Foundation

/// Runs an indexing job on two threads: one reads and prepares documents (extract, normalise,
/// scrub, chunk) while the caller's thread stores them, through a small bounded queue — so
/// preparation overlaps encryption and I/O, and memory stays flat in corpus size.
public struct IndexPipeline {
    public let indexer: Indexer
    /// Prepared documents waiting to be stored, at most.
    public var depth = 8

    public init(indexer: Indexer) {
        self.indexer = indexer
    }

    /// What the preparing thread hands to the storing thread.
    enum Work: @unchecked Sendable {
        case done(id: String, outcome: Indexer.Outcome, bytes: Int)
        case aclChange(id: String, acl: AccessList, bytes: Int)
        case store(record: DocumentRecord, isNew: Bool, findings: DocumentPreparer.Findings, bytes: Int)
        case failed(Error)
    }

    /// Indexes every item of `source`; `progress` is called on the caller's thread after each.
    /// Returns the summary and the ids seen (for `--sync`).
    public func run(_ source: DirectorySource, progress: (Int) -> Void = { _ in }) throws -> (IndexSummary, Set<String>) {
        let queue = BoundedQueue<Work>(capacity: depth)
        let indexer = self.indexer
        let producer = Thread {
            do {
                try source.forEach { item, bytes in queue.put(Self.prepare(item, bytes: bytes, indexer: indexer)) }
            } catch {
                queue.put(.failed(error))
            }
            queue.close()
        }
        producer.stackSize = 8 << 20
        producer.start()
        var summary = IndexSummary()
        var seen = Set<String>()
        var firstError: Error?
        while let work = queue.take() {
            if firstError != nil { continue } // drain so the producer can finish
            do {
                switch work {
                case .done(let id, let outcome, let bytes):
                    // Skipped documents count as present: --sync must not delete the old version
                    // of a file that failed this time.
                    seen.insert(id)
                    summary.record(outcome, id: id)
                    summary.bytes += Int64(bytes)
                    progress(bytes)
                case .aclChange(let id, let acl, let bytes):
                    try indexer.store.updateACL(externalID: id, acl: acl)
                    seen.insert(id)
                    summary.record(.aclUpdated, id: id)
                    summary.bytes += Int64(bytes)
                    progress(bytes)
                case .store(let record, let isNew, let findings, let bytes):
                    try indexer.store.putDocument(record)
                    seen.insert(record.externalID)
                    summary.record(isNew ? .added : .updated, id: record.externalID)
                    summary.invisibleCharactersRemoved += findings.invisibleCharactersRemoved
                    summary.secretsScrubbed += findings.secretsScrubbed
                    summary.possibleInjectionChunks += findings.injectionChunks
                    summary.bytes += Int64(bytes)
                    progress(bytes)
                case .failed(let error):
                    throw error
                }
            } catch {
                firstError = error
            }
        }
        if let firstError { throw firstError }
        return (summary, seen)
    }

    /// Everything that does not write: validation, hashing, the skip decision, preparation.
    static func prepare(_ item: SourceItem, bytes: Int, indexer: Indexer) -> Work {
        switch item {
        case .unusable(let id, let code, let reason):
            return .done(id: id, outcome: .skipped(code: code, reason: reason), bytes: bytes)
        case .document(let document):
            do {
                let preparer = indexer.preparer
                let acl: AccessList
                do { acl = try preparer.validateACL(document.acl) } catch {
                    return .done(id: document.externalID, outcome: .skipped(code: error.code, reason: error.reason), bytes: bytes)
                }
                let hash = preparer.contentHash(of: document)
                let existing = try indexer.reader.documentState(externalID: document.externalID)
                if let existing, existing.contentHash == hash {
                    return existing.acl == acl ? .done(id: document.externalID, outcome: .unchanged, bytes: bytes)
                                               : .aclChange(id: document.externalID, acl: acl, bytes: bytes)
                }
                do {
                    let (record, findings) = try preparer.prepare(document, acl: acl, contentHash: hash)
                    return .store(record: record, isNew: existing == nil, findings: findings, bytes: bytes)
                } catch {
                    return .done(id: document.externalID, outcome: .skipped(code: error.code, reason: error.reason), bytes: bytes)
                }
            } catch {
                return .failed(error)
            }
        }
    }
}

/// A blocking FIFO with a fixed capacity, for one producer and one consumer thread.
final class BoundedQueue<Element>: @unchecked Sendable {
    // Protects `items` and `closed`; waiters sleep on it.
    private let condition = NSCondition()
    private var items: [Element] = []
    private var closed = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    func put(_ item: Element) {
        condition.lock()
        while items.count >= capacity && !closed { condition.wait() }
        items.append(item)
        condition.broadcast()
        condition.unlock()
    }

    /// The next item, or nil once closed and empty.
    func take() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        guard !items.isEmpty else { return nil }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
