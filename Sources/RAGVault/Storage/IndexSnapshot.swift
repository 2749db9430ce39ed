/// The tenant index as one read transaction sees it: every query of one search runs in the
/// same snapshot, so statistics, ranking and the permitted rows agree.
struct IndexSnapshot {
    let db: Connection
    /// `TenantStore.instance` of the store read: what caches of its contents key on.
    let store: UInt64

    /// The store's generation, or nil when the store was retired (re-keyed or deleted).
    func liveGeneration() throws -> Int? { try TenantStore.liveGeneration(db) }

    /// The highest chunk rowid (0 when empty).
    func maxChunkID() throws -> Int { Int(try db.scalar("SELECT coalesce(max(id), 0) FROM chunks").int ?? 0) }

    /// Calls `body` with the rowid and token count of every row `expression` matches, each
    /// length from `map` (this generation's) where it knows the row, else from FTS5.
    func forEachMatch(_ expression: MatchExpression, lengths map: DocumentMap, _ body: (_ rowid: Int, _ length: Int) -> Void) throws {
        var rowids: [Int] = []
        try db.forEachRow("SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ?", [.text(expression.fts)]) {
            rowids.append(Int($0.value(at: 0).int ?? -1))
        }
        let lengths = map.lengths
        guard rowids.allSatisfy({ lengths.indices.contains($0) && lengths[$0] >= 0 }) else {
            // FTS5 auxiliary functions cannot sit inside an aggregate: row by row.
            return try db.forEachRow(
                "SELECT rowid, vault_doclen(chunks_fts) AS length FROM chunks_fts WHERE chunks_fts MATCH ?", [.text(expression.fts)]
            ) { body(Int($0.value(at: 0).int ?? -1), Int($0.value(at: 1).int ?? 0)) }
        }
        for rowid in rowids { body(rowid, Int(lengths[rowid])) }
    }

    /// Each chunk rowid's document (the documents table's rowid), -1 where no chunk is, read
    /// from the (document_id, ordinal) index, which holds both and no text; and each row's
    /// length in the scored columns, read from FTS5's own docsize table.
    func documentMap() throws -> DocumentMap {
        let count = try maxChunkID() + 1
        var documents = [CInt](repeating: -1, count: count)
        try db.forEachRow("SELECT id, document_id FROM chunks INDEXED BY sqlite_autoindex_chunks_1") { row in
            let id = Int(row.value(at: 0).int ?? -1)
            if documents.indices.contains(id) { documents[id] = CInt(truncatingIfNeeded: row.value(at: 1).int ?? -1) }
        }
        var lengths = [CInt](repeating: -1, count: count)
        try db.forEachRow("SELECT id, sz FROM chunks_fts_docsize") { row in
            let id = Int(row.value(at: 0).int ?? -1)
            guard lengths.indices.contains(id) else { return }
            lengths[id] = row.withBytes(at: 1) { FTS5Docsize.scoredLength($0) }
        }
        return DocumentMap(documents: documents, lengths: lengths)
    }

    /// Runs `body` with only the rows set in `bits` (bit i: rowid i) visible to `count`,
    /// `countDocuments` and `rank`, `map` telling which document each row is part of and how
    /// long it is.
    func withPermittedRows<T>(_ bits: [UInt8], documents map: DocumentMap, _ body: () throws -> T) rethrows -> T {
        try db.withPermittedRows(bits, documents: map.documents, lengths: map.lengths, body)
    }

    /// Permitted rows `expression` matches.
    func count(_ expression: MatchExpression) throws -> Int {
        Int(try db.scalar("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ? AND vault_permitted(rowid)", [.text(expression.fts)]).int ?? 0)
    }

    /// Distinct documents among the permitted rows `expression` matches.
    func countDocuments(_ expression: MatchExpression) throws -> Int {
        let sql = "SELECT vault_documents(rowid) FROM chunks_fts WHERE chunks_fts MATCH ? AND vault_permitted(rowid)"
        return Int(try db.scalar(sql, [.text(expression.fts)]).int ?? 0)
    }

    /// BM25 over a scope's statistics rather than the whole table's.
    struct BM25 {
        var rows: Int
        var averageLength: Double
        /// Column weights: title, heading, body (a `pii` match counts as body).
        var title: Double, heading: Double, body: Double
        /// Per phrase, in FTS5 phrase order: its document frequency in the scope; -1 unscored.
        var frequencies: [Int]
    }

    /// The best `limit` permitted rows `expression` matches that pass `filter`, by score, ties by rowid.
    func rank(_ expression: MatchExpression, bm25: BM25, filter: ChunkFilter, limit: Int) throws -> [(rowid: Int64, score: Double)] {
        let (filterSQL, filterValues) = try filter.sql()
        let placeholders = bm25.frequencies.map { _ in ", ?" }.joined()
        let sql = """
            SELECT rowid, vault_bm25(chunks_fts, ?, ?, ?, ?, ?\(placeholders)) AS score
            FROM chunks_fts WHERE chunks_fts MATCH ? AND vault_permitted(rowid)\(filterSQL)
            """
        let values: [SQLValue] =
            [.integer(Int64(bm25.rows)), .real(bm25.averageLength), .real(bm25.title), .real(bm25.heading), .real(bm25.body)]
            + bm25.frequencies.map { .integer(Int64($0)) } + [.text(expression.fts)] + filterValues
        var best = TopScores<Double>(limit: limit)
        try db.forEachRow(sql, values) { best.offer(rowid: $0.value(at: 0).int ?? 0, score: $0.value(at: 1).double ?? 0) }
        return best.rows
    }
}

extension IndexSnapshot {
    /// The chunk rowids a caller's filter admits (the vector leg intersects them with the
    /// permitted rows; the text leg puts the same selection into its query).
    func chunkIDs(_ filter: ChunkFilter) throws -> Set<Int64> {
        let (select, values) = try filter.chunkSelection()
        var ids = Set<Int64>()
        try db.forEachRow(select, values) { ids.insert($0.value(at: 0).int ?? 0) }
        return ids
    }
}

extension TenantStore {
    /// Runs `body` in one read transaction of the index.
    func readSnapshot<T>(_ body: (IndexSnapshot) throws -> T) throws -> T {
        try withReader { db in try db.readTransaction { try body(IndexSnapshot(db: db, store: instance)) } }
    }
}

/// Which document each chunk row belongs to, for one store generation: BM25 counts documents,
/// not the chunks they were cut into.
final class DocumentMap: Sendable {
    /// Entry i: chunk rowid i's document number, or -1.
    let documents: [CInt]
    /// Entry i: chunk rowid i's tokens in the scored columns (what `vault_doclen` counts), or
    /// -1: `vault_bm25` reads them here rather than search FTS5's docsize table for every
    /// row it scores — most of a broad search's time on a large tenant.
    let lengths: [CInt]

    init(documents: [CInt], lengths: [CInt] = []) {
        self.documents = documents
        self.lengths = lengths
    }

    func document(of rowid: Int64) -> CInt {
        documents.indices.contains(Int(rowid)) ? documents[Int(rowid)] : -1
    }
}
