/// One search result, already redacted: every text field has been through the Redactor under
/// the tenant's policy and the caller's exemptions. Only the Retriever can make one.
public struct Passage: Encodable, Sendable, Equatable {
    public let documentID: String
    /// Opaque and stable (`IndexKeys.chunkID`): reveals nothing about order or hidden chunks.
    public let chunkID: String
    public let title: String
    public let headingPath: [String]
    public let text: String
    public let snippet: String
    /// Code-point ranges in `text` where query terms matched.
    public let highlights: [[Int]]
    public let score: Double
    /// Code-point offsets of the chunk in its (normalised) document.
    public let offsets: [Int]
    public let flags: [String]
    /// Redacted types and counts across all fields — never values.
    public let redactions: [String: Int]
    /// Neighbouring chunks (request `context`), each permitted on its own and redacted.
    public let context: [ContextChunk]?
    /// The chunk's 1-based rank in each leg of a vector or hybrid search (nil: not in that
    /// leg's top `Fusion.legDepth`); absent in text searches.
    public var ranks: Ranks? = nil

    public struct Ranks: Encodable, Sendable, Equatable {
        public let text: Int?
        public let vector: Int?
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(text, forKey: .text) // null when absent: "not in this leg"
            try c.encode(vector, forKey: .vector)
        }
        enum CodingKeys: String, CodingKey { case text, vector }
    }

    public struct ContextChunk: Encodable, Sendable, Equatable {
        public let chunkID: String
        public let text: String
        public let offsets: [Int]
        enum CodingKeys: String, CodingKey { case chunkID = "chunk_id", text, offsets }
    }

    enum CodingKeys: String, CodingKey {
        case documentID = "document_id", chunkID = "chunk_id", title, headingPath = "heading_path", text, snippet
        case highlights, score, offsets, flags, redactions, context, ranks
    }
}

/// The response to a search: ranked passages and the time taken.
public struct SearchResult: Encodable, Sendable {
    public let results: [Passage]
    /// How the results were ranked: text, vector or hybrid.
    public let searchMode: SearchMode
    /// `text` when the tenant's embedder was unavailable and the request's `fallback` let the
    /// search rank by text alone (absent otherwise).
    public let fallback: SearchMode?
    public let tookMs: Double
    /// Time spent in the redactor for this result (part of `tookMs`), for metrics and
    /// benchmarks. Not part of the JSON shape.
    public let redactionMs: Double

    enum CodingKeys: String, CodingKey { case results, searchMode = "search_mode", fallback, tookMs = "took_ms" }
}
