import RAGVaultTestSupport
import CSQLite
import Foundation
import Synchronization
import Testing
@testable import RAGVault

/// The VFS's vetoes and refusals: what would let plaintext reach the disk or break the page
/// layout is an error, never silently accepted.
@Suite struct VaultVFSTests {
    static func openStore(_ dir: TemporaryDirectory) throws -> TenantStore {
        let store = try TenantStore.openOrCreate(tenant: "acme", path: dir.file("s.db"), key: try Fixtures.key())
        try store.putDocument(Fixtures.document("d", text: "hello"))
        return store
    }

    @Test(arguments: [
        "PRAGMA journal_mode=DELETE", "PRAGMA journal_mode=TRUNCATE", "PRAGMA journal_mode=OFF",
        "PRAGMA journal_mode=MEMORY", "PRAGMA page_size=8192", "PRAGMA temp_store=FILE",
        "PRAGMA temp_store=0", "PRAGMA mmap_size=1048576"
    ])
    func dangerousPragmasAreVetoed(pragma: String) throws {
        let dir = try TemporaryDirectory()
        let store = try Self.openStore(dir)
        defer { store.close() }
        #expect(throws: RAGVaultError.self) { try store.withConnection { try $0.execute(pragma) } }
        try store.withConnection { db throws in
            #expect(try db.scalar("PRAGMA journal_mode").string == "wal")
            #expect(try db.scalar("PRAGMA temp_store").int == 2)
        }
        try store.putDocument(Fixtures.document("e", text: "still writable"))
        #expect(try store.integrityProblems().isEmpty)
    }

