import Foundation

/// A caller's restriction of a search to some chunks, as typed conditions; the store turns it
/// into SQL. It can only remove rows, never add any.
struct ChunkFilter {
    enum Condition {
        /// Chunks of these documents whose ACL admits one of `principals` and denies none.
        case documents(ids: [String], readableBy: [String])
        /// Chunks of documents whose metadata holds this key with this (normalised) value.
        case metadata(key: String, value: String)
        /// Chunks of documents updated at or after this ISO-8601 time.
        case updatedAfter(String)
        /// No chunk at all.
        case nothing
    }

    var conditions: [Condition] = []

    var isEmpty: Bool { conditions.isEmpty }

    /// ` AND rowid IN (…)` for a query over `chunks_fts`, with its values; empty without conditions.
    func sql() throws -> (String, [SQLValue]) {
        guard !conditions.isEmpty else { return ("", []) }
        let (select, values) = try chunkSelection()
        return (" AND rowid IN (\(select))", values)
    }

    /// `SELECT c.id …` of the chunks the conditions admit, with its values.
    func chunkSelection() throws -> (String, [SQLValue]) {
        var clauses: [String] = []
        var values: [SQLValue] = []
        let json = { (values: [String]) in String(decoding: try JSONEncoder().encode(values), as: UTF8.self) }
        for condition in conditions {
            switch condition {
            case .documents(let ids, let principals):
                // Named documents the caller may not read are dropped by their one ACL before
                // any of their chunks is looked at: a hidden document of many chunks would
                // otherwise cost the walk of each one, and the time taken would tell that it
                // exists. (The MATCH still enforces the ACL row by row.)
                clauses.append(
                    """
                    d.external_id IN (SELECT value FROM json_each(?)) \
                    AND EXISTS (SELECT 1 FROM json_each(d.acl_json, '$.allow') a WHERE a.value IN (SELECT value FROM json_each(?))) \
                    AND NOT EXISTS (SELECT 1 FROM json_each(d.acl_json, '$.deny') x WHERE x.value IN (SELECT value FROM json_each(?)))
                    """)
                values += [.text(try json(ids)), .text(try json(principals)), .text(try json(principals))]
            case .metadata(let key, let value):
                // By key equality rather than a JSON path: a path has its own syntax, which a
                // key with a quote or NUL would break.
                clauses.append("EXISTS (SELECT 1 FROM json_each(d.metadata_json) m WHERE m.key = ? AND m.value = ?)")
                values += [.text(key), .text(value)]
            case .updatedAfter(let time):
                clauses.append("d.updated_at >= ?")
                values.append(.text(time))
            case .nothing:
                clauses.append("0")
            }
        }
        let conditions = clauses.isEmpty ? "1" : clauses.joined(separator: " AND ")
        return ("SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id WHERE " + conditions, values)
    }
}
