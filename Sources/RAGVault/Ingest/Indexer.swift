import Foundation

/// Indexes source documents into one tenant store: idempotent, atomic per document, and a
/// bad document never costs another one.
public final class Indexer: Sendable {
    public let store: TenantStore
    /// A second connection for the skip decision, so preparing the next document never waits
    /// for the current commit (WAL readers do not block on the writer).
    public let reader: TenantStore
    public let preparer: DocumentPreparer

    public init(store: TenantStore, reader: TenantStore? = nil, preparer: DocumentPreparer) {
        self.store = store
        self.reader = reader ?? store
        self.preparer = preparer
    }

    /// What happened to one document.
    public enum Outcome: Equatable, Sendable {
        case added, updated, unchanged, aclUpdated
        case skipped(code: String, reason: String)
    }

    /// What indexing one document will do, decided without writing (so the decision and the
    /// preparation can run on another thread than the write; see IndexPipeline).
    enum Plan: @unchecked Sendable {
        case done(Outcome)
        case aclChange(AccessList)
        case store(DocumentRecord, isNew: Bool, findings: DocumentPreparer.Findings)
    }

    /// Validation, hashing, the skip decision and preparation — everything but the write.
    func plan(_ document: SourceDocument) throws -> Plan {
        let acl: AccessList
        do { acl = try preparer.validateACL(document.acl) } catch { return .done(.skipped(code: error.code, reason: error.reason)) }
        let hash = preparer.contentHash(of: document)
        let existing = try reader.documentState(externalID: document.externalID)
        if let existing, existing.contentHash == hash {
            return existing.acl == acl ? .done(.unchanged) : .aclChange(acl)
        }
        // The tenant's vector configuration, read once for the document and its chunks.
        let config = try reader.vectorConfig()
        let vector: StoredVector?
        var chunkVectors: [StoredVector?] = []
        do {
            vector = try Self.storedVector(document.embedding, config: config, what: "embedding")
            for (i, chunk) in (document.callerChunks ?? []).enumerated() {
                chunkVectors.append(try Self.storedVector(chunk.embedding, config: config, what: "chunk \(i + 1)'s embedding"))
            }
        } catch { return .done(.skipped(code: error.code, reason: error.reason)) }
        var (record, findings): (DocumentRecord, DocumentPreparer.Findings)
        do {
            (record, findings) = try preparer.prepare(document, acl: acl, contentHash: hash)
        } catch {
            return .done(.skipped(code: error.code, reason: error.reason))
        }
        record.vector = vector
        for (i, chunkVector) in chunkVectors.enumerated() where i < record.chunks.count { record.chunks[i].vector = chunkVector }
        if vector == nil, record.chunks.contains(where: { $0.vector == nil }), let config, config.embedder != nil {
            do {
                try ChunkEmbedding.embed(&record, config: config, key: config.embedder == .endpoint ? try reader.embedderKey() : nil)
            } catch let error as RAGVaultError {
                return .done(.skipped(code: error.code.rawValue, reason: error.message))
            }
        }
        return .store(record, isNew: existing == nil, findings: findings)
    }

    /// The caller's vector checked against the tenant's configuration and quantised; the
    /// store checks the configuration again in the write transaction.
    private static func storedVector(_ embedding: [Float]?, config: VectorConfig?, what: String) throws(DocumentPreparer.Refusal)
        -> StoredVector?
    {
        guard let embedding else { return nil }
        do {
            guard let config else {
                throw DocumentPreparer.Refusal(
                    code: RAGVaultError.Code.vectorsNotConfigured.rawValue,
                    reason: "the document has an embedding but the tenant has no vector configuration (ragvault vectors set)")
            }
            return StoredVector(
                model: config.model, vector: try QuantizedVector(embedding, dims: config.dims, what: what, code: .invalidInput))
        } catch let refusal as DocumentPreparer.Refusal {
            throw refusal
        } catch {
            throw DocumentPreparer.Refusal(code: "invalid_embedding", reason: (error as? RAGVaultError)?.message ?? "invalid embedding")
        }
    }

    /// Carries out a plan: unchanged content with an unchanged ACL is skipped; an ACL-only
    /// change updates the ACL without re-chunking; anything else replaces the document in one
    /// transaction (readers see the old or the new version, never both or neither).
    func apply(_ plan: Plan, externalID: String, findings: inout DocumentPreparer.Findings) throws -> Outcome {
        switch plan {
        case .done(let outcome):
            return outcome
        case .aclChange(let acl):
            try store.updateACL(externalID: externalID, acl: acl)
            return .aclUpdated
        case .store(let record, let isNew, let found):
            try store.putDocument(record)
            findings.invisibleCharactersRemoved += found.invisibleCharactersRemoved
            findings.secretsScrubbed += found.secretsScrubbed
            findings.injectionChunks += found.injectionChunks
            return isNew ? .added : .updated
        }
    }

    /// Indexes one document on the calling thread.
    public func index(_ document: SourceDocument, findings: inout DocumentPreparer.Findings) throws -> Outcome {
        try apply(try plan(document), externalID: document.externalID, findings: &findings)
    }
}

/// Totals of an indexing run, printed by the CLI (and as JSON with --json).
public struct IndexSummary: Encodable, Sendable {
    public struct Skip: Codable, Sendable {
        public var id: String
        public var code: String
        public var reason: String
    }

    public var added = 0
    public var updated = 0
    public var unchanged = 0
    public var aclUpdated = 0
    public var deleted = 0
    public var skipped: [Skip] = []
    public var invisibleCharactersRemoved = 0
    public var secretsScrubbed = 0
    public var possibleInjectionChunks = 0
    public var bytes: Int64 = 0
    public var seconds: Double = 0
    public var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) / 1_000_000 / seconds : 0 }

    public init() {}

    public mutating func record(_ outcome: Indexer.Outcome, id: String) {
        switch outcome {
        case .added: added += 1
        case .updated: updated += 1
        case .unchanged: unchanged += 1
        case .aclUpdated: aclUpdated += 1
        case .skipped(let code, let reason): skipped.append(Skip(id: id, code: code, reason: reason))
        }
    }

    private enum CodingKeys: String, CodingKey {
        case added, updated, unchanged, aclUpdated = "acl_updated", deleted, skipped
        case invisibleCharactersRemoved = "invisible_chars_removed", secretsScrubbed = "secrets_scrubbed"
        case possibleInjectionChunks = "possible_injection_chunks", bytes, seconds, megabytesPerSecond = "mb_per_s"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(added, forKey: .added); try c.encode(updated, forKey: .updated)
        try c.encode(unchanged, forKey: .unchanged); try c.encode(aclUpdated, forKey: .aclUpdated)
        try c.encode(deleted, forKey: .deleted); try c.encode(skipped, forKey: .skipped)
        try c.encode(invisibleCharactersRemoved, forKey: .invisibleCharactersRemoved)
        try c.encode(secretsScrubbed, forKey: .secretsScrubbed)
        try c.encode(possibleInjectionChunks, forKey: .possibleInjectionChunks)
        try c.encode(bytes, forKey: .bytes); try c.encode(seconds, forKey: .seconds)
        try c.encode((megabytesPerSecond * 1000).rounded() / 1000, forKey: .megabytesPerSecond)
    }
}