    @Test func layoutIsFixed() throws {
        let dir = try TemporaryDirectory()
        let store = try Self.openStore(dir)
        defer { store.close() }
        try store.withConnection { db throws in
            #expect(try db.scalar("PRAGMA page_size").int == 4096)
            var reserve = Int32(-1)
            sqlite3_file_control(db.handle, "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve)
            #expect(reserve == 40)
            #expect(try db.scalar("PRAGMA mmap_size").int == 0)
        }
        // Survives VACUUM with the same layout.
        try store.vacuum()
        try store.withConnection { db throws in
            var reserve = Int32(-1)
            sqlite3_file_control(db.handle, "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve)
            #expect(reserve == 40)
        }
    }

    @Test func refusesUnsafeOpens() throws {
        let dir = try TemporaryDirectory()
        try VaultVFS.register()
        let key = try Fixtures.key()
        // psow=0 would let SQLite split WAL page writes.
        #expect(throws: RAGVaultError.self) {
            try VaultVFS.withKeySlot(key) { slot in
                _ = try Connection(uri: StoreOpener.fileURI(dir.file("p.db"), ["vfs": VaultVFS.name, "vault_key": "\(slot)", "psow": "0"]), label: "t")
            }
        }
        // No key slot: nothing can be opened.
        #expect(throws: RAGVaultError.self) {
            _ = try Connection(uri: StoreOpener.fileURI(dir.file("k.db"), ["vfs": VaultVFS.name]), label: "t")
        }
        // A slot that was removed is as good as none.
        let stale = try VaultVFS.withKeySlot(key) { $0 }
        #expect(throws: RAGVaultError.self) {
            _ = try Connection(uri: StoreOpener.fileURI(dir.file("k2.db"), ["vfs": VaultVFS.name, "vault_key": "\(stale)"]), label: "t")
        }
        // A temp database attached by a user stays in memory (temp_store=MEMORY): no new file.
        let store = try Self.openStore(dir)
        defer { store.close() }
        let filesBefore = dir.allFiles().count
        try store.withConnection { db in
            try db.execute("ATTACH DATABASE '' AS scratch; CREATE TABLE scratch.t(x); INSERT INTO scratch.t VALUES (zeroblob(300000)); DETACH scratch;")
        }
        #expect(dir.allFiles().count == filesBefore)
    }

    /// Below SQLite: the VFS itself refuses every file kind except a main database and its WAL.
    @Test(arguments: [
        (SQLITE_OPEN_TEMP_DB | SQLITE_OPEN_DELETEONCLOSE, false),
        (SQLITE_OPEN_TEMP_JOURNAL | SQLITE_OPEN_DELETEONCLOSE, false),
        (SQLITE_OPEN_SUBJOURNAL | SQLITE_OPEN_DELETEONCLOSE, false),
        (SQLITE_OPEN_TRANSIENT_DB | SQLITE_OPEN_DELETEONCLOSE, false),
        (SQLITE_OPEN_MAIN_JOURNAL, true),
        (SQLITE_OPEN_SUPER_JOURNAL, true),
        (SQLITE_OPEN_MAIN_DB, false)
    ])
    func vfsRefusesOtherFileKinds(kind: Int32, named: Bool) throws {
        let dir = try TemporaryDirectory()
        try VaultVFS.register()
        let vfs = try #require(sqlite3_vfs_find(VaultVFS.name))
        let file = UnsafeMutableRawPointer.allocate(byteCount: Int(vfs.pointee.szOsFile), alignment: 16)
        defer { file.deallocate() }
        let path = strdup(dir.file("x-journal"))
        defer { free(path) }
        var out: Int32 = 0
        let rc = vfs.pointee.xOpen(
            vfs, named ? UnsafePointer(path) : nil, file.assumingMemoryBound(to: sqlite3_file.self),
            kind | SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE, &out)
        #expect(rc == SQLITE_CANTOPEN)
        #expect(dir.allFiles().isEmpty)
    }

    @Test func plainAndVaultFilesAreNotConfused() throws {
        let dir = try TemporaryDirectory()
        let plain = try TenantStore(plainAt: dir.file("plain.db"), tenant: "acme")
        try plain.putDocument(Fixtures.document("d", text: "hello"))
        try plain.checkpoint()
        plain.close()
        do {
            _ = try TenantStore.openOrCreate(tenant: "acme", path: dir.file("plain.db"), key: try Fixtures.key())
            Issue.record("a plain SQLite file opened as an encrypted store")
        } catch let error as RAGVaultError {
            #expect(error.code == .storeNotVault)
        }
        let store = try Self.openStore(dir)
        try store.checkpoint()
        store.close()
        var db: OpaquePointer?
        sqlite3_open(dir.file("s.db"), &db)
        defer { sqlite3_close(db) }
        #expect(sqlite3_exec(db, "SELECT count(*) FROM documents", nil, nil, nil) == SQLITE_NOTADB)
    }

    @Test func concurrentConnectionsShareOneFile() throws {
        let dir = try TemporaryDirectory()
        let key = try Fixtures.key()
        let path = dir.file("shared.db")
        let writer = try TenantStore.openOrCreate(tenant: "acme", path: path, key: key)
        let reader = try TenantStore.openOrCreate(tenant: "acme", path: path, key: key)
        defer { writer.close(); reader.close() }
        for i in 0..<50 {
            try writer.putDocument(Fixtures.document("d\(i)", text: "text \(i)", chunks: 3))
            #expect(try reader.documentCount() == i + 1)
        }
        try reader.checkpoint()
        #expect(try reader.integrityProblems().isEmpty)
    }
}

@Suite struct StorePoolTests {
    @Test func keepsAtMostCapacityOpen() throws {
        let dir = try TemporaryDirectory()
        let vault = try Vault.initialize(at: dir.file("data"), keySource: .generatedKeyFile, poolCapacity: 3)
        defer { vault.close() }
        for i in 0..<8 {
            try vault.createTenant("t\(i)")
            try vault.store(for: "t\(i)").putDocument(Fixtures.document("d", text: "tenant \(i)"))
        }
        #expect(vault.pool.openCount <= 3)
        for i in (0..<8).reversed() {
            #expect(try vault.store(for: "t\(i)").documentCount() == 1)
            #expect(vault.pool.openCount <= 3)
        }
        // The most recently used store is the same object; an evicted one is reopened.
        let a = try vault.store(for: "t0")
        #expect(try vault.store(for: "t0") === a)
    }

