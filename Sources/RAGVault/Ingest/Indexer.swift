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

    /// Indexes one document. Unchanged content with an unchanged ACL is skipped; an ACL-only
    /// change updates the ACL without re-chunking; anything else replaces the document in one
    /// transaction (readers see the old or the new version, never both or neither).
    public func index(_ document: SourceDocument, findings: inout DocumentPreparer.Findings) throws -> Outcome {
        let acl: AccessList
        do { acl = try preparer.validateACL(document.acl) } catch { return .skipped(code: error.code, reason: error.reason) }
        let hash = preparer.contentHash(of: document)
        let existing = try store.documentState(externalID: document.externalID)
        if let existing, existing.contentHash == hash {
            if existing.acl == acl { return .unchanged }
            try store.updateACL(externalID: document.externalID, acl: acl)
            return .aclUpdated
        }
        let record: DocumentRecord
        do {
            let prepared = try preparer.prepare(document, acl: acl, contentHash: hash)
            record = prepared.0
            let found = prepared.1
            findings.invisibleCharactersRemoved += found.invisibleCharactersRemoved
            findings.secretsScrubbed += found.secretsScrubbed
            findings.injectionChunks += found.injectionChunks
        } catch {
            return .skipped(code: error.code, reason: error.reason)
        }
        try store.putDocument(record)
        return existing == nil ? .added : .updated
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
