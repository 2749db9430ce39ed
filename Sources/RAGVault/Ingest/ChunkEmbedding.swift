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
            return text(title: title, headingPath: chunk.headingPath, body: chunk.text, headingForm: chunk.headingForm, bodyForm: chunk.textForm)
        }
        for (i, vector) in zip(pending, try storedVectors(texts, config: config, key: key)) { record.chunks[i].vector = vector }
    }

    /// What the embedder reads for a chunk: the title's, heading path's and body's index forms
    /// (`title` already in it), one per line. Forms the preparer made are reused; others are
    /// made by `redactor` (the tenant's opt-in types).
    static func text(
        title: String, headingPath: [String], body: String, headingForm: IndexForm? = nil, bodyForm: IndexForm? = nil,
        redactor: Redactor = Redactor()
    ) -> String {
        let heading = (headingForm ?? IndexForm.heading(headingPath, redactor: redactor)).indexText(headingPath.joined(separator: " › "))
        let body = (bodyForm ?? IndexForm.make(body, redactor: redactor)).indexText(body)
        return [title, heading, body].filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// Texts embedded and quantised as the store keeps them.
    static func storedVectors(_ texts: [String], config: VectorConfig, key: String?) throws -> [StoredVector] {
        try embed(texts, config: config, key: key).map { raw in
            StoredVector(model: config.model, vector: try QuantizedVector(raw, dims: config.dims, what: "embedding", code: .embedderUnavailable))
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
