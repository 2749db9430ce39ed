import Foundation

/// A vault's audit logs as this process writes them: one writer per log (each tenant's, and
/// the operator log), all with the same durability.
package final class AuditTrail: @unchecked Sendable {
    static let checkpointAction = "audit.checkpoint"
    /// The operator log's owner name (tenant logs are owned by their tenant id).
    static let operatorOwner = "operator"

    private let lock = NSLock()
    private var writers: [String: AuditWriter] = [:]
    private var keyCache: [String: AuditKeys] = [:]
    private let syncs = AuditCounter()
    /// Syncs (group commits) of every log this process wrote.
    package var syncCount: Int { syncs.value }
    private var mode: AuditDurability
    private var off = false

    init(durability: AuditDurability) {
        mode = durability
    }

    var durability: AuditDurability {
        get { lock.withLock { mode } }
        set {
            let old = lock.withLock { () -> [AuditWriter] in
                mode = newValue
                defer { writers = [:] }
                return Array(writers.values)
            }
            old.forEach { $0.close() }
        }
    }

    /// Nothing is recorded while set: the baseline of benchmarks, never a product setting (it is
    /// not public, and no command line option reaches it).
    package var disabled: Bool {
        get { lock.withLock { off } }
        set { lock.withLock { off = newValue } }
    }

    /// Appends to the log of `owner` at `path`; nothing when auditing is disabled. `floor` gives the
    /// seq the log is known to have reached, read when a writer is made.
    func append(
        _ record: AuditRecord, owner: String, path: String, keys: () throws -> AuditKeys,
        floor: () throws -> UInt64
    ) throws {
        guard let writer = try writer(owner: owner, path: path, keys: keys, floor: floor) else { return }
        try writer.append(record)
    }

    /// What `owner`'s writer committed or found since the last call (see `AuditWriter.takeProgress`).
    func takeProgress(owner: String) -> (committed: AuditChain.Position?, cutBelow: UInt64?)? {
        lock.withLock { writers[owner] }?.takeProgress()
    }

    /// Owners with a writer in this process.
    var owners: [String] { lock.withLock { Array(writers.keys) } }

    private func writer(owner: String, path: String, keys: () throws -> AuditKeys, floor: () throws -> UInt64) throws -> AuditWriter? {
        let existing = lock.withLock { () -> (off: Bool, writer: AuditWriter?) in
            (off, writers[owner].flatMap { $0.path == path ? $0 : nil })
        }
        if existing.off { return nil }
        if let writer = existing.writer { return writer }
        let loaded = try keys() // outside the lock: loading takes it for the key cache
        let known = try floor()
        return lock.withLock {
            if let writer = writers[owner], writer.path == path { return writer }
            let writer = AuditWriter(path: path, owner: owner, keys: loaded, durability: mode, syncs: syncs, floor: known) {
                DurableFile.syncDirectory(of: path)
            }
            writers[owner]?.close()
            writers[owner] = writer
            return writer
        }
    }

    /// The keys of `owner`'s log (loaded once per process; they never change).
    func keys(owner: String, load: () throws -> AuditKeys) throws -> AuditKeys {
        if let keys = lock.withLock({ keyCache[owner] }) { return keys }
        let keys = try load()
        lock.withLock { keyCache[owner] = keys }
        return keys
    }

    /// Stops writing `owner`'s log here (its tenant is being deleted).
    func forget(_ owner: String) {
        let writer = lock.withLock { () -> AuditWriter? in
            keyCache[owner] = nil
            return writers.removeValue(forKey: owner)
        }
        writer?.close()
    }

    /// Waits until every record appended so far is on disk.
    func flush() {
        lock.withLock { Array(writers.values) }.forEach { $0.flush() }
    }

    /// Waits until everything appended so far to `owner`'s log is durable.
    func flush(owner: String) {
        lock.withLock { writers[owner] }?.flush()
    }

    func closeAll() {
        let all = lock.withLock { () -> [AuditWriter] in
            defer { writers = [:] }
            return Array(writers.values)
        }
        all.forEach { $0.close() }
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
