/// What a caller asks for. Filters can only narrow what the principal may read.
public struct SearchRequest: Sendable, Decodable {
    public var query: String
    public var topK: Int
    /// Only these documents (external ids).
    public var documentIDs: [String]?
    /// Only documents whose metadata has these exact values.
    public var metadata: [String: String]?
    /// Only documents updated at or after this ISO-8601 time.
    public var updatedAfter: String?
    /// Maximum snippet length in characters.
    public var snippetLength: Int
    /// Neighbouring chunks to return with each hit (0–2), each checked against the ACL.
    public var context: Int
    /// How the query's words combine in the text leg (`natural` by default).
    public var match: MatchMode
    /// Text, vector or both (`match: vector | hybrid`); nil: the tenant's `search_mode` when a
    /// `vector` is sent, text otherwise.
    public var mode: SearchMode?
    /// The query's vector, in the tenant's dimensions (vector and hybrid searches).
    public var vector: [Float]?
    /// How a hybrid search fuses its legs; nil: the tenant's configuration.
    public var fusion: Fusion?
    /// `text`: when the tenant's embedder cannot embed the query, rank by text alone (the
    /// answer says so) instead of failing `embedder_unavailable`.
    public var fallback: SearchMode?
    /// Set by `TenantAccess.search(_:blocking:)`: an endpoint's query embedding is handed back
    /// to be awaited off the blocking thread, then the search comes again with the vector in
    /// `vector` or, when the endpoint failed, the failure here.
    var defersEndpointEmbedding = false
    var endpointEmbeddingFailure: RAGVaultError?
    /// Passages of one document at most (1 by default): documents are ranked by their best
    /// chunk, so a long document cut into many chunks does not fill the results alone.
    public var perDocument: Int

    public static let defaultTopK = 8
    public static let maxTopK = 50

    public init(
        query: String, topK: Int = SearchRequest.defaultTopK, documentIDs: [String]? = nil,
        metadata: [String: String]? = nil, updatedAfter: String? = nil, snippetLength: Int = 240, context: Int = 0,
        match: MatchMode = .natural, perDocument: Int = 1, mode: SearchMode? = nil, vector: [Float]? = nil, fusion: Fusion? = nil,
        fallback: SearchMode? = nil
    ) {
        self.query = query
        self.topK = topK
        self.documentIDs = documentIDs
        self.metadata = metadata
        self.updatedAfter = updatedAfter
        self.snippetLength = snippetLength
        self.context = context
        self.match = match
        self.perDocument = perDocument
        self.mode = mode
        self.vector = vector
        self.fusion = fusion
        self.fallback = fallback
    }

    static let knownKeys = Set(CodingKeys.allCases.map(\.rawValue))

    enum CodingKeys: String, CodingKey, CaseIterable {
        case query, topK = "top_k", documentIDs = "document_ids", metadata, updatedAfter = "updated_after"
        case snippetLength = "snippet_length", context, match, perDocument = "per_document", vector, fusion, fallback
    }

    public init(from decoder: Decoder) throws {
        try StrictKeys.check(decoder, known: Self.knownKeys)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        query = try c.decode(String.self, forKey: .query)
        topK = try c.decodeIfPresent(Int.self, forKey: .topK) ?? Self.defaultTopK
        documentIDs = try c.decodeIfPresent([String].self, forKey: .documentIDs)
        metadata = try c.decodeIfPresent([String: String].self, forKey: .metadata)
        updatedAfter = try c.decodeIfPresent(String.self, forKey: .updatedAfter)
        snippetLength = try c.decodeIfPresent(Int.self, forKey: .snippetLength) ?? 240
        context = try c.decodeIfPresent(Int.self, forKey: .context) ?? 0
        (match, mode) = (.natural, nil)
        if let name = try c.decodeIfPresent(String.self, forKey: .match) {
            if let words = MatchMode(rawValue: name) {
                (match, mode) = (words, .text)
            } else if let both = SearchMode(rawValue: name), both != .text {
                mode = both
            } else {
                throw RAGVaultError(.queryInvalid, "match must be natural, all, any, vector or hybrid")
            }
        }
        perDocument = try c.decodeIfPresent(Int.self, forKey: .perDocument) ?? 1
        vector = try c.decodeIfPresent([Float].self, forKey: .vector)
        fusion = try c.decodeIfPresent(Fusion.self, forKey: .fusion)
        if let name = try c.decodeIfPresent(String.self, forKey: .fallback) {
            guard name == SearchMode.text.rawValue else { throw RAGVaultError(.queryInvalid, "fallback must be \"text\"") }
            fallback = .text
        }
    }

    func validate() throws {
        guard (1...Self.maxTopK).contains(topK) else {
            throw RAGVaultError(.queryInvalid, "top_k must be between 1 and \(Self.maxTopK)")
        }
        guard (40...2000).contains(snippetLength) else {
            throw RAGVaultError(.queryInvalid, "snippet_length must be between 40 and 2000")
        }
        guard (1...Self.maxTopK).contains(perDocument) else {
            throw RAGVaultError(.queryInvalid, "per_document must be between 1 and \(Self.maxTopK)")
        }
        guard (0...2).contains(context) else { throw RAGVaultError(.queryInvalid, "context must be 0, 1 or 2") }
        guard (documentIDs?.count ?? 0) <= 1000, (metadata?.count ?? 0) <= 16 else {
            throw RAGVaultError(.queryInvalid, "too many filters (at most 1000 document ids and 16 metadata fields)")
        }
        for id in documentIDs ?? [] { try DocumentID.validate(id) }
        guard (vector?.count ?? 0) <= VectorConfig.maxDims else {
            throw RAGVaultError(.queryInvalid, "vector has more than \(VectorConfig.maxDims) values")
        }
        if mode == .text, vector != nil || fusion != nil {
            throw RAGVaultError(.queryInvalid, "vector and fusion belong to match vector or hybrid")
        }
        if mode == .vector, fusion != nil { throw RAGVaultError(.queryInvalid, "fusion belongs to match hybrid") }
        try fusion?.validate()
    }
}
