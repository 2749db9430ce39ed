/// A chunk as stored, with the fields of its document a passage needs. Raw: nothing here is
/// redacted or access-checked — the query layer does both before anything leaves.
struct ChunkRow {
    let id: Int64
    let publicID: String
    let documentID: Int64
    let ordinal: Int
    let text: String
    /// Heading path joined with " › " as stored; empty for none.
    let heading: String
    let start: Int
    let end: Int
    let flags: [String]
    let externalID: String
    let title: String
    /// The document's ACL; nil when the stored JSON does not parse (then nobody may read it).
    let acl: AccessList?
    /// The body's detections as stored at ingest (`StoredDetections`), or nil.
    let bodyDetections: String?

    static let columns = """
        c.id AS id, c.public_id AS public_id, c.document_id AS document_id, c.ordinal AS ordinal, c.text AS text,
        c.heading_path AS heading, c.start_offset AS start, c.end_offset AS end, c.flags AS flags,
        d.external_id AS external_id, d.title AS title, d.acl_json AS acl_json, c.body_detections AS body_detections
        """

    /// The columns read, by their `AS` names in `columns`.
    static let names = [
        "id", "public_id", "document_id", "ordinal", "text", "heading", "start", "end", "flags", "external_id", "title", "acl_json",
        "body_detections"
    ]

    /// Reads the current row; `positions`: `s.positions(of: ChunkRow.names)`, found once per query.
    init(_ s: Statement, _ positions: [Int]) {
        func v(_ i: Int) -> SQLValue { s.value(atPosition: positions[i]) }
        id = v(0).int ?? 0
        publicID = v(1).string ?? ""
        documentID = v(2).int ?? 0
        ordinal = Int(v(3).int ?? 0)
        text = v(4).string ?? ""
        heading = v(5).string ?? ""
        start = Int(v(6).int ?? 0)
        end = Int(v(7).int ?? 0)
        flags = StoredJSON.stringArray(v(8).string ?? "[]")
        externalID = v(9).string ?? ""
        title = v(10).string ?? ""
        acl = StoredJSON.accessList(v(11).string ?? "")
        bodyDetections = v(12).string
    }

    init(_ s: Statement) { self.init(s, s.positions(of: Self.names)) }
}

extension IndexSnapshot {
    /// Chunks by internal id (a search's hits), keyed by id, in this snapshot: the text of a
    /// row is the text that was ranked, so (generation, id) names one text exactly.
    func chunkRows(ids: [Int64]) throws -> [Int64: ChunkRow] {
        guard !ids.isEmpty else { return [:] }
        // Bound placeholders (k ≤ 50): `IN (SELECT value FROM json_each(?))` let the planner
        // scan the whole chunks table and probe the list for every row.
        let placeholders = ids.map { _ in "?" }.joined(separator: ", ")
        var rows: [Int64: ChunkRow] = [:]
        rows.reserveCapacity(ids.count)
        var positions: [Int]?
        try db.forEachRow(
            "SELECT \(ChunkRow.columns) FROM chunks c JOIN documents d ON d.id = c.document_id WHERE c.id IN (\(placeholders))",
            ids.map { .integer($0) }
        ) { s in
            if positions == nil { positions = s.positions(of: ChunkRow.names) }
            let row = ChunkRow(s, positions ?? [])
            rows[row.id] = row
        }
        return rows
    }
}

/// A document's row without its chunks' text.
struct DocumentRow {
    struct Chunk {
        let publicID: String
        let heading: String
        let start: Int
        let end: Int
        let flags: [String]
    }
    let id: Int64
    let title: String
    let source: String?
    let version: Int
    let updatedAt: String
    let metadataJSON: String
    let acl: AccessList?
}

extension TenantStore {
    /// The chunk with this public id, if there is one.
    func chunkRow(publicID: String) throws -> ChunkRow? {
        try withConnection { db in
            var found: ChunkRow?
            try db.forEachRow(
                "SELECT \(ChunkRow.columns) FROM chunks c JOIN documents d ON d.id = c.document_id WHERE c.public_id = ?", [.text(publicID)]
            ) { found = ChunkRow($0) }
            return found
        }
    }

    /// The chunks of `row`'s document within `distance` ordinals of it, in order, without it.
    func neighbourRows(of row: ChunkRow, distance: Int) throws -> [ChunkRow] {
        try withConnection { db in
            var rows: [ChunkRow] = []
            try db.forEachRow(
                """
                SELECT \(ChunkRow.columns) FROM chunks c JOIN documents d ON d.id = c.document_id
                WHERE c.document_id = ? AND c.ordinal BETWEEN ? AND ? AND c.id != ? ORDER BY c.ordinal
                """,
                [.integer(row.documentID), .integer(Int64(row.ordinal - distance)), .integer(Int64(row.ordinal + distance)), .integer(row.id)]
            ) { rows.append(ChunkRow($0)) }
            return rows
        }
    }

    /// A document's row by external id (nil: no such document).
    func documentRow(externalID: String) throws -> DocumentRow? {
        try withConnection { db in
            var found: DocumentRow?
            try db.forEachRow(
                "SELECT id, title, source, version, updated_at, metadata_json, acl_json FROM documents WHERE external_id = ?", [.text(externalID)]
            ) { s in
                found = DocumentRow(
                    id: s.value("id").int ?? 0, title: s.value("title").string ?? "", source: s.value("source").string,
                    version: Int(s.value("version").int ?? 1), updatedAt: s.value("updated_at").string ?? "",
                    metadataJSON: s.value("metadata_json").string ?? "{}", acl: StoredJSON.accessList(s.value("acl_json").string ?? ""))
            }
            return found
        }
    }

    /// The chunk list of a document (no text), in order.
    func documentChunks(_ document: DocumentRow) throws -> [DocumentRow.Chunk] {
        try withConnection { db in
            var chunks: [DocumentRow.Chunk] = []
            try db.forEachRow(
                "SELECT public_id, heading_path, start_offset, end_offset, flags FROM chunks WHERE document_id = ? ORDER BY ordinal",
                [.integer(document.id)]
            ) { s in
                chunks.append(
                    .init(
                        publicID: s.value("public_id").string ?? "", heading: s.value("heading_path").string ?? "",
                        start: Int(s.value("start_offset").int ?? 0), end: Int(s.value("end_offset").int ?? 0),
                        flags: StoredJSON.stringArray(s.value("flags").string ?? "[]")))
            }
            return chunks
        }
    }
}
