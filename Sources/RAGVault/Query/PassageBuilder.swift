import Foundation

/// Turns ranked hits into `Passage`s: loads chunk rows, redacts every text field under the
/// tenant's policy and the caller's exemptions, then cuts snippets and maps highlights in the
/// redacted text. This is the only place a `Passage` is made.
struct PassageBuilder {
    let redactor: Redactor
    let policy: RedactionPolicy
    let principal: Principal
    /// Time spent redacting, reported with the result.
    let redactionClock = Stopwatch()

    private var roles: Set<String> { principal.exemptionNames }

    private func redact(_ s: String) -> Redactor.Output {
        redactionClock.measure { redactor.redact(s, policy: policy, roles: roles) }
    }

    private struct Row {
        let chunkID: Int64
        let publicID: String
        let documentID: Int64
        let ordinal: Int
        let text: String
        let heading: String
        let start: Int
        let end: Int
        let flags: [String]
        let externalID: String
        let title: String
        let acl: AccessList
    }

    func passages(
        for hits: [Retriever.Hit], compiled: QueryCompiler.Compiled, request: SearchRequest,
        store: TenantStore
    ) throws -> [Passage] {
        guard !hits.isEmpty else { return [] }
        let ids = hits.map(\.chunkID)
        let rows = try load(ids, store: store)
        // Defence in depth: each ranked row's own document ACL is checked again here.
        for row in rows.values where !principal.mayRead(row.acl) {
            throw RAGVaultError(.internalError, "a ranked passage failed the access re-check; nothing was returned")
        }
        let matches = try matchOffsets(ids, rows: rows, compiled: compiled, store: store)
        // Titles and headings repeat across the chunks of one document: redact each once.
        var memo: [String: Redactor.Output] = [:]
        return try hits.compactMap { hit -> Passage? in
            guard let row = rows[hit.chunkID] else { return nil }
            var counts: [String: Int] = [:]
            func clean(_ s: String) -> Redactor.Output {
                let out: Redactor.Output
                if let known = memo[s] { out = known } else { out = redact(s); memo[s] = out }
                for (k, v) in out.summary { counts[k, default: 0] += v }
                return out
            }
            let text = clean(row.text)
            let title = clean(row.title).text
            let heading = row.heading.isEmpty ? [] : row.heading.components(separatedBy: " › ").map { clean($0).text }
            let highlights = SnippetBuilder.highlights(byteRanges: matches[hit.chunkID] ?? [], original: row.text, spans: text.spans)
            let snippet = SnippetBuilder.snippet(text.text, highlights: highlights, spans: text.spans, length: request.snippetLength)
            let context = request.context > 0 ? try neighbours(of: row, count: request.context, store: store) : nil
            return Passage(
                documentID: row.externalID, chunkID: row.publicID, title: title, headingPath: heading, text: text.text,
                snippet: snippet, highlights: highlights, score: (hit.score * 1e6).rounded() / 1e6,
                offsets: [row.start, row.end], flags: row.flags, redactions: counts, context: context)
        }
    }

    private func load(_ ids: [Int64], store: TenantStore) throws -> [Int64: Row] {
        // Bound placeholders (k ≤ 50): `IN (SELECT value FROM json_each(?))` let the planner
        // scan the whole chunks table and probe the list for every row.
        let placeholders = ids.map { _ in "?" }.joined(separator: ", ")
        return try store.withConnection { db in
            var rows: [Int64: Row] = [:]
            try db.forEachRow(
                """
                SELECT c.id, c.document_id, c.ordinal, c.text, c.heading_path, c.start_offset, c.end_offset, c.flags,
                       d.external_id, d.title, d.acl_json, c.public_id
                FROM chunks c JOIN documents d ON d.id = c.document_id
                WHERE c.id IN (\(placeholders))
                """, ids.map { .integer($0) }
            ) { s in
                let flags = StoredJSON.stringArray(s.value(at: 7).string ?? "[]")
                let id = s.value(at: 0).int ?? 0
                rows[id] = Row(
                    chunkID: id, publicID: s.value(at: 11).string ?? "", documentID: s.value(at: 1).int ?? 0, ordinal: Int(s.value(at: 2).int ?? 0),
                    text: s.value(at: 3).string ?? "", heading: s.value(at: 4).string ?? "",
                    start: Int(s.value(at: 5).int ?? 0), end: Int(s.value(at: 6).int ?? 0), flags: flags,
                    externalID: s.value(at: 8).string ?? "", title: s.value(at: 9).string ?? "",
                    acl: StoredJSON.accessList(s.value(at: 10).string ?? "") ?? AccessList(allow: []))
            }
            return rows
        }
    }

    /// Byte ranges of matched tokens in each hit's body, found with the index's tokenizer.
    private func matchOffsets(
        _ ids: [Int64], rows: [Int64: Row], compiled: QueryCompiler.Compiled,
        store: TenantStore
    ) throws -> [Int64: [(Int, Int)]] {
        try store.withConnection { db in
            let highlighter = Highlighter(compiled, db: db)
            var result: [Int64: [(Int, Int)]] = [:]
            for id in ids { if let row = rows[id] { result[id] = highlighter.byteRanges(in: row.text, db: db) } }
            return result
        }
    }

    /// Neighbouring chunks of the same document, each one checked against its own document's
    /// access list before it is returned.
    private func neighbours(of row: Row, count: Int, store: TenantStore) throws -> [Passage.ContextChunk] {
        try store.withConnection { db in
            try db.query(
                """
                SELECT c.public_id, c.text, c.start_offset, c.end_offset, d.acl_json FROM chunks c JOIN documents d ON d.id = c.document_id
                WHERE c.document_id = ? AND c.ordinal BETWEEN ? AND ? AND c.id != ? ORDER BY c.ordinal
                """,
                [
                    .integer(row.documentID), .integer(Int64(row.ordinal - count)), .integer(Int64(row.ordinal + count)),
                    .integer(row.chunkID)
                ]
            ).compactMap { c in
                guard let id = c[0].string,
                    let acl = StoredJSON.accessList(c[4].string ?? ""),
                    principal.mayRead(acl)
                else { return nil }
                return Passage.ContextChunk(
                    chunkID: id, text: redact(c[1].string ?? "").text,
                    offsets: [Int(c[2].int ?? 0), Int(c[3].int ?? 0)])
            }
        }
    }
}
