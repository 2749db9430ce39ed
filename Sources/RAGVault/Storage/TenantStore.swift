import Synchronization
import Foundation

/// One tenant's encrypted SQLite FTS5 store.
///
/// Writes and most reads go through one connection serialised by a lock; writes are single
/// transactions, so a reader never sees half a document. Searches rank on read connections of
/// their own (`readers`), so searches of one tenant do not queue behind each other.
public final class TenantStore: @unchecked Sendable {
    /// The tenant's name, for messages.
    public let tenant: String
    /// Absolute path of the store file.
    public let path: String
    // Protects `connection`: a SQLite connection is used by one thread at a time. Recursive,
    // so writes inside `batch` take it again on the same thread.
    private let lock = NSRecursiveLock()
    private let connection: Connection
    private var closed = false
    /// Read connections for searches (`withReader`), opened like `connection`.
    private let readers: ReaderConnections
    /// The opt-in types its index was last seen leaving out (`TenantStore+Contextual`).
    let contextualState = Mutex<Set<EntityType>>([])
    /// At most this many read connections per store (made only when searches overlap).
    static let readerLimit = min(4, max(1, ProcessInfo.processInfo.activeProcessorCount))
    /// Unique per opened store in this process: caches of what a store holds key on it (with
    /// the generation), so a tenant deleted and made again, or a re-keyed copy, never meets
    /// another store's entries.
    let instance: UInt64 = TenantStore.nextInstance()
    private static let instances = Mutex<UInt64>(0)
    private static func nextInstance() -> UInt64 {
        instances.withLock {
            $0 += 1; return $0
        }
    }

    /// Opens the store at `path` under the tenant key `key`; `creating` makes a new one (tenant
    /// creation only — a missing store is `store_missing`, never recreated empty).
    init(tenant: String, path: String, key: SecureBytes, creating: Bool = false, vfs: String = VaultVFS.name) throws {
        self.tenant = tenant
        self.path = path
        connection = try StoreOpener.openEncrypted(path: path, key: key, label: "tenant '\(tenant)'", creating: creating, vfs: vfs)
        readers = ReaderConnections(limit: Self.readerLimit) {
            do {
                return try StoreOpener.openEncrypted(path: path, key: key, label: "tenant '\(tenant)'", vfs: vfs)
            } catch let error as RAGVaultError where error.code == .storeMissing {
                // The file this store was opened on is gone — re-keyed into a new file, or the
                // tenant deleted — while the writer still holds it open: the same answer a read
                // of its retirement mark gives, so callers reopen the tenant from the catalog.
                throw RAGVaultError(.storeRetired, "tenant '\(tenant)' was re-keyed or deleted while its store was open here")
            }
        }
        try TenantSchema.migrations.apply(to: connection)
        indexKeys = IndexKeys(
            secret: try Self.metaSecret("index_key", db: connection, tenant: tenant),
            pseudonymKey: try Self.metaSecret("pseudonym_key", db: connection, tenant: tenant))
        try Self.completeIndexUpgrade(connection, keys: indexKeys)
        let contextual = try Self.contextualTypes(connection)
        contextualState.withLock { $0 = contextual }
        droppedWALFrames = Int(connection.vaultFailure()?.wal_frames_dropped ?? 0)
    }

    /// WAL frames that failed authentication during recovery at open and were discarded
    /// (the log ends there, as for a bad checksum). Non-zero means a torn final write after
    /// a crash or a tampered WAL; `ragvault doctor` reports it.
    public private(set) var droppedWALFrames = 0

    /// Opens a plain (unencrypted) store: for benchmarks and differential tests only.
    package init(plainAt path: String, tenant: String) throws {
        self.tenant = tenant
        self.path = path
        connection = try StoreOpener.openPlain(path: path, label: "plain '\(tenant)'")
        readers = ReaderConnections(limit: Self.readerLimit) { try StoreOpener.openPlain(path: path, label: "plain '\(tenant)'") }
        try TenantSchema.migrations.apply(to: connection)
        indexKeys = IndexKeys(
            secret: try Self.metaSecret("index_key", db: connection, tenant: tenant),
            pseudonymKey: try Self.metaSecret("pseudonym_key", db: connection, tenant: tenant))
        try Self.completeIndexUpgrade(connection, keys: indexKeys)
    }

