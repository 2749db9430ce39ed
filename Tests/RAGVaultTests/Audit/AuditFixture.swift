import RAGVaultTestSupport
import Foundation
@testable import RAGVault

/// A vault with tenant `acme` and some recorded actions, plus raw access to its log's frames.
final class AuditFixture {
    let dir: TemporaryDirectory
    let vault: Vault
    let retriever: Retriever

    init(documents: Int = 3) throws {
        dir = try TemporaryDirectory()
        vault = try Vault.initialize(at: dir.file("data"), keySource: .generatedKeyFile)
        try vault.createTenant("acme")
        retriever = Retriever(vault: vault)
        for i in 0..<documents {
            let line = #"{"id":"doc-\#(i)","title":"Runbook \#(i)","text":"Rotate the signing key step \#(i). Contact ops.","acl":{"allow":["role:eng"]}}"#
            _ = try vault.writeDocument(json: Data(line.utf8), pathID: nil, as: Self.writer)
        }
        logPath = try vault.auditLog(tenant: "acme").path
    }

    static let writer = Principal(tenant: "acme", subject: "user:ingester", roles: [], groups: [], scopes: [.ingest])
    static let alice = Principal(tenant: "acme", subject: "user:alice", roles: ["role:eng"], groups: [], scopes: [.search])

    /// Acme's log (read once: tests close the vault and go on editing the file).
    private(set) var logPath = ""

    /// The log's frames as (offset, length) in file order.
    func frames() throws -> [(offset: Int, length: Int)] {
        let bytes = try bytes()
        return AuditFrame.split(Array(bytes.dropFirst(8)), base: 8).frames.map { ($0.offset, $0.end - $0.offset) }
    }

    /// The log file as it is once every record appended so far is written (whatever the mode).
    func bytes() throws -> [UInt8] {
        vault.auditTrail.flush()
        return try Array(Data(contentsOf: URL(fileURLWithPath: logPath)))
    }

    func write(_ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: logPath))
    }

    /// Appends `count` searches.
    func search(_ count: Int) throws {
        for i in 0..<count { _ = try retriever.search(SearchRequest(query: "signing key \(i)"), as: Self.alice) }
    }
}
