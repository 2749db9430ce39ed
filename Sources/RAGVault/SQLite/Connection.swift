import CSQLite
import CVault

/// One SQLite connection. Not thread-safe by itself: owners serialise access (a store holds
/// it behind a lock). Errors are translated to `RAGVaultError` here, in one place, with the
/// store's `label` so messages name the tenant or the catalog.
package final class Connection {
    let handle: OpaquePointer
    /// How messages name this database ("tenant 'acme'", "the catalog").
    let label: String
    private var statements: [String: Statement] = [:]
    /// The permitted-rows bitmap read by vault_permitted(rowid); empty (refuse all) between queries.
    private let rowFilter = UnsafeMutablePointer<vault_row_filter>.allocate(capacity: 1)
    /// The index's tokenizer on this connection (`IndexTokenizer`), made on first use.
    private var tokenizer: OpaquePointer?

    /// Opens `uri` (a `file:` URI) with the given flags.
    init(uri: String, label: String, readOnly: Bool = false) throws {
        self.label = label
        var db: OpaquePointer?
        let flags =
            SQLITE_OPEN_URI | SQLITE_OPEN_FULLMUTEX
            | (readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE))
        let rc = sqlite3_open_v2(uri, &db, flags, nil)
        guard let db else {
            throw RAGVaultError(.internalError, "out of memory opening \(label)")
        }
        sqlite3_extended_result_codes(db, 1)
        // Before anything else touches the file: opening reads (and may recover) the WAL
        // index while other processes write or checkpoint; without a busy handler those first
        // statements fail at once with "database is locked".
        BusyWait.install(on: db)
        handle = db
        if rc != SQLITE_OK {
            // The object is fully initialised, so deinit still runs after this throw: close
            // here and mark closed so the handle is never closed twice.
            let error = self.error(rc, context: "open")
            close()
            throw error
        }
        vault_row_filter_register(db, rowFilter)
    }

    /// How long a statement waits for another process's lock before failing with `busy`.
    static let busyTimeoutMs: Int32 = 10_000

    deinit {
        close()
        rowFilter.deallocate()
    }

    /// Runs `body` with vault_permitted(rowid) answering from `bits` (bit i: rowid i may be
    /// read), vault_documents(rowid) from `documents` (entry i: rowid i's document, or -1) and
    /// vault_bm25 reading each row's length from `lengths` (entry i: rowid i's, or -1), then
    /// uninstalls all three so later queries see no permitted rows.
    func withPermittedRows<T>(_ bits: [UInt8], documents: [CInt] = [], lengths: [CInt] = [], _ body: () throws -> T) rethrows -> T {
        try bits.withUnsafeBufferPointer { buffer in
            try documents.withUnsafeBufferPointer { map in
                try lengths.withUnsafeBufferPointer { sizes in
                    rowFilter.pointee.bits = buffer.baseAddress
                    rowFilter.pointee.nbits = Int64(buffer.count) * 8
                    rowFilter.pointee.documents = map.baseAddress
                    rowFilter.pointee.ndocuments = Int64(map.count)
                    rowFilter.pointee.lengths = sizes.baseAddress
                    rowFilter.pointee.nlengths = Int64(sizes.count)
                    defer {
                        rowFilter.pointee.bits = nil
                        rowFilter.pointee.nbits = 0
                        rowFilter.pointee.documents = nil
                        rowFilter.pointee.ndocuments = 0
                        rowFilter.pointee.lengths = nil
                        rowFilter.pointee.nlengths = 0
                    }
                    return try body()
                }
            }
        }
    }

    /// Registers the FTS5 ranking functions and tokenizer bridge (`vault_fts5_register`),
    /// reading this connection's row filter.
    func registerRankingFunctions() -> Int32 {
        vault_fts5_register(handle, rowFilter)
    }

    /// Runs `body` in a read transaction: every query in it sees one snapshot.
    func readTransaction<T>(_ body: () throws -> T) throws -> T {
        try inTransaction("BEGIN", body)
    }

    private var closed = false
    #if DEBUG
        /// SQLite VM steps of every statement run on this connection (debug builds; see `Statement.reset`).
        var vmSteps = 0
    #endif

    package func close() {
        guard !closed else { return }
        closed = true
        statements.removeAll()
        vault_tokenizer_close(tokenizer) // it belongs to the connection's FTS5: before the close
        tokenizer = nil
        sqlite3_close_v2(handle)
    }

    /// The chunks_fts tokenizer of this connection, made once (see `vault_tokenizer_open`).
    func indexTokenizer() throws -> OpaquePointer {
        if let tokenizer { return tokenizer }
        guard !closed, let made = vault_tokenizer_open(handle) else {
            throw RAGVaultError(.internalError, "the index tokenizer of \(label) could not be made")
        }
        tokenizer = made
        return made
    }

    /// Runs one or more statements without parameters.
    package func execute(_ sql: String) throws {
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(rc, context: "execute") }
    }

    /// Runs a statement with parameters, discarding rows. Statements are cached by SQL text.
    package func run(_ sql: String, _ values: [SQLValue] = []) throws {
        let statement = try cached(sql)
        defer { statement.reset() }
        try statement.bind(values)
        while try statement.step() {}
    }

    /// Returns all rows of a query.
    package func query(_ sql: String, _ values: [SQLValue] = []) throws -> [[SQLValue]] {
        let statement = try cached(sql)
        defer { statement.reset() }
        try statement.bind(values)
        var rows: [[SQLValue]] = []
        while try statement.step() { rows.append(statement.row()) }
        return rows
    }

    /// Calls `body` for each row without materialising the result.
    func forEachRow(_ sql: String, _ values: [SQLValue] = [], _ body: (Statement) throws -> Void) throws {
        let statement = try cached(sql)
        defer { statement.reset() }
        try statement.bind(values)
        while try statement.step() { try body(statement) }
    }

    /// The first column of the first row, or `.null`.
    func scalar(_ sql: String, _ values: [SQLValue] = []) throws -> SQLValue {
        let statement = try cached(sql)
        defer { statement.reset() }
        try statement.bind(values)
        return try statement.step() ? statement.value(at: 0) : .null
    }

    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Runs `body` in a write transaction (BEGIN IMMEDIATE takes the write lock up front, so
    /// two writers never deadlock on a lock upgrade); rolls back if it throws. Inside another
    /// transaction it is a savepoint: its changes commit with the outer transaction, or are
    /// undone alone if `body` throws.
    package func transaction<T>(_ body: () throws -> T) throws -> T {
        guard isInTransaction else { return try inTransaction("BEGIN IMMEDIATE", body) }
        return try inTransaction("SAVEPOINT nested", commit: "RELEASE nested", rollback: "ROLLBACK TO nested; RELEASE nested", body)
    }

    /// Whether a transaction is open on this connection.
    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    private func inTransaction<T>(
        _ begin: String, commit: String = "COMMIT", rollback: String = "ROLLBACK",
        _ body: () throws -> T
    ) throws -> T {
        // Prepared once per connection (`run` caches by text): a search opens one read
        // transaction, and parsing BEGIN and COMMIT anew each time was a measurable share of it.
        try run(begin)
        do {
            let result = try body()
            try run(commit)
            return result
        } catch {
            try? execute(rollback)
            throw error
        }
    }

    private func cached(_ sql: String) throws -> Statement {
        if let statement = statements[sql] { return statement }
        let statement = try Statement(self, sql: sql)
        statements[sql] = statement
        return statement
    }

    /// The encryption VFS's record of the last authentication failure on this connection.
    func vaultFailure() -> vault_failure? {
        var failure = vault_failure()
        let rc = sqlite3_file_control(handle, "main", VAULT_FCNTL_FAILURE, &failure)
        return rc == SQLITE_OK ? failure : nil
    }

    /// Translates a SQLite result code into the library's error, naming this store.
    func error(_ rc: Int32, context: String) -> RAGVaultError {
        let message = String(cString: sqlite3_errmsg(handle))
        let primary = rc & 0xff
        // sqlite3_open_v2 returns only the primary code; the extended one says IOERR_DATA.
        let extended = sqlite3_extended_errcode(handle)
        if rc == SQLITE_IOERR_DATA_CODE || extended == SQLITE_IOERR_DATA_CODE || primary == SQLITE_CORRUPT {
            // At open the only page read is the header on page 1.
            let page = vaultFailure()?.page ?? (context == "open" ? 1 : 0)
            let where_ = page > 0 ? " at page \(page)" : ""
            return RAGVaultError(
                .storeTampered,
                "\(label) store failed authentication\(where_): the file was modified or the key is wrong (run 'ragvault doctor')")
        }
        if primary == SQLITE_BUSY || primary == SQLITE_LOCKED {
            return RAGVaultError(
                .busy,
                "\(label) store is busy: another process held its lock for over \(Connection.busyTimeoutMs / 1000) s during \(context); nothing was changed by this call — retry"
            )
        }
        if primary == SQLITE_NOTADB {
            return RAGVaultError(
                .storeNotVault,
                "\(label) store is not an encrypted RAGVault file (wrong file or damaged header; run 'ragvault doctor')")
        }
        if primary == SQLITE_AUTH && context == "open" {
            return RAGVaultError(.internalError, "\(label) store was opened without a registered key")
        }
        if primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN || primary == SQLITE_FULL || primary == SQLITE_READONLY {
            return RAGVaultError(.storeIO, "\(label) store I/O failed during \(context): \(message)")
        }
        return RAGVaultError(.internalError, "\(label) store \(context) failed: \(message)")
    }
}

/// SQLITE_IOERR_DATA is a macro expression that does not import into Swift.
let SQLITE_IOERR_DATA_CODE: Int32 = SQLITE_IOERR | (32 << 8)
