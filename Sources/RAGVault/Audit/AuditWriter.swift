import Foundation

/// How long after an action its audit record is on disk.
public enum AuditDurability: Sendable, Equatable {
    /// No response before its record is synced (group commit: records that arrive while a
    /// sync runs share the next one).
    case strict
    /// Reads (searches, chunk and document reads) as `relaxed`, everything else — writes, ACL,
    /// policy, settings, keys, tenants, audit operations — as `strict`. The default: a crash
    /// can lose at most `windowMs` of read records, never the record of a change.
    case readsRelaxed(windowMs: Int)
    /// Records are written and synced at most `windowMs` after they were made; a crash loses
    /// at most that window. The caller does not wait.
    case relaxed(windowMs: Int)

    public static let defaultRelaxedWindowMs = 200
    public static let `default` = AuditDurability.readsRelaxed(windowMs: defaultRelaxedWindowMs)

    /// The actions `readsRelaxed` does not wait for: reads, which change nothing.
    static let readActions: Set<String> = ["search", "chunk.read", "document.read"]

    /// Whether the caller of an append of `action` waits until the record is synced.
    func waits(for action: String) -> Bool {
        switch self {
        case .strict: return true
        case .readsRelaxed: return !Self.readActions.contains(action)
        case .relaxed: return false
        }
    }

    /// The longest a record that nobody waits for may stay unsynced (nil: none is kept).
    var windowMs: Int? {
        switch self {
        case .strict: return nil
        case .readsRelaxed(let ms), .relaxed(let ms): return ms
        }
    }
}

/// Appends records to one audit log with group commit, from a thread of its own. Across
/// processes the log's flock orders writers; each continues the chain from wherever the file
/// ends when it holds the lock.
final class AuditWriter: @unchecked Sendable {
    let path: String
    let chain: AuditChain
    private let durability: AuditDurability
    private let condition = NSCondition()
    private var pending: [Pending] = []
    private var firstPendingAt = DispatchTime.now()
    private var closing = false
    /// The last failure of a relaxed write, reported to the next caller until a write succeeds.
    private var failure: Error?
    /// The last write succeeded (so the log's end was found and its chain checked). Until then
    /// every record waits, whatever the durability: no read is answered on a log this process
    /// has not yet written to, or whose last write failed (a damaged or unwritable trail).
    private var confirmed = false
    /// Callers inside `flush()`: a flush ends a window early, like a waited record.
    private var flushing = 0
    private var fd: Int32 = -1
    private var position: AuditChain.Position?
    private let finished = DispatchSemaphore(value: 0)
    private let onCreate: () -> Void
    /// Group commits done (for `bench audit`: records per sync).
    let syncs: AuditCounter
    /// What the catalog's high-water mark needs to hear (see `takeProgress`).
    private let progressLock = NSLock()
    private var highest: UInt64
    private var committed: AuditChain.Position?
    private var committedTaken = true
    private var cutBelow: UInt64?

    private final class Pending {
        var record: AuditRecord
        /// Its caller waits until it is synced.
        let waited: Bool
        var error: Error?
        var done = false
        init(_ record: AuditRecord, waited: Bool) { (self.record, self.waited) = (record, waited) }
    }

    /// `onCreate` runs when the log file is first created (to sync its directory). `floor` is
    /// the highest seq the log is known to have reached (the catalog's mark): finding its end
    /// below that is evidence of a cut, reported through `takeProgress`.
    init(
        path: String, owner: String, keys: AuditKeys, durability: AuditDurability, syncs: AuditCounter = AuditCounter(),
        floor: UInt64 = 0, onCreate: @escaping () -> Void = {}
    ) {
        self.syncs = syncs
        highest = floor
        self.path = path
        chain = AuditChain(owner: owner, keys: keys)
        self.durability = durability
        self.onCreate = onCreate
        // The thread holds the writer until `close()` stops it (every owner closes its writers).
        let thread = Thread { self.run() }
        thread.name = "ragvault-audit"
        thread.start()
    }

    /// Appends `record`. If the durability waits for its action: returns once it is durable
    /// (or throws). Otherwise returns at once, unless an earlier background write failed.
    func append(_ record: AuditRecord) throws {
        var record = record
        if record.time.isEmpty { record.time = AuditTrail.timestamp(Date()) }
        condition.lock()
        defer { condition.unlock() }
        let item = Pending(record, waited: !confirmed || durability.waits(for: record.action))
        guard !closing else { throw RAGVaultError(.auditUnavailable, "the audit log \(path) is closed") }
        if !item.waited, let failure {
            self.failure = nil // reported once; the next record tries again
            throw failure
        }
        // The writer is woken by the first record of a batch (the window starts, or a strict
        // sync does), and by the first waited one, which ends a window early; waking it for
        // every record would cost a context switch per record.
        if pending.isEmpty {
            firstPendingAt = .now()
            condition.broadcast()
        } else if item.waited, !pending.contains(where: \.waited) {
            condition.broadcast()
        }
        pending.append(item)
        guard item.waited else { return }
        while !item.done { condition.wait() }
        if let error = item.error { throw error }
    }

