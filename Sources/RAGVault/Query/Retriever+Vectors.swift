import Foundation

extension Retriever {
    /// A search whose vector the tenant's embedder must make from the query's text.
    struct QueryEmbeddingNeeded: Error {
        let config: VectorConfig
    }

    /// The endpoint call for a query's embedding, handed back to an async caller (not recorded:
    /// the search comes again with its outcome).
    struct QueryEmbeddingDeferred: UnrecordedOutcome {
        let call: EndpointEmbedder.PreparedCall
    }

    /// The query's text as the embedder receives it: its index form (secrets and PII masked,
    /// names and addresses too where the tenant's index leaves them out: nothing a document
    /// would hide leaves for an endpoint).
    static func embeddingText(_ query: String, store: TenantStore) -> String {
        IndexForm.make(query, redactor: Redactor(contextual: store.knownContextualTypes)).indexText(query)
    }

    /// The query's vector by the tenant's embedder, on this thread.
    static func queryVector(_ query: String, config: VectorConfig, store: TenantStore) throws -> [Float] {
        try ChunkEmbedding.embed(
            [embeddingText(query, store: store)], config: config, key: config.embedder == .endpoint ? try store.embedderKey() : nil)[0]
    }

    /// A vector or hybrid search, resolved against the tenant's configuration.
    struct VectorQuery {
        let mode: SearchMode
        let matrix: VectorMatrix
        let vector: QuantizedVector
        let fusion: Fusion
    }

    /// What a request asks of the vector leg (nil: a text search). A search that says no
    /// `match` takes the tenant's `search_mode` when it sends a vector or the tenant has an
    /// embedder (hybrid when that mode is text and a vector was sent: the caller's vector is
    /// never ignored); otherwise it is a text search.
    func vectorQuery(_ request: SearchRequest, index: IndexSnapshot, generation: Int) throws -> VectorQuery? {
        if request.mode == .text { return nil }
        let key = VectorMatrixCache.Key(store: index.store, generation: generation)
        let known = try vectors.config(key) { try TenantStore.vectorConfig(index.db) }
        if request.mode == nil, request.vector == nil, known?.embedder == nil || known?.searchMode == .text { return nil }
        guard known != nil, let matrix = try vectors.matrix(key, load: { try index.vectorMatrix() }) else {
            throw RAGVaultError(
                .vectorsNotConfigured,
                "this tenant has no vector configuration (ragvault vectors set, PUT /v1/vectors); search with match natural, all or any")
        }
        let config = matrix.config
        let mode = request.mode ?? (config.searchMode == .text ? .hybrid : config.searchMode)
        guard matrix.stale == 0 else {
            throw RAGVaultError(
                .vectorsStale,
                "\(matrix.stale) chunks hold vectors of another model or dimension than the tenant's configuration (\(config.model), \(config.dims)); index their documents again with new vectors, or search with match natural"
            )
        }
        let raw: [Float]
        if let sent = request.vector {
            raw = sent
        } else if config.embedder != nil {
            // Embedded outside this read transaction (an endpoint is a network call), then ranked again.
            throw QueryEmbeddingNeeded(config: config)
        } else {
            throw RAGVaultError(.queryInvalid, "match \(mode.rawValue) needs the query's vector in \"vector\" (\(config.dims) numbers from \(config.model))")
        }
        let vector = try QuantizedVector(raw, dims: config.dims, what: "vector", code: .queryInvalid)
        return VectorQuery(mode: mode, matrix: matrix, vector: vector, fusion: request.fusion ?? config.fusion)
    }

    /// The top-k documents (each at its best chunks, `per_document`) of a vector or hybrid
    /// search, with each hit's rank in each leg.
    func fused(
        _ query: VectorQuery, request: SearchRequest, map: DocumentMap,
        text: (Int) throws -> [(rowid: Int64, score: Double)], vector: (Int) -> [(rowid: Int64, score: Double)]
    ) throws -> [(rowid: Int64, score: Double, ranks: Passage.Ranks?)] {
        switch query.mode {
        case .vector:
            // Each hit with its place in the vector ranking.
            return try bestPerDocument(request: request, map: map, rowid: { $0.element.rowid }) { Array(vector($0).enumerated()) }.map {
                ($0.element.rowid, $0.element.score, Passage.Ranks(text: nil, vector: $0.offset + 1))
            }
        case .hybrid, .text:
            let fused = query.fusion.fuse(text: try text(Fusion.legDepth), vector: vector(Fusion.legDepth))
            return Self.perDocument(fused, request: request, map: map, \.rowid).map {
                ($0.rowid, $0.score, Passage.Ranks(text: $0.textRank, vector: $0.vectorRank))
            }
        }
    }
}