    /// A store pushed out by capacity while a caller still holds it keeps working for that
    /// caller (it is let go, not closed under it).
    @Test func aStorePushedOutWhileInUseKeepsWorking() throws {
        let dir = try TemporaryDirectory()
        let vault = try Vault.initialize(at: dir.file("data"), keySource: .generatedKeyFile, poolCapacity: 2)
        defer { vault.close() }
        for i in 0..<4 { try vault.createTenant("t\(i)") }
        let held = try vault.store(for: "t0")
        for i in 1..<4 { _ = try vault.store(for: "t\(i)") }
        #expect(vault.pool.evictions >= 2)
        try held.putDocument(Fixtures.document("d", text: "still open"))
        #expect(try vault.store(for: "t0").documentCount() == 1)
    }

    /// Runs `body` on another thread; fails the test instead of hanging when it does not end.
    static func finishes(within seconds: Double = 30, _ body: @escaping @Sendable () throws -> Void) -> DispatchSemaphore {
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            do { try body() } catch { Issue.record("\(error)") }
            done.signal()
        }
        return done
    }

    /// Polls `condition` (a counter, not a guess at timing) for up to 30 seconds.
    static func eventually(_ condition: () -> Bool) -> Bool {
        for _ in 0..<30_000 {
            if condition() { return true }
            usleep(1_000)
        }
        return false
    }

    /// A cold open runs outside the pool's lock: an open tenant is served while another
    /// tenant's open is in progress; a second caller for the tenant being opened waits for that
    /// open instead of opening it again; and opens beyond the limit wait for a slot.
    @Test func coldOpensRunOutsideTheLockOnePerTenantAndBounded() throws {
        let dir = try TemporaryDirectory()
        let vault = try Vault.initialize(at: dir.file("data"), keySource: .generatedKeyFile)
        defer { vault.close() }
        for name in ["warm", "cold", "c1", "c2"] { try vault.createTenant(name) }
        let pool = StorePool(capacity: 8, maxConcurrentOpens: 2)
        defer { pool.closeAll() }
        let warm = try pool.store(for: "warm") { try vault.unpooledStore(for: "warm") }
        let started = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let opens = Mutex<[String]>([])
        let slowOpen = { @Sendable (name: String) throws -> TenantStore in
            opens.withLock { $0.append(name) }
            started.signal()
            release.wait()
            return try vault.unpooledStore(for: name)
        }
        let first = Self.finishes { _ = try pool.store(for: "cold") { try slowOpen("cold") } }
        started.wait()
        // The open tenant is served while "cold" is being opened.
        let served = Self.finishes {
            let again = try pool.store(for: "warm") { try vault.unpooledStore(for: "warm") }
            #expect(again === warm)
        }
        guard served.wait(timeout: .now() + 30) == .success else {
            Issue.record("a warm tenant waited for a cold open")
            release.signal() // let the open finish, so the test ends rather than hangs
            _ = first.wait(timeout: .now() + 30)
            return
        }
        // A second caller for "cold" waits for the open in progress.
        let second = Self.finishes { _ = try pool.store(for: "cold") { try slowOpen("cold") } }
        guard Self.eventually({ pool.waitingCount >= 1 }) else {
            Issue.record("a second caller for a tenant being opened did not wait for that open")
            for _ in 0..<4 { release.signal() }
            return
        }
        // A second tenant's open takes the second slot; a third tenant's waits for a slot.
        let c1 = Self.finishes { _ = try pool.store(for: "c1") { try slowOpen("c1") } }
        started.wait()
        let c2 = Self.finishes { _ = try pool.store(for: "c2") { try slowOpen("c2") } }
        guard Self.eventually({ pool.waitingCount >= 2 }) else {
            Issue.record("a third open did not wait for a free slot")
            for _ in 0..<4 { release.signal() }
            return
        }
        #expect(opens.withLock { $0 } == ["cold", "c1"])
        for _ in 0..<3 { release.signal() }
        for done in [first, second, c1] { #expect(done.wait(timeout: .now() + 30) == .success) }
        started.wait()
        #expect(c2.wait(timeout: .now() + 30) == .success)
        #expect(opens.withLock { $0 }.sorted() == ["c1", "c2", "cold"], "each tenant opened once")
        #expect(pool.openCount == 4)
    }
}