    /// Waits until everything appended so far is durable (ending a window early).
    func flush() {
        condition.lock()
        defer { condition.unlock() }
        guard let last = pending.last else { return }
        flushing += 1
        defer { flushing -= 1 }
        condition.broadcast()
        while !last.done { condition.wait() }
    }

    /// Writes what is pending, stops the thread and closes the file.
    func close() {
        condition.lock()
        let already = closing
        closing = true
        condition.broadcast()
        condition.unlock()
        guard !already else { return }
        finished.wait()
        if fd >= 0 { Foundation.close(fd); fd = -1 }
    }

    deinit { close() }

    /// Since the last call: the position after the latest group commit (nil when there was
    /// none), and the highest seq known before this log was found ending below it (nil when it
    /// never was). Logs only grow — other processes append, pruning keeps the numbering — so an
    /// end below a seq once reached means records were cut off or the file replaced.
    func takeProgress() -> (committed: AuditChain.Position?, cutBelow: UInt64?)? {
        progressLock.withLock {
            guard !committedTaken || cutBelow != nil else { return nil }
            defer { committedTaken = true; cutBelow = nil }
            return (committedTaken ? nil : committed, cutBelow)
        }
    }

    private func found(_ end: AuditChain.Position) {
        progressLock.withLock {
            if end.seq < highest { cutBelow = max(cutBelow ?? 0, highest) }
        }
    }

    private func didCommit(_ end: AuditChain.Position) {
        progressLock.withLock {
            highest = max(highest, end.seq)
            committed = end
            committedTaken = false
        }
    }

    private func run() {
        condition.lock()
        while true {
            while pending.isEmpty && !closing { condition.wait() }
            if pending.isEmpty { break }
            if let windowMs = durability.windowMs, !closing {
                let deadline = firstPendingAt.uptimeNanoseconds + UInt64(windowMs) * 1_000_000
                // A caller waiting for its record ends the window: sync now.
                while !closing, flushing == 0, !pending.contains(where: \.waited) {
                    let now = DispatchTime.now().uptimeNanoseconds // read once: deadline − now must not wrap
                    guard now < deadline else { break }
                    _ = condition.wait(until: Date(timeIntervalSinceNow: Double(deadline - now) / 1e9))
                }
            }
            let batch = pending
            pending = []
            condition.unlock()
            let error = write(batch.map(\.record))
            condition.lock()
            failure = error
            confirmed = error == nil
            for item in batch { item.error = error; item.done = true }
            condition.broadcast()
        }
        condition.unlock()
        finished.signal()
    }

    /// One group commit: lock, find the end, append every frame in one write, sync, unlock.
    private func write(_ records: [AuditRecord]) -> Error? {
        do {
            if fd >= 0, !AuditLogFile.sameFile(fd, path) { Foundation.close(fd); fd = -1; position = nil }
            if fd < 0 {
                let existed = access(path, F_OK) == 0
                guard let opened = try AuditLogFile.openLocked(path, exclusive: true, create: true) else { return nil }
                fd = opened
                if !existed { onCreate() }
            } else {
                while flock(fd, LOCK_EX) != 0 { if errno != EINTR { throw AuditLogFile.failure("lock", path) } }
                if !AuditLogFile.sameFile(fd, path) { // replaced (pruned) meanwhile: start over on the new file
                    flock(fd, LOCK_UN)
                    Foundation.close(fd); fd = -1; position = nil
                    return write(records)
                }
            }
            defer { flock(fd, LOCK_UN) }
            var at = try AuditLogFile.end(of: fd, path: path, chain: chain, known: position)
            found(at)
            let offset = at.end
            var bytes: [UInt8] = []
            for var record in records {
                record.seq = Int(at.seq + 1)
                let plaintext = Array(try JSONEncoder.sorted.encode(record))
                let link = chain.keys.link(previous: at.link, seq: at.seq + 1, record: plaintext)
                let frame = AuditFrame.seal(plaintext, seq: at.seq + 1, link: link, owner: chain.owner, keys: chain.keys)
                bytes += frame
                at = AuditChain.Position(seq: at.seq + 1, link: link, end: at.end + frame.count)
            }
            try AuditLogFile.write(fd, bytes, at: offset, path: path)
            guard fdatasync(fd) == 0 else { throw AuditLogFile.failure("sync", path) }
            syncs.add(1)
            didCommit(at)
            position = at
            return nil
        } catch {
            position = nil // read the end again next time
            return error
        }
    }
}

/// A shared count.
final class AuditCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add(_ n: Int) { lock.withLock { count += n } }
    var value: Int { lock.withLock { count } }
}
