import Foundation

/// Read connections of one store beside its writer: a search ranks on one of them, so two
/// searches of one tenant run at once instead of queueing for the store's one connection.
/// Made on first need (most tenants never see two searches at once), at most `limit`; each is
/// used by one thread at a time. WAL lets them read while the writer writes; each transaction
/// sees what was committed when it began.
final class ReaderConnections: @unchecked Sendable {
    let limit: Int
    private let open: () throws -> Connection
    // Protects everything below; waited on when every reader is in use and no more may be made.
    private let condition = NSCondition()
    private var idle: [Connection] = []
    private var made = 0
    private var closed = false

    init(limit: Int, open: @escaping () throws -> Connection) {
        self.limit = max(1, limit)
        self.open = open
    }

    /// Runs `body` on a reader of its own; `closedError` when the store was closed.
    func with<T>(closedError: @autoclosure () -> Error, _ body: (Connection) throws -> T) throws -> T {
        condition.lock()
        while true {
            if closed {
                condition.unlock()
                throw closedError()
            }
            if let reader = idle.popLast() {
                condition.unlock()
                return try use(reader, body)
            }
            if made < limit { break }
            condition.wait()
        }
        made += 1
        condition.unlock()
        let reader: Connection
        do {
            reader = try open()
        } catch {
            condition.lock()
            made -= 1
            condition.signal()
            condition.unlock()
            throw error
        }
        return try use(reader, body)
    }

    private func use<T>(_ reader: Connection, _ body: (Connection) throws -> T) throws -> T {
        defer {
            condition.lock()
            if closed {
                reader.close() // closed while in use: the last user closes it
                made -= 1
            } else {
                idle.append(reader)
            }
            condition.signal()
            condition.unlock()
        }
        return try body(reader)
    }

    /// Closes the idle readers now and each busy one when its user is done.
    func close() {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        for reader in idle { reader.close() }
        made -= idle.count
        idle.removeAll()
        condition.broadcast()
    }

    #if DEBUG
        /// SQLite VM steps run on the idle readers (tests compare work; see `Connection.vmSteps`).
        var vmSteps: Int { condition.withLock { idle.reduce(0) { $0 + $1.vmSteps } } }
    #endif
}
