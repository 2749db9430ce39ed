/// Vectors the tenant's embedder makes for a document's chunks at ingest.
enum ChunkEmbedding {
    /// Each chunk's vector (those without one the caller sent) from its index form — title, heading path and body with secrets and
    /// PII masked — so no vector holds a value a reader would see masked, and a chunk and its
    /// twin differing only in such a value get the same vector.
    static func embed(_ record: inout DocumentRecord, config: VectorConfig) throws {
        let encoder = try SentenceEncoder.loaded()
        let title = (record.titleForm ?? IndexForm.make(record.title)).indexText(record.title)
        for i in record.chunks.indices where record.chunks[i].vector == nil {
            let chunk = record.chunks[i]
            let heading = (chunk.headingForm ?? IndexForm.heading(chunk.headingPath)).indexText(chunk.headingPath.joined(separator: " › "))
            let body = (chunk.textForm ?? IndexForm.make(chunk.text)).indexText(chunk.text)
            let text = [title, heading, body].filter { !$0.isEmpty }.joined(separator: "\n")
            record.chunks[i].vector = StoredVector(
                model: config.model, vector: try QuantizedVector(encoder.embed(text), dims: config.dims, what: "embedding", code: .invalidInput))
        }
    }
}