    /// For benchmarks and tests: the store at `path`, created when no file is there. Product
    /// code never guesses: tenant creation creates, everything else requires the file.
    package static func openOrCreate(tenant: String, path: String, key: SecureBytes, vfs: String = VaultVFS.name) throws -> TenantStore {
        try TenantStore(tenant: tenant, path: path, key: key, creating: !FileManager.default.fileExists(atPath: path), vfs: vfs)
    }

    /// Keys for keyed PII tokens and opaque chunk ids (`IndexKeys`).
    let indexKeys: IndexKeys

    /// Runs `body` with exclusive use of the connection.
    package func withConnection<T>(_ body: (Connection) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else {
            throw RAGVaultError(.storeIO, "tenant '\(tenant)' store was closed (evicted or rotated); open it again")
        }
        return try body(connection)
    }

    /// Inserts or atomically replaces a document with all its chunks and index rows.
    public func putDocument(_ document: DocumentRecord) throws {
        try putDocuments([document])
    }

    /// Inserts or replaces several documents in one transaction (bulk loads).
    public func putDocuments(_ documents: [DocumentRecord]) throws {
        try withConnection { db in
            try writeTransaction(db) {
                let contextual = try Self.contextualTypes(db)
                for document in documents { try Self.replace(document, keys: indexKeys, contextual: contextual, in: db) }
                try Self.bumpGeneration(db)
            }
        }
    }

    /// Raw FTS5 bm25 top-k chunk ids for a trusted FTS5 expression. Internal: benchmarks and
    /// storage tests only — user text must go through the query compiler and the Retriever.
    package func bm25TopK(_ expression: String, limit: Int) throws -> [Int64] {
        try withConnection { db in
            var ids: [Int64] = []
            try db.forEachRow(
                """
                SELECT rowid, bm25(chunks_fts), body FROM chunks_fts WHERE chunks_fts MATCH ?
                ORDER BY bm25(chunks_fts), rowid LIMIT ?
                """, [.text(expression), .integer(Int64(limit))]
            ) { row in
                ids.append(row.value(at: 0).int ?? 0)
                _ = row.value(at: 2)
            }
            return ids
        }
    }

    /// What re-indexing needs to know about a stored document.
    public struct DocumentState: Equatable, Sendable {
        public var contentHash: String
        public var acl: AccessList
        public var version: Int
    }

    public func documentState(externalID: String) throws -> DocumentState? {
        try withConnection { db in
            guard
                let row = try db.query(
                    "SELECT content_hash, acl_json, version FROM documents WHERE external_id = ?",
                    [.text(externalID)]
                ).first
            else { return nil }
            let acl = try JSONDecoder().decode(AccessList.self, from: Data((row[1].string ?? "{}").utf8))
            return DocumentState(contentHash: row[0].string ?? "", acl: acl, version: Int(row[2].int ?? 1))
        }
    }

    /// Changes a document's access list in place (document row and every index row) in one
    /// transaction, without re-chunking.
    public func updateACL(externalID: String, acl: AccessList) throws {
        let json = String(decoding: try JSONEncoder().encode(acl), as: UTF8.self)
        try withConnection { db in
            try writeTransaction(db) {
                guard let id = try db.scalar("SELECT id FROM documents WHERE external_id = ?", [.text(externalID)]).int else {
                    throw RAGVaultError(.invalidInput, "document '\(externalID)' does not exist in tenant '\(tenant)'")
                }
                try Self.unindex(documentID: id, in: db)
                try db.run(
                    "UPDATE documents SET acl_json = ?, allow_tokens = ?, deny_tokens = ?, updated_at = ? WHERE id = ?",
                    [.text(json), .text(acl.allowTokens), .text(acl.denyTokens), .text(Date().ISO8601Format()), .integer(id)])
                try Self.index(documentID: id, in: db)
                try Self.bumpGeneration(db)
            }
        }
    }

    /// Deletes every document whose external id is not in `keep`; returns how many.
    public func deleteDocuments(notIn keep: Set<String>) throws -> Int {
        let doomed = try documentIDs().filter { !keep.contains($0) }
        for id in doomed { try deleteDocument(externalID: id) }
        return doomed.count
    }

    /// A stored document without its text, for listings.
    public struct DocumentSummary: Encodable, Sendable {
        public var id: String
        public var title: String
        public var source: String?
        public var version: Int
        public var acl: AccessList
        public var chunks: Int
        public var flags: [String]
        public var updatedAt: String
    }

