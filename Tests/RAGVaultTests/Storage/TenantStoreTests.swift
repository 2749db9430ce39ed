import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault

@Suite struct TenantStoreTests {
    @Test func roundTripsDocumentsAcrossReopen() throws {
        let dir = try TemporaryDirectory()
        let key = try Fixtures.key()
        let path = dir.file("t.db")
        do {
            let store = try TenantStore.openOrCreate(tenant: "acme", path: path, key: key)
            try store.putDocument(Fixtures.document("d1", text: "the quick brown fox"))
            try store.putDocument(Fixtures.document("d2", text: "lazy dogs sleep", chunks: 3))
            #expect(try store.documentCount() == 2)
            store.close()
        }
        let reopened = try TenantStore.openOrCreate(tenant: "acme", path: path, key: key)
        #expect(try reopened.documentCount() == 2)
        #expect(try reopened.chunkCount() == 4)
        #expect(try reopened.integrityProblems().isEmpty)
        let hits = try reopened.withConnection { try $0.query("SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH 'fox'") }
        #expect(hits.count == 1)
    }

    @Test func replacingADocumentKeepsOneVersion() throws {
        let dir = try TemporaryDirectory()
        let store = try TenantStore.openOrCreate(tenant: "acme", path: dir.file("t.db"), key: try Fixtures.key())
        try store.putDocument(Fixtures.document("d1", text: "first version", chunks: 2))
        try store.putDocument(Fixtures.document("d1", text: "second version"))
        #expect(try store.documentCount() == 1)
        #expect(try store.chunkCount() == 1)
        #expect(try store.deleteDocument(externalID: "d1"))
        #expect(try store.deleteDocument(externalID: "d1") == false)
        #expect(try store.generation() == 3)
    }

    @Test func bulkReplacementCountsVersionsAndKeepsCreationTime() throws {
        let dir = try TemporaryDirectory()
        let store = try TenantStore.openOrCreate(tenant: "acme", path: dir.file("t.db"), key: try Fixtures.key())
        try store.putDocuments([Fixtures.document("d1", text: "one"), Fixtures.document("d2", text: "two")])
        let created = try store.withConnection { try $0.scalar("SELECT created_at FROM documents WHERE external_id = 'd1'") }
        try store.putDocuments([Fixtures.document("d1", text: "one, revised")])
        #expect(try store.documentState(externalID: "d1")?.version == 2)
        #expect(try store.documentState(externalID: "d2")?.version == 1)
        #expect(try store.withConnection { try $0.scalar("SELECT created_at FROM documents WHERE external_id = 'd1'") } == created)
    }

    @Test func wrongKeyIsRejectedAndFileUntouched() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("t.db")
        let store = try TenantStore.openOrCreate(tenant: "acme", path: path, key: try Fixtures.key())
        try store.putDocument(Fixtures.document("d1", text: "secret text"))
        try store.checkpoint()
        store.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: RAGVaultError.self) { _ = try TenantStore.openOrCreate(tenant: "acme", path: path, key: try Fixtures.key()) }
        do {
            _ = try TenantStore.openOrCreate(tenant: "acme", path: path, key: try Fixtures.key())
        } catch let error as RAGVaultError {
            #expect(error.code == .storeTampered, "\(error)")
            #expect(error.message.contains("tenant 'acme'"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }
}

/// Batched commits (bulk indexing): every write inside a batch is its own savepoint.
@Suite struct TenantStoreBatchTests {
    @Test func aFailingWriteInABatchUndoesOnlyItself() throws {
        let dir = try TemporaryDirectory()
        let store = try TenantStore.openOrCreate(tenant: "acme", path: dir.file("t.db"), key: try Fixtures.key())
        try store.batch {
            try store.putDocument(Fixtures.document("d1", text: "first", chunks: 2))
            // Fails inside its savepoint (no such document): d1 and d2 are unaffected.
            #expect(throws: RAGVaultError.self) { try store.updateACL(externalID: "missing", acl: AccessList(allow: ["role:x"])) }
            try store.putDocument(Fixtures.document("d2", text: "second"))
        }
        #expect(try store.documentIDs() == ["d1", "d2"])
        #expect(try store.chunkCount() == 3)
        #expect(try store.integrityProblems().isEmpty)
    }

    @Test func aThrowingBatchCommitsNothing() throws {
        let dir = try TemporaryDirectory()
        let store = try TenantStore.openOrCreate(tenant: "acme", path: dir.file("t.db"), key: try Fixtures.key())
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try store.batch {
                try store.putDocument(Fixtures.document("d1", text: "first"))
                throw Abort()
            }
        }
        #expect(try store.documentCount() == 0)
        // The connection is usable afterwards (no transaction left open).
        try store.putDocument(Fixtures.document("d3", text: "third"))
        #expect(try store.documentIDs() == ["d3"])
    }

    @Test func aQueueAdmitsOneOversizedItemAndBoundsTheRest() {
        let queue = BoundedQueue<Int>(capacity: 4, byteCapacity: 10)
        queue.put(1, bytes: 100) // larger than the whole budget: admitted alone
        #expect(queue.tryTake() == 1)
        #expect(queue.tryTake() == nil)
        queue.put(2, bytes: 4)
        queue.put(3, bytes: 4)
        let stored = DispatchSemaphore(value: 0)
        let third = Thread {
            queue.put(4, bytes: 4); stored.signal()
        } // would exceed 10 bytes: waits
        third.start()
        #expect(waitUntil { queue.waitingProducers == 1 }, "the third put never waited")
        #expect(stored.wait(timeout: .now()) == .timedOut, "the third put went past the byte bound")
        #expect(queue.tryTake() == 2) // frees room: the waiting put goes in
        #expect(stored.wait(timeout: .now() + 60) == .success)
        queue.close()
        #expect(queue.take() == 3)
        #expect(queue.take() == 4)
        #expect(queue.take() == nil)
    }
}

/// Text goes into and out of SQLite by byte length: a NUL inside a value is part of it, so
/// "eng/plan.md\0evil" never binds or reads back as "eng/plan.md".
@Suite struct StatementTextTests {
    @Test func textWithANULKeepsEveryByte() throws {
        let dir = try TemporaryDirectory()
        let db = try Connection(uri: "file:" + dir.file("t.db"), label: "test")
        try db.run("CREATE TABLE t(v TEXT)")
        try db.run("INSERT INTO t(v) VALUES (?)", [.text("eng/plan.md")])
        #expect(try db.scalar("SELECT count(*) FROM t WHERE v = ?", [.text("eng/plan.md\u{0}evil")]).int == 0)
        try db.run("INSERT INTO t(v) VALUES (?)", [.text("a\u{0}b")])
        #expect(try db.scalar("SELECT length(CAST(v AS BLOB)) FROM t WHERE v = ?", [.text("a\u{0}b")]).int == 3)
        #expect(try db.scalar("SELECT v FROM t WHERE rowid = 2").string == "a\u{0}b")
    }
}
