/// One document offered for indexing, before validation or extraction.
public struct SourceDocument: Sendable {
    public var externalID: String
    public var format: DocumentFormat
    public var bytes: [UInt8]
    public var title: String?
    /// nil: no ACL source applied — the document will be refused.
    public var acl: AccessList?
    public var metadata: [String: String]
    public var source: String?
    /// The caller's vector for this document, kept for each of its chunks (the tenant's
    /// `VectorConfig` says how many dimensions); nil: the document has none.
    public var embedding: [Float]?
    /// Chunks the caller cut (nil: RAGVault chunks the body): each kept as one chunk, still
    /// normalised, scrubbed and flagged; `bytes` is then their texts joined by blank lines.
    public var callerChunks: [CallerChunk]?

    /// One chunk as the caller cut it, with its own vector if it has one.
    public struct CallerChunk: Sendable, Equatable {
        public var text: String
        public var headingPath: [String]
        public var embedding: [Float]?
        public init(text: String, headingPath: [String] = [], embedding: [Float]? = nil) {
            self.text = text
            self.headingPath = headingPath
            self.embedding = embedding
        }
    }

    /// A document the caller has already cut into chunks.
    public init(
        externalID: String, chunks: [CallerChunk], title: String? = nil, acl: AccessList?, metadata: [String: String] = [:],
        source: String? = nil, embedding: [Float]? = nil
    ) {
        self.init(
            externalID: externalID, format: .text, bytes: Array(chunks.map(\.text).joined(separator: "\n\n").utf8), title: title, acl: acl,
            metadata: metadata, source: source, embedding: embedding)
        callerChunks = chunks
    }

    public init(
        externalID: String, format: DocumentFormat, bytes: [UInt8], title: String? = nil,
        acl: AccessList?, metadata: [String: String] = [:], source: String? = nil, embedding: [Float]? = nil
    ) {
        self.externalID = externalID
        self.format = format
        self.bytes = bytes
        self.title = title
        self.acl = acl
        self.metadata = metadata
        self.source = source
        self.embedding = embedding
    }
}

/// Something found while walking the inputs: a document, or an input that cannot be one.
public enum SourceItem: Sendable {
    case document(SourceDocument)
    /// `id` names the file or batch line; `code` is stable, `reason` human.
    case unusable(id: String, code: String, reason: String)
}