    /// Documents (optionally one), sorted by id, with ACLs, chunk counts and flags.
    public func documentSummaries(externalID: String? = nil) throws -> [DocumentSummary] {
        try withConnection { db in
            let filter = externalID == nil ? "" : "WHERE d.external_id = ?"
            let rows = try db.query(
                """
                SELECT d.external_id, d.title, d.source, d.version, d.acl_json, d.updated_at,
                       (SELECT count(*) FROM chunks c WHERE c.document_id = d.id),
                       (SELECT group_concat(DISTINCT f.value) FROM chunks c, json_each(c.flags) f WHERE c.document_id = d.id)
                FROM documents d \(filter) ORDER BY d.external_id
                """, externalID.map { [.text($0)] } ?? [])
            return try rows.map { row in
                DocumentSummary(
                    id: row[0].string ?? "", title: row[1].string ?? "", source: row[2].string,
                    version: Int(row[3].int ?? 1),
                    acl: try JSONDecoder().decode(AccessList.self, from: Data((row[4].string ?? "{}").utf8)),
                    chunks: Int(row[6].int ?? 0),
                    flags: (row[7].string ?? "").split(separator: ",").map(String.init).sorted(),
                    updatedAt: row[5].string ?? "")
            }
        }
    }

    /// Deletes a document and its chunks; returns false when it did not exist.
    @discardableResult
    public func deleteDocument(externalID: String) throws -> Bool {
        try withConnection { db in
            try writeTransaction(db) {
                let removed = try Self.removeDocument(externalID: externalID, in: db)
                if removed { try Self.bumpGeneration(db) }
                return removed
            }
        }
    }

    /// Number of documents in the store.
    public func documentCount() throws -> Int {
        try withConnection { Int(try $0.scalar("SELECT count(*) FROM documents").int ?? 0) }
    }

    /// Number of chunks in the store.
    public func chunkCount() throws -> Int {
        try withConnection { Int(try $0.scalar("SELECT count(*) FROM chunks").int ?? 0) }
    }

    /// Increases on every change; caches key on it.
    public func generation() throws -> Int {
        try withConnection { Int(try $0.scalar("SELECT value FROM store_meta WHERE key='generation'").string ?? "0") ?? 0 }
    }

    /// The tenant's pseudonym key (see TenantSchema migration 2).
    public func pseudonymKey() throws -> [UInt8] {
        // Fixed for the life of the store file (a re-key makes a new store): read at open, so a
        // search never waits for the writer's connection to learn it. (A closed store's
        // searches fail at their read connection.)
        indexKeys.pseudonymKey
    }

