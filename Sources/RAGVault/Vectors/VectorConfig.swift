import Foundation

/// How a tenant's searches combine the text and vector legs.
public enum SearchMode: String, Codable, Sendable, CaseIterable {
    /// BM25 over the full-text index only.
    case text
    /// Exact cosine similarity over the chunks' vectors only.
    case vector
    /// Both legs, fused (`Fusion`).
    case hybrid
}

/// A tenant's vector configuration, kept in its store (`ragvault vectors set`, `PUT
/// /v1/vectors`): which model the chunks' vectors come from and how many dimensions they have.
/// Changing the model or the dimension makes every stored vector stale: vector searches fail
/// `vectors_stale` until each document holding one is indexed again with new vectors.
///
/// ```json
/// {"model": "all-MiniLM-L6-v2", "dims": 384, "search_mode": "hybrid"}
/// ```
public struct VectorConfig: Codable, Equatable, Sendable {
    /// The name of the model that made the vectors (the caller's; compared, never interpreted).
    public var model: String
    public var dims: Int
    /// What a search that sends a vector and no `match` does.
    public var searchMode: SearchMode
    /// How hybrid searches fuse the legs unless the request says otherwise.
    public var fusion: Fusion
    /// Who makes the vectors callers do not send: nil — nobody (documents without an
    /// `embedding` have none, searches must send `vector`); `embedded` — the in-process model
    /// (`SentenceEncoder`), from each chunk's index form at ingest and from the query's text;
    /// `endpoint` — the same, by the service `endpoint` names.
    public var embedder: Embedder?
    /// The embedding service, when `embedder` is `endpoint` (set by the operator only).
    public var endpoint: EmbeddingEndpoint?

    public enum Embedder: String, Codable, Sendable {
        case embedded, endpoint
    }

    public static let maxDims = 4096

    public init(
        model: String, dims: Int, searchMode: SearchMode = .hybrid, fusion: Fusion = .default, embedder: Embedder? = nil,
        endpoint: EmbeddingEndpoint? = nil
    ) {
        self.model = model
        self.dims = dims
        self.searchMode = searchMode
        self.fusion = fusion
        self.embedder = embedder
        self.endpoint = endpoint
    }

    /// The embedded model's configuration: hybrid searches with vectors made in-process.
    public static let embedded = VectorConfig(model: "all-MiniLM-L6-v2", dims: 384, embedder: .embedded)

    enum CodingKeys: String, CodingKey, CaseIterable {
        case model, dims, searchMode = "search_mode", fusion, embedder, endpoint
    }

    public init(from decoder: Decoder) throws {
        try StrictKeys.check(decoder, known: Set(CodingKeys.allCases.map(\.rawValue)))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decode(String.self, forKey: .model)
        dims = try c.decode(Int.self, forKey: .dims)
        searchMode = try c.decodeIfPresent(SearchMode.self, forKey: .searchMode) ?? .hybrid
        fusion = try c.decodeIfPresent(Fusion.self, forKey: .fusion) ?? .default
        embedder = try c.decodeIfPresent(Embedder.self, forKey: .embedder)
        endpoint = try c.decodeIfPresent(EmbeddingEndpoint.self, forKey: .endpoint)
    }

    /// Parses a configuration document (unknown keys refused), validated.
    public static func parse(_ data: Data) throws -> VectorConfig {
        if let problem = JSONCheck.problem(in: data) { throw RAGVaultError(.invalidInput, "vector configuration rejected: \(problem.message)") }
        let config: VectorConfig
        do {
            config = try JSONDecoder().decode(VectorConfig.self, from: data)
        } catch let error as RAGVaultError {
            throw RAGVaultError(.invalidInput, "vector configuration rejected: \(error.message)")
        } catch {
            throw RAGVaultError(
                .invalidInput,
                "vector configuration rejected: expected {\"model\": \"name\", \"dims\": 384, \"search_mode\": \"text|vector|hybrid\", \"fusion\": {…}}")
        }
        try config.validate()
        return config
    }

    public func validate() throws {
        guard (1...Self.maxDims).contains(dims) else {
            throw RAGVaultError(.invalidInput, "vector configuration rejected: dims must be between 1 and \(Self.maxDims)")
        }
        guard (1...200).contains(model.unicodeScalars.count), model.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
            throw RAGVaultError(.invalidInput, "vector configuration rejected: model must be 1-200 printable characters")
        }
        try fusion.validate()
        if embedder == .embedded, model != Self.embedded.model || dims != Self.embedded.dims {
            throw RAGVaultError(
                .invalidInput, "vector configuration rejected: the embedded model is \(Self.embedded.model) with \(Self.embedded.dims) dims")
        }
        guard (embedder == .endpoint) == (endpoint != nil) else {
            throw RAGVaultError(.invalidInput, "vector configuration rejected: an endpoint goes with \"embedder\": \"endpoint\", and only with it")
        }
        try endpoint?.validate()
    }

    /// This configuration as a tenant's admin may set it over the API: the embedding endpoint
    /// (where the tenant's text is sent) is the operator's, so it must be left as `current` has
    /// it — given unchanged, or omitted with `embedder: "endpoint"` to keep it.
    public func keepingOperatorEndpoint(of current: VectorConfig?) throws -> VectorConfig {
        var kept = self
        if embedder == .endpoint, endpoint == nil { kept.endpoint = current?.endpoint }
        guard kept.endpoint == nil || kept.endpoint == current?.endpoint else {
            throw RAGVaultError(
                .forbidden,
                "an embedding endpoint is set by the operator (ragvault vectors set --embedder endpoint); keep the tenant's, or send none")
        }
        return kept
    }

    /// Whether vectors made under `other` are still valid under this configuration.
    func sameVectors(as other: VectorConfig) -> Bool { model == other.model && dims == other.dims }
}
