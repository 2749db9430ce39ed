import Foundation
import RAGVault

/// A probe target in this process: the vault's own library calls, as the HTTP and MCP
/// servers make them (documents through the ingest pipeline, reads through the Retriever).
public struct LibraryTarget: ProbeTarget {
    public let vault: Vault
    let retriever: Retriever
    public var interface: String { "library" }
    public var sendsVectors: Bool { true }

    public init(vault: Vault) {
        self.vault = vault
        retriever = Retriever(vault: vault)
    }

    /// The tenant's own ingest credential, as an admin tool holds it.
    private func writer(_ tenant: String) -> Principal {
        Principal(tenant: tenant, subject: "user:rvprobe-writer", roles: [], groups: [], scopes: [.ingest])
    }

    private func reader(_ identity: ProbeIdentity) throws -> Principal {
        try Principal.impersonating(tenant: identity.tenant, subject: identity.user, roles: identity.roles, groups: identity.groups)
    }

    public func createTenant(_ name: String) throws { _ = try vault.createTenant(name) }
    public func setVectors(_ config: VectorConfig, tenant: String) throws { try vault.setVectorConfig(config, for: tenant) }
    public func deleteTenant(_ name: String) throws { try vault.deleteTenant(name) }
    public func tenantNames() throws -> [String] { try vault.tenants().map(\.name) }

    public func put(_ document: ProbeDocument, tenant: String) throws {
        var body: [String: Any] = [
            "id": document.id, "title": document.title, "text": document.text,
            "acl": ["allow": document.acl.allow, "deny": document.acl.deny]
        ]
        if let embedding = document.embedding { body["embedding"] = embedding.map(Double.init) }
        let result = try vault.writeDocument(json: try JSONSerialization.data(withJSONObject: body), pathID: nil, as: writer(tenant))
        if result.isSkipped { throw RAGVaultError(.invalidInput, "probe document \(document.id) was not indexed: \(result.code ?? "?")") }
    }

    public func setACL(_ documentID: String, to acl: AccessList, tenant: String) throws {
        _ = try vault.updateACL(documentID, to: acl, as: writer(tenant))
    }

    public func delete(_ documentID: String, tenant: String) throws {
        _ = try vault.deleteDocument(documentID, as: writer(tenant))
    }

    public func search(_ request: SearchRequest, as identity: ProbeIdentity) throws -> ProbeAnswer {
        try Self.answer {
            let result = try retriever.search(request, as: try reader(identity))
            return result.results.map {
                ProbePassage(documentID: $0.documentID, chunkID: $0.chunkID, score: $0.score, text: $0.text, snippet: $0.snippet)
            }
        }
    }

    public func chunk(_ chunkID: String, as identity: ProbeIdentity) throws -> ProbeAnswer {
        try Self.answer {
            let view = try retriever.chunk(chunkID, as: try reader(identity))
            return [ProbePassage(documentID: view.documentID, chunkID: view.chunkID, score: 0, text: view.text, snippet: "")]
        }
    }

    public func document(_ documentID: String, as identity: ProbeIdentity) throws -> ProbeAnswer {
        try Self.answer {
            let view = try retriever.document(documentID, as: try reader(identity))
            return [ProbePassage(documentID: view.id, chunkID: "", score: 0, text: view.title, snippet: "")]
        }
    }

    /// An error a caller could receive is an answer (its code and message); others propagate.
    static func answer(_ body: () throws -> [ProbePassage]) throws -> ProbeAnswer {
        do {
            let passages = try body()
            return ProbeAnswer(status: "ok", passages: passages, shape: "ok")
        } catch let error as RAGVaultError where error.code != .internalError {
            return ProbeAnswer(status: error.code.rawValue, shape: "\(error.code.rawValue): \(error.message)")
        }
    }
}
