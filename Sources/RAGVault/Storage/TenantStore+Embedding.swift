import Foundation

/// What `Vault.embedMissingVectors` reads and writes: the chunks of a document that hold no
/// vector of the tenant's current model and dimension, and their new vectors.
extension TenantStore {
    struct ChunksToEmbed {
        let version: Int
        let title: String
        let chunks: [(id: Int64, headingPath: [String], text: String)]
    }

    /// Documents with at least one chunk lacking a current vector, by row id.
    func documentsNeedingVectors(_ config: VectorConfig) throws -> [Int64] {
        try withConnection { db in
            try db.query(
                """
                SELECT DISTINCT c.document_id FROM chunks c LEFT JOIN chunk_vectors v ON v.chunk_id = c.id
                WHERE v.chunk_id IS NULL OR v.model != ? OR length(v.data) != ? ORDER BY c.document_id
                """, [.text(config.model), .integer(Int64(config.dims))]
            ).compactMap { $0[0].int }
        }
    }

    /// That document's chunks lacking a current vector, as stored (nil: it is gone).
    func chunksToEmbed(document: Int64, _ config: VectorConfig) throws -> ChunksToEmbed? {
        try withConnection { db in
            guard let head = try db.query("SELECT version, title FROM documents WHERE id = ?", [.integer(document)]).first else { return nil }
            let rows = try db.query(
                """
                SELECT c.id, c.heading_path, c.text FROM chunks c LEFT JOIN chunk_vectors v ON v.chunk_id = c.id
                WHERE c.document_id = ? AND (v.chunk_id IS NULL OR v.model != ? OR length(v.data) != ?) ORDER BY c.ordinal
                """, [.integer(document), .text(config.model), .integer(Int64(config.dims))])
            return ChunksToEmbed(
                version: Int(head[0].int ?? 0), title: head[1].string ?? "",
                chunks: rows.map { row in
                    let heading = row[1].string ?? ""
                    return (row[0].int ?? 0, heading.isEmpty ? [] : heading.components(separatedBy: " › "), row[2].string ?? "")
                })
        }
    }

    /// Writes the vectors of one document's chunks in one transaction, only if the document is
    /// still at `version` and the configuration still names the vectors' model and dimension
    /// (otherwise nothing is written and false returned: the document was replaced meanwhile,
    /// with vectors of its own).
    func setChunkVectors(document: Int64, version: Int, _ vectors: [(chunk: Int64, vector: StoredVector)]) throws -> Bool {
        try withConnection { db in
            try writeTransaction(db) {
                let rows = try VectorRows(vectors.map(\.vector), in: db)
                guard try db.scalar("SELECT version FROM documents WHERE id = ?", [.integer(document)]).int == Int64(version) else { return false }
                for (chunk, stored) in vectors { try rows.insert(stored, chunk: chunk, in: db) }
                try Self.bumpGeneration(db)
                return true
            }
        }
    }
}
