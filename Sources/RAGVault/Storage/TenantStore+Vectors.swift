import Foundation

/// A quantised vector with the model it was made under, as ingest hands it to the store.
package struct StoredVector: Equatable, Sendable {
    package let model: String
    package let vector: QuantizedVector

    package init(model: String, vector: QuantizedVector) {
        self.model = model
        self.vector = vector
    }
}

/// Writes a document's chunk vectors, after checking in the write transaction that the
/// tenant's configuration still names the model and dimension they were made for.
struct VectorRows {
    init(_ document: DocumentRecord, in db: Connection) throws {
        try self.init(([document.vector] + document.chunks.map(\.vector)).compactMap { $0 }, in: db)
    }

    /// Vectors about to be written (ingest, or `Vault.embedMissingVectors`).
    init(_ vectors: [StoredVector], in db: Connection) throws {
        guard !vectors.isEmpty else { return }
        let config = try TenantStore.vectorConfig(db)
        guard let config, vectors.allSatisfy({ config.model == $0.model && config.dims == $0.vector.values.count }) else {
            throw RAGVaultError(
                .vectorsStale, "the tenant's vector configuration changed while these vectors were being made; nothing was written — try again")
        }
    }

    /// Writes (or replaces) a chunk's vector.
    func insert(_ stored: StoredVector?, chunk: Int64, in db: Connection) throws {
        guard let stored else { return }
        try db.run(
            "INSERT OR REPLACE INTO chunk_vectors(chunk_id, model, scale, data) VALUES (?, ?, ?, ?)",
            [.integer(chunk), .text(stored.model), .real(Double(stored.vector.scale)), .blob(stored.vector.bytes)])
    }
}

/// What happens to the embedding endpoint's key when the vector configuration is replaced.
public enum EndpointKeyChange: Sendable {
    case keep, remove
    case set(String)

    /// A bearer token: printable ASCII without spaces (it goes into a header), at most 4 KiB.
    static func validate(_ key: String) throws {
        guard (1...4096).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw RAGVaultError(.invalidInput, "the endpoint key must be 1-4096 printable ASCII characters without spaces")
        }
    }
}

extension TenantStore {
    /// The tenant's vector configuration, or nil when it has none.
    public func vectorConfig() throws -> VectorConfig? {
        try withConnection { try Self.vectorConfig($0) }
    }

    static func vectorConfig(_ db: Connection) throws -> VectorConfig? {
        guard let json = try db.scalar("SELECT value FROM store_meta WHERE key = 'vectors'").string else { return nil }
        do {
            return try JSONDecoder().decode(VectorConfig.self, from: Data(json.utf8))
        } catch {
            throw RAGVaultError(.storeConfiguration, "tenant store holds a vector configuration this ragvault cannot read")
        }
    }

    /// Replaces the vector configuration. Vectors made under another model or dimension stay
    /// stored but are stale (`VectorMatrix.stale`) until their documents are indexed again.
    /// The endpoint's key is kept beside it in the encrypted store, dropped with the endpoint.
    public func setVectorConfig(_ config: VectorConfig, endpointKey: EndpointKeyChange = .keep) throws {
        try config.validate()
        if case .set(let key) = endpointKey { try EndpointKeyChange.validate(key) }
        let json = String(decoding: try JSONEncoder.sorted.encode(config), as: UTF8.self)
        try batch {
            try withConnection { db in
                try db.run("INSERT OR REPLACE INTO store_meta(key, value) VALUES ('vectors', ?)", [.text(json)])
                switch (config.endpoint, endpointKey) {
                case (nil, _), (_, .remove): try db.run("DELETE FROM store_meta WHERE key = 'embedder_key'")
                case (_, .set(let key)): try db.run("INSERT OR REPLACE INTO store_meta(key, value) VALUES ('embedder_key', ?)", [.text(key)])
                case (_, .keep): break
                }
                try Self.bumpGeneration(db)
            }
        }
    }

    /// The embedding endpoint's key, if the operator gave one.
    func embedderKey() throws -> String? {
        try withConnection { try $0.scalar("SELECT value FROM store_meta WHERE key = 'embedder_key'").string }
    }

    /// How many chunks hold a vector, and how many of those are stale.
    public func vectorCounts() throws -> (stored: Int, stale: Int) {
        try withConnection { db in
            let config = try Self.vectorConfig(db)
            let row = try db.query(
                "SELECT count(*), coalesce(sum(model != ? OR length(data) != ?), 0) FROM chunk_vectors",
                [.text(config?.model ?? ""), .integer(Int64(config?.dims ?? -1))]
            ).first
            return (Int(row?[0].int ?? 0), Int(row?[1].int ?? 0))
        }
    }
}

extension IndexSnapshot {
    /// The tenant's vectors as of this snapshot (nil: no vector configuration). Stale rows are
    /// counted, not loaded.
    func vectorMatrix() throws -> VectorMatrix? {
        guard let config = try TenantStore.vectorConfig(db) else { return nil }
        var ids: [Int64] = [], scales: [Float] = [], values: [Int8] = []
        var stale = 0
        try db.forEachRow("SELECT chunk_id, model, scale, data FROM chunk_vectors ORDER BY chunk_id", []) { row in
            let data = row.value(at: 3).bytes ?? []
            guard row.value(at: 1).string == config.model, data.count == config.dims,
                let vector = QuantizedVector(scale: row.value(at: 2).double ?? 0, bytes: data)
            else {
                stale += 1
                return
            }
            ids.append(row.value(at: 0).int ?? 0)
            scales.append(vector.scale)
            values.append(contentsOf: vector.values)
        }
        return VectorMatrix(config: config, ids: ids, scales: scales, values: values, stale: stale)
    }
}
