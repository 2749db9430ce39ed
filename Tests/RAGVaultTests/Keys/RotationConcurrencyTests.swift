import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault

/// Key rotation while another process has the tenant open. A second `Vault` on the same data
/// directory stands in for the other process: it has its own SQLite connections, and SQLite
/// locks between connections as it does between processes.
@Suite struct RotationConcurrencyTests {
    static func code(_ body: () throws -> Void) -> RAGVaultError.Code? { KeyHierarchyTests.code(body) }

    @Test func aStaleWriterIsRefusedAndNothingItCommittedIsLost() throws {
        let dir = try TemporaryDirectory()
        let (vault, data) = try KeyHierarchyTests.populated(dir)
        defer { vault.close() }
        let other = try Vault.open(at: data, environment: [:])
        defer { other.close() }
        let stale = try other.store(for: "acme")
        try stale.putDocument(Fixtures.document("acme-2", text: "acme written before the rotation", chunks: 1))

        try vault.rotateTenantKey("acme")

        // The old store (deleted, but still open over there) takes no more writes.
        #expect(Self.code { try stale.putDocument(Fixtures.document("acme-3", text: "too late", chunks: 1)) } == .storeRetired)
        #expect(Self.code { try stale.deleteDocument(externalID: "acme-2") } == .storeRetired)
        #expect(Self.code { try stale.batch { try stale.putDocument(Fixtures.document("acme-4", text: "batched", chunks: 1)) } } == .storeRetired)
        #expect(try vault.store(for: "acme").documentIDs() == ["acme-1", "acme-2"])

        // Searching over there reopens the tenant by itself and finds the copied document.
        let alice = try Principal.impersonating(tenant: "acme", subject: "alice", roles: ["eng"])
        let result = try Retriever(vault: other).search(SearchRequest(query: "rotation"), as: alice)
        #expect(result.results.map(\.documentID) == ["acme-2"])

        // Opened again, the other side writes into the new store.
        try other.reopenStore(for: "acme")
        try other.store(for: "acme").putDocument(Fixtures.document("acme-3", text: "after the rotation", chunks: 1))
        try vault.reopenStore(for: "acme")
        #expect(try vault.store(for: "acme").documentIDs() == ["acme-1", "acme-2", "acme-3"])
    }

    /// The read every search ranks under, on a reader opened before the rotation (a reader
    /// opened after it finds the file gone instead — the test above): the old store reads as
    /// retired (no generation), so the search answers `store_retired` and reopens.
    @Test func anOpenReaderReadsTheOldStoreAsRetired() throws {
        let dir = try TemporaryDirectory()
        let (vault, data) = try KeyHierarchyTests.populated(dir)
        defer { vault.close() }
        let other = try Vault.open(at: data, environment: [:])
        defer { other.close() }
        let stale = try other.store(for: "acme")
        #expect(try stale.readSnapshot { try $0.liveGeneration() } != nil)
        try vault.rotateTenantKey("acme")
        #expect(try stale.readSnapshot { try $0.liveGeneration() } == nil)
        #expect(try vault.store(for: "acme").readSnapshot { try $0.liveGeneration() } != nil)
    }

    @Test func rotationWaitsForAWriterAndCopiesWhatItCommits() throws {
        let dir = try TemporaryDirectory()
        let (vault, data) = try KeyHierarchyTests.populated(dir)
        defer { vault.close() }
        let other = try Vault.open(at: data, environment: [:])
        defer { other.close() }
        let store = try other.store(for: "acme")
        let storeFile = (vault.storePath(try vault.tenantRecord("acme")) as NSString).lastPathComponent
        let inTransaction = DispatchSemaphore(value: 0), rotationWaits = DispatchSemaphore(value: 0)
        let token = BusyWait.observe { path in if path.hasSuffix("/" + storeFile) { rotationWaits.signal() } }
        defer { BusyWait.stopObserving(token) }
        let waited = Flag()
        let writer = Thread {
            try? store.withConnection { db in
                try db.transaction {
                    try db.run("INSERT INTO store_meta(key, value) VALUES ('probe', 'committed by the writer')")
                    inTransaction.signal()
                    // Commits only once the rotation is waiting for this transaction's lock.
                    if rotationWaits.wait(timeout: .now() + 60) == .success { waited.set() }
                }
            }
        }
        writer.start()
        inTransaction.wait()
        let after = try vault.rotateTenantKey("acme")
        #expect(waited.isSet, "the rotation never waited for the writer's lock")
        let copy = try TenantStore.openOrCreate(tenant: "acme", path: vault.storePath(after), key: try vault.unwrapKey(after))
        defer { copy.close() }
        #expect(try copy.withConnection { try $0.scalar("SELECT value FROM store_meta WHERE key = 'probe'").string } == "committed by the writer")
    }
}

/// Set once, read from another thread.
private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
