/// Vectors the tenant's embedder makes for a document's chunks at ingest, before the write
/// transaction (an endpoint's network call never holds the store's write lock).
enum ChunkEmbedding {
    /// Each chunk's vector (those without one the caller sent) from its index form — title,
    /// heading path and body with secrets and PII masked — so no vector holds, and no endpoint
    /// receives, a value a reader would see masked, and a chunk and its twin differing only in
    /// such a value get the same vector. `key`: the endpoint's, when the embedder is one.
    static func embed(_ record: inout DocumentRecord, config: VectorConfig, key: String?) throws {
        let title = (record.titleForm ?? IndexForm.make(record.title)).indexText(record.title)
        let pending = record.chunks.indices.filter { record.chunks[$0].vector == nil }
        let texts = pending.map { i in
            let chunk = record.chunks[i]
            let heading = (chunk.headingForm ?? IndexForm.heading(chunk.headingPath)).indexText(chunk.headingPath.joined(separator: " › "))
            let body = (chunk.textForm ?? IndexForm.make(chunk.text)).indexText(chunk.text)
            return [title, heading, body].filter { !$0.isEmpty }.joined(separator: "\n")
        }
        let vectors = try embed(texts, config: config, key: key)
        for (i, raw) in zip(pending, vectors) {
            record.chunks[i].vector = StoredVector(
                model: config.model, vector: try QuantizedVector(raw, dims: config.dims, what: "embedding", code: .embedderUnavailable))
        }
    }

    /// Texts embedded by the tenant's embedder (queries too).
    static func embed(_ texts: [String], config: VectorConfig, key: String?) throws -> [[Float]] {
        switch config.embedder {
        case .embedded?:
            let encoder = try SentenceEncoder.loaded()
            return texts.map(encoder.embed)
        case .endpoint?:
            return try EndpointEmbedder(config: config, key: key).embed(texts)
        case nil:
            throw RAGVaultError(.vectorsNotConfigured, "the tenant has no embedder; send the vectors with the documents and searches")
        }
    }
}
