import Foundation

/// What one document write did, as the API reports it.
public struct DocumentWriteResult: Encodable, Sendable, Equatable {
    public var id: String
    /// `added`, `updated`, `unchanged`, `acl_updated`, `deleted`, or `skipped` (with `code`).
    public var outcome: String
    public var version: Int?
    public var code: String?
    public var reason: String?
    public var secretsScrubbed: Int
    public var invisibleCharactersRemoved: Int
    public var possibleInjectionChunks: Int

    enum CodingKeys: String, CodingKey {
        case id, outcome, version, code, reason, secretsScrubbed = "secrets_scrubbed"
        case invisibleCharactersRemoved = "invisible_characters_removed", possibleInjectionChunks = "possible_injection_chunks"
    }

    public var isSkipped: Bool { outcome == "skipped" }

    /// The document as its audit record names it.
    var audited: AuditDocument { AuditDocument(id: String(id.prefix(256)), version: version, outcome: outcome, code: code) }

    public init(
        id: String, outcome: String, version: Int? = nil, code: String? = nil, reason: String? = nil,
        secretsScrubbed: Int = 0, invisibleCharactersRemoved: Int = 0, possibleInjectionChunks: Int = 0
    ) {
        (self.id, self.outcome, self.version, self.code, self.reason) = (id, outcome, version, code, reason)
        (self.secretsScrubbed, self.invisibleCharactersRemoved, self.possibleInjectionChunks) =
            (secretsScrubbed, invisibleCharactersRemoved, possibleInjectionChunks)
    }
}

/// Document writes on behalf of an API principal: the same pipeline as `ragvault index`
/// (unscoped documents refused, secrets scrubbed, flags set), one document per call.
extension Vault {
    /// Largest document body accepted through the API (the CLI's file limit).
    public static let maxDocumentBytes = 8 << 20

    /// Indexes one JSON document (`NDJSONBatch` shape). `pathID`, when given, is the id; a
    /// body `id` that differs is refused.
    public func writeDocument(
        json data: Data, pathID: String?, as principal: Principal,
        maxBytes: Int = Vault.maxDocumentBytes, audit: AuditContext? = nil
    ) throws -> DocumentWriteResult {
        try audited(audit, "document.write", tenant: principal.tenant, subject: principal.subject) { record in
            let result = try writeDocumentUnaudited(json: data, pathID: pathID, as: principal, maxBytes: maxBytes)
            record.documents = [result.audited]
            if result.isSkipped { (record.outcome, record.code) = ("error", result.code) }
            return result
        }
    }

    private func writeDocumentUnaudited(
        json data: Data, pathID: String?, as principal: Principal,
        maxBytes: Int
    ) throws -> DocumentWriteResult {
        try principal.require([.ingest, .admin], to: "write documents")
        if case .unusable(_, let code, let reason)? = NDJSONBatch.jsonRefusal(data, label: "document") {
            return DocumentWriteResult(id: pathID ?? "", outcome: "skipped", code: code, reason: reason)
        }
        let line: NDJSONBatch.Line
        do {
            line = try JSONDecoder().decode(NDJSONBatch.Line.self, from: data)
        } catch {
            return DocumentWriteResult(
                id: pathID ?? "", outcome: "skipped", code: "invalid_json",
                reason: "not a valid document object: \(NDJSONBatch.describe(error))")
        }
        return try writeDocument(line, pathID: pathID, as: principal, maxBytes: maxBytes)
    }

    func writeDocument(
        _ decoded: NDJSONBatch.Line, pathID: String?, as principal: Principal,
        maxBytes: Int
    ) throws -> DocumentWriteResult {
        var line = decoded
        if let pathID {
            if let bodyID = line.id, bodyID != pathID {
                return DocumentWriteResult(
                    id: pathID, outcome: "skipped", code: "id_mismatch",
                    reason: "the body's \"id\" differs from the id in the path")
            }
            line.id = pathID
        }
        let document: SourceDocument
        switch NDJSONBatch.item(from: line, label: "document", defaultACL: nil, maxBytes: maxBytes) {
        case .unusable(_, let code, let reason):
            return DocumentWriteResult(id: line.id ?? "", outcome: "skipped", code: code, reason: reason)
        case .document(let d):
            document = d
        }
        let indexer = try indexer(for: principal.tenant, separateReader: false)
        var findings = DocumentPreparer.Findings()
        let outcome = try indexer.index(document, findings: &findings)
        var result = DocumentWriteResult(
            id: document.externalID, outcome: "", secretsScrubbed: findings.secretsScrubbed,
            invisibleCharactersRemoved: findings.invisibleCharactersRemoved,
            possibleInjectionChunks: findings.injectionChunks)
        switch outcome {
        case .added: result.outcome = "added"
        case .updated: result.outcome = "updated"
        case .unchanged: result.outcome = "unchanged"
        case .aclUpdated: result.outcome = "acl_updated"
        case .skipped(let code, let reason): (result.outcome, result.code, result.reason) = ("skipped", code, reason)
        }
        if !result.isSkipped { result.version = try indexer.store.documentState(externalID: document.externalID)?.version }
        return result
    }

    /// Deletes a document of the principal's tenant; `not_found` when there is none.
    public func deleteDocument(_ externalID: String, as principal: Principal, audit: AuditContext? = nil) throws -> DocumentWriteResult {
        try audited(audit, "document.delete", tenant: principal.tenant, subject: principal.subject) { record in
            record.documents = [AuditDocument(id: String(externalID.prefix(256)))]
            try principal.require([.ingest, .admin], to: "delete documents")
            try DocumentID.validate(externalID)
            guard try store(for: principal.tenant).deleteDocument(externalID: externalID) else { throw RAGVaultError.notFound("document") }
            record.documents = [AuditDocument(id: externalID, outcome: "deleted")]
            return DocumentWriteResult(id: externalID, outcome: "deleted")
        }
    }

    /// Replaces a document's access list without re-chunking; `not_found` when there is none.
    public func updateACL(
        _ externalID: String, to acl: AccessList, as principal: Principal,
        audit: AuditContext? = nil
    ) throws -> DocumentWriteResult {
        try audited(audit, "document.acl", tenant: principal.tenant, subject: principal.subject) { record in
            record.documents = [AuditDocument(id: String(externalID.prefix(256)))]
            let result = try updateACLUnaudited(externalID, to: acl, as: principal, before: &record.before)
            record.documents = [result.audited]
            record.after = .of(acl)
            return result
        }
    }

    private func updateACLUnaudited(
        _ externalID: String, to acl: AccessList, as principal: Principal,
        before: inout AuditValue?
    ) throws -> DocumentWriteResult {
        try principal.require([.ingest, .admin], to: "change access lists")
        try DocumentID.validate(externalID)
        let store = try store(for: principal.tenant)
        let validated: AccessList
        do { validated = try DocumentPreparer(scrubber: nil).validateACL(acl) } catch {
            throw RAGVaultError(.invalidInput, error.reason)
        }
        guard let state = try store.documentState(externalID: externalID) else { throw RAGVaultError.notFound("document") }
        before = .of(state.acl)
        if state.acl == validated { return DocumentWriteResult(id: externalID, outcome: "unchanged", version: state.version) }
        try store.updateACL(externalID: externalID, acl: validated)
        return DocumentWriteResult(id: externalID, outcome: "acl_updated", version: state.version)
    }
}
