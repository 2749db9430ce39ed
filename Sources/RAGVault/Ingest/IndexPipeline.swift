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
        case planned(id: String, plan: Indexer.Plan, bytes: Int)
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
        var findings = DocumentPreparer.Findings()
        while let work = queue.take() {
            if firstError != nil { continue } // drain so the producer can finish
            do {
                switch work {
                case .planned(let id, let plan, let bytes):
                    summary.record(try indexer.apply(plan, externalID: id, findings: &findings), id: id)
                    // Skipped documents count as present too: --sync must not delete the old
                    // version of a file that failed this time.
                    seen.insert(id)
                    summary.bytes += Int64(bytes)
                    progress(bytes)
                case .failed(let error):
                    throw error
                }
            } catch {
                firstError = error
            }
        }
        summary.invisibleCharactersRemoved = findings.invisibleCharactersRemoved
        summary.secretsScrubbed = findings.secretsScrubbed
        summary.possibleInjectionChunks = findings.injectionChunks
        if let firstError { throw firstError }
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
