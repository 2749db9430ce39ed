/// A document as stored in a tenant store: metadata, access list and its chunks.
public struct DocumentRecord: Equatable, Sendable {
    public var externalID: String
    public var title: String
    public var source: String?
    public var contentHash: String
    public var acl: AccessList
    public var metadata: [String: String]
    public var chunks: [ChunkRecord]
    /// The title as the index holds it; computed by the store when the preparer did not.
    var titleForm: IndexForm?
    /// The document's vector, kept for each of its chunks (`Indexer` quantises the caller's).
    package var vector: StoredVector?

    public init(
        externalID: String, title: String, source: String? = nil, contentHash: String,
        acl: AccessList, metadata: [String: String] = [:], chunks: [ChunkRecord]
    ) {
        self.externalID = externalID
        self.title = title
        self.source = source
        self.contentHash = contentHash
        self.acl = acl
        self.metadata = metadata
        self.chunks = chunks
    }
}

/// One chunk of a document: the unit that is indexed and returned.
public struct ChunkRecord: Equatable, Sendable {
    public var ordinal: Int
    public var headingPath: [String]
    public var startOffset: Int
    public var endOffset: Int
    public var text: String
    public var flags: [String]
    /// Heading path and text as the index holds them (`IndexForm`); computed by the store
    /// when the preparer did not (the preparer does it off the writer thread).
    var headingForm: IndexForm?
    var textForm: IndexForm?
    /// This chunk's own vector (made by the tenant's embedder); else the document's.
    package var vector: StoredVector?

    public init(
        ordinal: Int, headingPath: [String] = [], startOffset: Int, endOffset: Int,
        text: String, flags: [String] = []
    ) {
        self.ordinal = ordinal
        self.headingPath = headingPath
        self.startOffset = startOffset
        self.endOffset = endOffset
        self.text = text
        self.flags = flags
    }
}
