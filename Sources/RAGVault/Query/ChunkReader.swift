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
        let row = try store.withConnection { db in
            try db.query(
                """
                SELECT c.text, c.heading_path, c.start_offset, c.end_offset, c.flags, d.external_id, d.title, d.acl_json
                FROM chunks c JOIN documents d ON d.id = c.document_id WHERE c.public_id = ?
                """, [.text(publicID)]
            ).first
        }
        guard let row, let acl = StoredJSON.accessList(row[7].string ?? ""), principal.mayRead(acl) else { throw missing }
        let (redactor, policy) = try vault.redaction(for: principal.tenant, store: store)
        var counts: [String: Int] = [:]
        func clean(_ s: String) -> String {
            let out = redactor.redact(s, policy: policy, roles: principal.exemptionNames)
            for (k, v) in out.summary { counts[k, default: 0] += v }
            return out.text
        }
        let heading = row[1].string ?? ""
        return ChunkView(
            chunkID: publicID, documentID: row[5].string ?? "", title: clean(row[6].string ?? ""),
            headingPath: heading.isEmpty ? [] : heading.components(separatedBy: " › ").map(clean),
            text: clean(row[0].string ?? ""), offsets: [Int(row[2].int ?? 0), Int(row[3].int ?? 0)],
            flags: StoredJSON.stringArray(row[4].string ?? "[]"), redactions: counts)
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
        let loaded: (DocumentView, AccessList)? = try store.withConnection { db in
            // Visibility is decided from the document's one row, before any chunk is read: a
            // hidden document of many chunks and one that does not exist cost the same lookup
            // (an absent one still parses a stand-in ACL).
            let d = try db.query(
                """
                SELECT id, title, source, version, updated_at, metadata_json, acl_json FROM documents WHERE external_id = ?
                """, [.text(externalID)]
            ).first
            let parsed = StoredJSON.accessList(d?[6].string ?? Self.standInACL)
            let visible = parsed.map { isAdmin || principal.mayRead($0) } ?? false
            guard let d, let acl = parsed, visible else { return nil }
            let chunks = try db.query(
                """
                SELECT public_id, heading_path, start_offset, end_offset, flags FROM chunks WHERE document_id = ? ORDER BY ordinal
                """, [.integer(d[0].int ?? 0)]
            ).map { c -> (String, String, Int, Int, [String]) in
                (c[0].string ?? "", c[1].string ?? "", Int(c[2].int ?? 0), Int(c[3].int ?? 0), StoredJSON.stringArray(c[4].string ?? "[]"))
            }
            let metadata = (try? JSONDecoder().decode([String: String].self, from: Data((d[5].string ?? "{}").utf8))) ?? [:]
            let view = DocumentView(
                id: externalID, title: d[1].string ?? "", source: d[2].string, version: Int(d[3].int ?? 1),
                updatedAt: d[4].string ?? "", metadata: metadata, acl: acl,
                chunks: chunks.map {
                    DocumentView.ChunkEntry(
                        chunkID: $0.0, headingPath: $0.1.isEmpty ? [] : $0.1.components(separatedBy: " › "),
                        offsets: [$0.2, $0.3], flags: $0.4)
                })
            return (view, acl)
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