    /// A 32-byte secret kept hex-encoded in store_meta.
    private static func metaSecret(_ name: String, db: Connection, tenant: String) throws -> [UInt8] {
        let hex = try db.scalar("SELECT value FROM store_meta WHERE key = ?", [.text(name)]).string ?? ""
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex),
            let byte = UInt8(hex[index..<next], radix: 16)
        {
            bytes.append(byte)
            index = next
        }
        guard bytes.count == 32 else { throw RAGVaultError(.storeConfiguration, "tenant '\(tenant)' store has no \(name)") }
        return bytes
    }

    /// External ids of all documents, sorted.
    public func documentIDs() throws -> [String] {
        try withConnection { try $0.query("SELECT external_id FROM documents ORDER BY external_id").compactMap { $0[0].string } }
    }

    /// SQLite's and FTS5's own consistency checks; returns the problems found (empty: healthy).
    public func integrityProblems() throws -> [String] {
        try withConnection { db in
            var problems = try db.query("PRAGMA integrity_check").compactMap { $0[0].string }.filter { $0 != "ok" }
            do {
                try db.run("INSERT INTO chunks_fts(chunks_fts) VALUES ('integrity-check')")
            } catch let error as RAGVaultError where error.code == .internalError {
                problems.append("full-text index: \(error.message)")
            }
            return problems
        }
    }

    /// Merges FTS5 index segments (run after large ingests).
    public func optimize() throws {
        try withConnection { try $0.run("INSERT INTO chunks_fts(chunks_fts) VALUES ('optimize')") }
    }

    /// Rebuilds the file compactly; temp data stays in memory (temp_store=MEMORY).
    public func vacuum() throws {
        try withConnection { try $0.execute("VACUUM") }
    }

    /// Copies the WAL into the main file and truncates the WAL.
    public func checkpoint() throws {
        try withConnection { _ = try $0.query("PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    /// Closes the connection; the store must not be used afterwards.
    public func close() {
        lock.lock()
        defer { lock.unlock() }
        closed = true
        readers.close()
        connection.close()
    }

    /// Runs `body` on a read connection of its own (searches): never the writer's, never
    /// shared with another thread meanwhile.
    func withReader<T>(_ body: (Connection) throws -> T) throws -> T {
        try readers.with(closedError: RAGVaultError(.storeIO, "tenant '\(tenant)' store was closed (evicted or rotated); open it again"), body)
    }

    #if DEBUG
        /// SQLite VM steps run on every connection of this store so far (tests compare work).
        package var vmSteps: Int {
            (try? withConnection { $0.vmSteps + readers.vmSteps }) ?? 0
        }
    #endif

    /// Runs `body` in one write transaction; every write inside it (each its own savepoint,
    /// so one failing document leaves the others) commits together. Bulk indexing uses it to
    /// commit many whole documents at once: a crash still leaves each document wholly old or
    /// wholly new. Other threads wait for the batch; keep it short.
    public func batch<T>(_ body: () throws -> T) throws -> T {
        try withConnection { db in
            try writeTransaction(db) { try body() }
        }
    }

    // MARK: - retirement (key rotation)

    /// Whether a key rotation has copied this store into a new file and retired it.
    static func isRetired(_ db: Connection) throws -> Bool {
        try db.scalar("SELECT 1 FROM store_meta WHERE key = 'retired'").int != nil
    }

    /// The retirement mark of a store whose tenant was deleted (rotation writes a time).
    static let deletedMark = "deleted"

    /// The store generation (caches key on it), or nil once the store is retired — one read
    /// for the search path, which needs both.
    static func liveGeneration(_ db: Connection) throws -> Int? {
        // One row of two integers (read on every search: no strings made).
        let sql = """
            SELECT EXISTS (SELECT 1 FROM store_meta WHERE key = 'retired'),
                   coalesce((SELECT CAST(value AS INTEGER) FROM store_meta WHERE key = 'generation'), 0)
            """
        var generation: Int?
        try db.forEachRow(sql) { row in generation = row.value(at: 0).int == 1 ? nil : Int(row.value(at: 1).int ?? 0) }
        return generation
    }

    private func retiredError(_ db: Connection) -> RAGVaultError {
        if (try? db.scalar("SELECT value FROM store_meta WHERE key = 'retired'").string) == Self.deletedMark {
            return RAGVaultError(.tenantNotFound, "tenant '\(tenant)' was deleted while its store was open here; nothing more was written")
        }
        return RAGVaultError(
            .storeRetired, "tenant '\(tenant)' was re-keyed while its store was open here; this write was not made — open the tenant again and retry")
    }

    /// Every change goes through here: the write lock is taken first (BEGIN IMMEDIATE), then
    /// the retirement mark is read, so no write can land in a store a rotation has copied.
    /// Inside a batch the outer transaction already holds the lock and has read the mark.
    func writeTransaction<T>(_ db: Connection, _ body: () throws -> T) throws -> T {
        let checked = db.isInTransaction
        return try db.transaction {
            if !checked, try Self.isRetired(db) { throw retiredError(db) }
            return try body()
        }
    }

    /// For key rotation: holds this store's write lock while `copyAndSwitch` copies it (through
    /// another connection — SQLite's backup cannot read from a connection that is writing) and
    /// switches the catalog, then marks the store retired in the same transaction. A writer in
    /// any process either committed before the lock (and is in the copy) or finds the mark.
    /// Tenant deletion uses it too (`mark: deletedMark`): writers waiting on the lock then fail
    /// with `tenant_not_found` instead of writing into a file that is about to be removed.
    func retire(mark: String = Date().ISO8601Format(), while copyAndSwitch: () throws -> Void) throws {
        try withConnection { db in
            try db.transaction {
                if try Self.isRetired(db) { throw retiredError(db) }
                try copyAndSwitch()
                try db.run("INSERT OR REPLACE INTO store_meta(key, value) VALUES ('retired', ?)", [.text(mark)])
            }
        }
    }

    // MARK: - transaction parts

    @discardableResult
    private static func removeDocument(externalID: String, in db: Connection) throws -> Bool {
        guard let id = try db.scalar("SELECT id FROM documents WHERE external_id = ?", [.text(externalID)]).int else {
            return false
        }
        try unindex(documentID: id, in: db)
        try db.run("DELETE FROM chunk_vectors WHERE chunk_id IN (SELECT id FROM chunks WHERE document_id = ?)", [.integer(id)])
        try db.run("DELETE FROM chunks WHERE document_id = ?", [.integer(id)])
        try db.run("DELETE FROM pii_values WHERE document_id = ?", [.integer(id)])
        try db.run("DELETE FROM documents WHERE id = ?", [.integer(id)])
        return true
    }

    /// Replaces (or adds) one document inside the caller's transaction: the version counts up
    /// and the creation time survives the replacement.
    private static func replace(_ document: DocumentRecord, keys: IndexKeys, contextual: Set<EntityType>, in db: Connection) throws {
        let previous = try db.query(
            "SELECT version, created_at FROM documents WHERE external_id = ?",
            [.text(document.externalID)]
        ).first
        try removeDocument(externalID: document.externalID, in: db)
        try insert(document, version: Int(previous?[0].int ?? 0) + 1, createdAt: previous?[1].string, keys: keys, contextual: contextual, in: db)
    }

    private static func insert(
        _ document: DocumentRecord, version: Int, createdAt: String?, keys: IndexKeys, contextual: Set<EntityType>,
        in db: Connection
    ) throws {
        // Forms made for other opt-in types than the store's (its policy changed since the
        // document was prepared) are made again: the index never holds what it should leave out.
        let redactor = Redactor(contextual: contextual)
        let now = Date().ISO8601Format()
        let acl = String(decoding: try JSONEncoder().encode(document.acl), as: UTF8.self)
        let metadata = String(decoding: try JSONEncoder.sorted.encode(document.metadata), as: UTF8.self)
        let titleForm = document.titleForm?.made(for: contextual) ?? IndexForm.make(document.title, redactor: redactor)
        try db.run(
            """
            INSERT INTO documents(external_id, title, source, content_hash, version, acl_json, metadata_json, created_at, updated_at,
                                  allow_tokens, deny_tokens, index_title)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(document.externalID), .text(document.title), document.source.map(SQLValue.text) ?? .null,
                .text(document.contentHash), .integer(Int64(version)), .text(acl), .text(metadata), .text(createdAt ?? now), .text(now),
                .text(document.acl.allowTokens), .text(document.acl.denyTokens), titleForm.text.map(SQLValue.text) ?? .null
            ])
        let documentID = db.lastInsertRowID
        var chunkIDs = ChunkIDs(keys: keys, document: document.externalID)
        var values = titleForm.values
        let vectors = try VectorRows(document, in: db)
        for chunk in document.chunks {
            let heading = chunk.headingPath.joined(separator: " › ")
            let flags = String(decoding: try JSONEncoder().encode(chunk.flags), as: UTF8.self)
            let headingForm = chunk.headingForm?.made(for: contextual) ?? IndexForm.heading(chunk.headingPath, redactor: redactor)
            let textForm = chunk.textForm?.made(for: contextual) ?? IndexForm.make(chunk.text, redactor: redactor)
            try db.run(
                """
                INSERT INTO chunks(document_id, ordinal, heading_path, start_offset, end_offset, text, flags,
                                   index_heading, index_body, pii_tokens, public_id, body_detections)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .integer(documentID), .integer(Int64(chunk.ordinal)), .text(heading),
                    .integer(Int64(chunk.startOffset)), .integer(Int64(chunk.endOffset)), .text(chunk.text), .text(flags),
                    headingForm.text.map(SQLValue.text) ?? .null, textForm.text.map(SQLValue.text) ?? .null,
                    .text(keys.piiTokens([titleForm, headingForm, textForm])),
                    .text(chunkIDs.next(heading: heading, text: chunk.text)),
                    textForm.storedDetections(for: chunk.text).map(SQLValue.text) ?? .null
                ])
            try vectors.insert(chunk.vector ?? document.vector, chunk: db.lastInsertRowID, in: db)
            values += headingForm.values + textForm.values
        }
        try storeTokenValues(values, documentID: documentID, key: keys.pseudonymKey, in: db)
        try index(documentID: documentID, in: db)
    }

    /// Keeps each PII value of a document by its reversible token (`Redactor.token`), for
    /// `tokenValue`; the first spelling of a value wins.
    static func storeTokenValues(_ values: [DetectedPII], documentID: Int64, key: [UInt8], in db: Connection) throws {
        guard !values.isEmpty else { return }
        for value in values where !value.type.isSecret {
            try db.run(
                "INSERT OR IGNORE INTO pii_values(token, document_id, type, value) VALUES (?, ?, ?, ?)",
                [
                    .text(Redactor.token(value.bytes, type: value.type, key: key)), .integer(documentID), .text(value.type.rawValue),
                    .text(String(decoding: value.bytes, as: UTF8.self))
                ])
        }
    }

    /// The value a reversible token of `type` stands for, if a document holding it exists that
    /// `readable` admits (by its access list).
    func tokenValue(_ token: String, type: EntityType, readable: (AccessList) -> Bool) throws -> String? {
        try withConnection { db in
            var found: String?
            try db.forEachRow(
                "SELECT p.value, d.acl_json FROM pii_values p JOIN documents d ON d.id = p.document_id WHERE p.token = ? AND p.type = ?",
                [.text(token), .text(type.rawValue)]
            ) { row in
                if found == nil, let acl = StoredJSON.accessList(row.value(at: 1).string ?? ""), readable(acl) { found = row.value(at: 0).string }
            }
            return found
        }
    }

    /// Adds a document's chunks to the index from the content view (external content).
    private static func index(documentID: Int64, in db: Connection) throws {
        try db.run(
            """
            INSERT INTO chunks_fts(rowid, title, heading, body, allow, deny, pii)
            SELECT id, title, heading, body, allow, deny, pii FROM chunk_content
            WHERE id IN (SELECT id FROM chunks WHERE document_id = ?)
            """, [.integer(documentID)])
    }

    /// Removes a document's chunks from the index. With external content FTS5 needs the exact
    /// values it indexed, so this runs before the rows change.
    private static func unindex(documentID: Int64, in db: Connection) throws {
        try db.run(
            """
            INSERT INTO chunks_fts(chunks_fts, rowid, title, heading, body, allow, deny, pii)
            SELECT 'delete', id, title, heading, body, allow, deny, pii FROM chunk_content
            WHERE id IN (SELECT id FROM chunks WHERE document_id = ?)
            """, [.integer(documentID)])
    }

    /// Fills what schema 5 added for stores written before it (index forms, PII tokens, public
    /// chunk ids, normalised ACL tokens) and rebuilds the index, all in one transaction. A
    /// crash leaves the mark, and the next open does it again.
    private static func completeIndexUpgrade(_ db: Connection, keys: IndexKeys) throws {
        let mark = "SELECT 1 FROM store_meta WHERE key = 'index_upgrade'"
        guard try db.scalar(mark).int != nil else { return }
        try db.transaction {
            guard try db.scalar(mark).int != nil else { return } // another process finished it
            let documents = try db.query("SELECT id, external_id, title, acl_json FROM documents ORDER BY id")
            for document in documents {
                let id = document[0].int ?? 0
                let acl = try JSONDecoder().decode(AccessList.self, from: Data((document[3].string ?? "{}").utf8))
                let titleForm = IndexForm.make(document[2].string ?? "")
                try db.run(
                    "UPDATE documents SET acl_json = ?, allow_tokens = ?, deny_tokens = ?, index_title = ? WHERE id = ?",
                    [
                        .text(String(decoding: try JSONEncoder().encode(acl), as: UTF8.self)), .text(acl.allowTokens),
                        .text(acl.denyTokens), titleForm.text.map(SQLValue.text) ?? .null, .integer(id)
                    ])
                var chunkIDs = ChunkIDs(keys: keys, document: document[1].string ?? "")
                for chunk in try db.query("SELECT id, heading_path, text FROM chunks WHERE document_id = ? ORDER BY ordinal", [.integer(id)]) {
                    let heading = chunk[1].string ?? "", text = chunk[2].string ?? ""
                    let headingForm = IndexForm.heading(heading.isEmpty ? [] : heading.components(separatedBy: " › "))
                    let textForm = IndexForm.make(text)
                    try db.run(
                        "UPDATE chunks SET index_heading = ?, index_body = ?, pii_tokens = ?, public_id = ? WHERE id = ?",
                        [
                            headingForm.text.map(SQLValue.text) ?? .null, textForm.text.map(SQLValue.text) ?? .null,
                            .text(keys.piiTokens([titleForm, headingForm, textForm])),
                            .text(chunkIDs.next(heading: heading, text: text)), .integer(chunk[0].int ?? 0)
                        ])
                }
            }
            try db.run("INSERT INTO chunks_fts(chunks_fts) VALUES ('rebuild')")
            try db.run("DELETE FROM store_meta WHERE key = 'index_upgrade'")
            if !documents.isEmpty { try bumpGeneration(db) } // ACL tokens changed: drop cached scopes
        }
    }

    static func bumpGeneration(_ db: Connection) throws {
        try db.run("UPDATE store_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")
    }
}
