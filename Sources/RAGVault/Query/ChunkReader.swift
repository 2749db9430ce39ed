import Foundation

/// One chunk by its public id, for citations and "open source": ACL-checked and redacted at
/// read time, exactly like a search result.
public struct ChunkView: Encodable, Sendable, Equatable {
    public let chunkID: String
    public let documentID: String
    public let title: String
    public let headingPath: [String]
    public let text: String
    public let offsets: [Int]
    public let flags: [String]
    public let redactions: [String: Int]

    enum CodingKeys: String, CodingKey {
        case chunkID = "chunk_id", documentID = "document_id", title, headingPath = "heading_path", text, offsets, flags, redactions
    }
}

/// A document's metadata and chunk list (no text). The ACL is shown only to tenant admins.
public struct DocumentView: Encodable, Sendable, Equatable {
    public struct ChunkEntry: Encodable, Sendable, Equatable {
        public let chunkID: String
        public let headingPath: [String]
        public let offsets: [Int]
        public let flags: [String]
        enum CodingKeys: String, CodingKey { case chunkID = "chunk_id", headingPath = "heading_path", offsets, flags }
    }
    public let id: String
    public let title: String
    public let source: String?
    public let version: Int
    public let updatedAt: String
    public let metadata: [String: String]
    public let acl: AccessList?
    public let chunks: [ChunkEntry]

    enum CodingKeys: String, CodingKey { case id, title, source, version, updatedAt = "updated_at", metadata, acl, chunks }
}

extension Retriever {
    /// The chunk `publicID` of the principal's tenant, if the principal may read it. Every
    /// other case — malformed id, no such chunk, another tenant's chunk, an ACL that does not
    /// admit the principal — is the same `not_found`, with the same work done.
    public func chunk(_ publicID: String, as principal: Principal, audit: AuditContext? = nil) throws -> ChunkView {
        try vault.audited(audit, "chunk.read", tenant: principal.tenant, subject: principal.subject) { record in
            record.chunkIDs = [String(publicID.prefix(128))]
            let view = try LatencyFloor.apply(to: principal, vault: vault) { try readChunk(publicID, as: principal) }
            record.documents = [AuditDocument(id: view.documentID)]
            record.redactions = view.redactions
            record.flags = view.flags
            return view
        }
    }

    private func readChunk(_ publicID: String, as principal: Principal) throws -> ChunkView {
        try principal.require([.search], to: "read passages")
        let missing = RAGVaultError.notFound("chunk")
        let store = try vault.store(for: principal.tenant)
        guard let row = try store.chunkRow(publicID: publicID), let acl = row.acl, principal.mayRead(acl) else { throw missing }
        let (redactor, policy) = try vault.redaction(for: principal.tenant, store: store)
        var counts: [String: Int] = [:]
        let roles = principal.exemptionNames
        func count(_ out: Redactor.Output) -> String {
            for (k, v) in out.summary { counts[k, default: 0] += v }
            return out.text
        }
        func clean(_ s: String) -> String { count(redactor.redact(s, policy: policy, roles: roles)) }
        // The body by the detections stored with it at ingest (scanned afresh without them).
        let body = count(
            StoredDetections.decode(row.bodyDetections, for: row.text, contextual: redactor.contextual).map {
                redactor.redact(row.text, detected: $0, policy: policy, roles: roles)
            } ?? redactor.redact(row.text, policy: policy, roles: roles))
        return ChunkView(
            chunkID: publicID, documentID: row.externalID, title: clean(row.title),
            headingPath: row.heading.isEmpty ? [] : row.heading.components(separatedBy: " › ").map(clean),
            text: body, offsets: [row.start, row.end], flags: row.flags, redactions: counts)
    }

    /// A document of the principal's tenant: for tenant admins any document (with its ACL),
    /// for readers one they may read (without it). Anything else is `not_found`.
    public func document(_ externalID: String, as principal: Principal, audit: AuditContext? = nil) throws -> DocumentView {
        try vault.audited(audit, "document.read", tenant: principal.tenant, subject: principal.subject) { record in
            record.documents = [AuditDocument(id: String(externalID.prefix(256)))]
            let view = try LatencyFloor.apply(to: principal, vault: vault) { try readDocument(externalID, as: principal) }
            record.documents = [AuditDocument(id: view.id, version: view.version, outcome: "read")]
            return view
        }
    }

    private func readDocument(_ externalID: String, as principal: Principal) throws -> DocumentView {
        let isAdmin = principal.may(.admin) || principal.may(.ingest)
        try principal.require([.search, .ingest, .admin], to: "read documents")
        try DocumentID.validate(externalID)
        let missing = RAGVaultError.notFound("document")
        let store = try vault.store(for: principal.tenant)
        // Visibility is decided from the document's one row, before any chunk is read: a
        // hidden document of many chunks and one that does not exist cost the same lookup (an
        // absent one still parses a stand-in ACL).
        let document = try store.documentRow(externalID: externalID)
        let parsed = document.map(\.acl) ?? StoredJSON.accessList(Self.standInACL)
        let visible = parsed.map { isAdmin || principal.mayRead($0) } ?? false
        var loaded: (DocumentView, AccessList)?
        if let document, let acl = parsed, visible {
            let metadata = (try? JSONDecoder().decode([String: String].self, from: Data(document.metadataJSON.utf8))) ?? [:]
            let chunks = try store.documentChunks(document).map {
                DocumentView.ChunkEntry(
                    chunkID: $0.publicID, headingPath: $0.heading.isEmpty ? [] : $0.heading.components(separatedBy: " › "),
                    offsets: [$0.start, $0.end], flags: $0.flags)
            }
            loaded = (
                DocumentView(
                    id: externalID, title: document.title, source: document.source, version: document.version,
                    updatedAt: document.updatedAt, metadata: metadata, acl: acl, chunks: chunks), acl
            )
        }
        guard let (raw, acl) = loaded, isAdmin || principal.mayRead(acl) else { throw missing }
        let (redactor, policy) = try vault.redaction(for: principal.tenant, store: store)
        let roles = principal.exemptionNames
        func clean(_ s: String) -> String { redactor.redact(s, policy: policy, roles: roles).text }
        return DocumentView(
            id: raw.id, title: clean(raw.title), source: raw.source.map(clean), version: raw.version,
            updatedAt: raw.updatedAt, metadata: raw.metadata.mapValues(clean), acl: isAdmin ? raw.acl : nil,
            chunks: raw.chunks.map {
                .init(
                    chunkID: $0.chunkID, headingPath: $0.headingPath.map(clean),
                    offsets: $0.offsets, flags: $0.flags)
            })
    }

    /// Parsed when a document does not exist, so that "absent" does the work "hidden" does.
    static let standInACL = #"{"allow":["role:absent"],"deny":[]}"#

}
