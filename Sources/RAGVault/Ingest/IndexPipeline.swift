import Foundation

/// Runs an indexing job on two threads: one reads and prepares documents (extract, normalise,
/// scrub, chunk) while the caller's thread stores them, through a small bounded queue — so
/// preparation overlaps encryption and I/O, and memory stays flat in corpus size.
public struct IndexPipeline {
    public let indexer: Indexer
    /// Prepared documents waiting to be stored, at most (in count and in source bytes).
    public var depth = 32
    public var depthBytes = 16 << 20
    /// Most documents and bytes committed in one transaction.
    public var maxBatchDocuments = 64
    public var maxBatchBytes = 4 << 20

    public init(indexer: Indexer) {
        self.indexer = indexer
    }

    /// What the preparing thread hands to the storing thread.
    enum Work: @unchecked Sendable {
        case planned(id: String, plan: Indexer.Plan, bytes: Int)
        case failed(Error)
    }

    /// Indexes every item of `source`; `progress` is called on the caller's thread after each.
    /// Returns the summary and the ids seen (for `--sync`).
    public func run(_ source: DirectorySource, progress: (Int) -> Void = { _ in }) throws -> (IndexSummary, Set<String>) {
        let queue = BoundedQueue<Work>(capacity: depth, byteCapacity: depthBytes)
        let indexer = self.indexer
        let producer = Thread {
            do {
                // One id, one document per run: a later duplicate (two batch lines, or a batch
                // line naming a file's id) is reported, not silently stored over the first.
                var ids = Set<String>()
                try source.forEach { item, bytes in
                    var item = item
                    if case .document(let document) = item, !ids.insert(document.externalID).inserted {
                        item = .unusable(
                            id: document.externalID + " (again)", code: "duplicate_id",
                            reason: "the id '\(document.externalID)' appeared earlier in this run; this later copy was not indexed")
                    }
                    queue.put(Self.prepare(item, bytes: bytes, indexer: indexer), bytes: bytes)
                }
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
        var findings = DocumentPreparer.Findings()
        while let first = queue.take() {
            // Whatever is already prepared goes into one commit (bounded): per-document
            // commits cost a WAL append each, and the writer is the slower thread.
            var batch = [first]
            var batchBytes = 0
            while batch.count < maxBatchDocuments, batchBytes < maxBatchBytes, let next = queue.tryTake() {
                if case .planned(_, _, let bytes) = next { batchBytes += bytes }
                batch.append(next)
            }
            if firstError != nil { continue } // drain so the producer can finish
            var results: [(id: String, outcome: Indexer.Outcome, bytes: Int)] = []
            var batchFindings = findings
            var stop: Error?
            do {
                try indexer.store.batch {
                    for work in batch {
                        guard case .planned(let id, let plan, let bytes) = work else {
                            if case .failed(let error) = work { stop = error }
                            break
                        }
                        do {
                            results.append((id, try indexer.apply(plan, externalID: id, findings: &batchFindings), bytes))
                        } catch {
                            stop = error // this document's savepoint is undone; those before it commit
                            break
                        }
                    }
                }
            } catch {
                firstError = error
                continue
            }
            findings = batchFindings
            TestPause.here("index.batch-committed")
            for result in results {
                summary.record(result.outcome, id: result.id)
                // Skipped documents count as present too: --sync must not delete the old
                // version of a file that failed this time.
                seen.insert(result.id)
                summary.bytes += Int64(result.bytes)
                progress(result.bytes)
            }
            if let stop { firstError = stop }
        }
        summary.invisibleCharactersRemoved = findings.invisibleCharactersRemoved
        summary.secretsScrubbed = findings.secretsScrubbed
        summary.possibleInjectionChunks = findings.injectionChunks
        if let firstError {
            // Say what this run committed before it stopped: earlier batches are in the store.
            guard let error = firstError as? RAGVaultError else { throw firstError }
            let committed = summary.added + summary.updated + summary.aclUpdated
            throw RAGVaultError(error.code, error.message + " (this run committed \(committed) document(s) before it stopped; re-run to finish)")
        }
        return (summary, seen)
    }

    /// Everything that does not write, on the preparing thread.
    static func prepare(_ item: SourceItem, bytes: Int, indexer: Indexer) -> Work {
        switch item {
        case .unusable(let id, let code, let reason):
            return .planned(id: id, plan: .done(.skipped(code: code, reason: reason)), bytes: bytes)
        case .document(let document):
            do {
                return .planned(id: document.externalID, plan: try indexer.plan(document), bytes: bytes)
            } catch {
                return .failed(error)
            }
        }
    }
}

/// A blocking FIFO bounded in items and in bytes, for one producer and one consumer thread.
/// The byte bound keeps memory flat when documents are large; one item is always admitted,
/// however large, so nothing can wait forever.
final class BoundedQueue<Element>: @unchecked Sendable {
    // Protects `items`, `bytes`, `closed` and `waiting`; waiters sleep on it.
    private let condition = NSCondition()
    private var items: [(element: Element, bytes: Int)] = []
    private var bytes = 0
    private var closed = false
    private let capacity: Int
    private let byteCapacity: Int

    init(capacity: Int, byteCapacity: Int = .max) {
        self.capacity = max(1, capacity)
        self.byteCapacity = byteCapacity
    }

    /// Producers waiting for room now (tests synchronise on it).
    var waitingProducers: Int { condition.withLock { waiting } }
    private var waiting = 0

    func put(_ item: Element, bytes cost: Int = 0) {
        condition.lock()
        while !items.isEmpty && (items.count >= capacity || bytes + cost > byteCapacity) && !closed {
            waiting += 1
            condition.wait()
            waiting -= 1
        }
        items.append((item, cost))
        bytes += cost
        condition.broadcast()
        condition.unlock()
    }

    /// The next item if one is waiting, else nil at once.
    func tryTake() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        return items.isEmpty ? nil : removeFirst()
    }

    /// The next item, or nil once closed and empty.
    func take() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        return items.isEmpty ? nil : removeFirst()
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Called with the lock held.
    private func removeFirst() -> Element {
        let item = items.removeFirst()
        bytes -= item.bytes
        condition.broadcast()
        return item.element
    }
}
