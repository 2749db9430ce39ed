import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault

/// Invariant 5 (authenticated at rest): every modification an attacker with write access to
/// the data directory can make is detected as `store_tampered` — or, in the WAL during
/// recovery, as a reported truncation. Not detected, by design and documented: replacing a
/// whole file (or db + WAL pair) with an older valid copy of the same file.
@Suite struct TamperTests {
    static let page = VaultVFS.pageSize

    /// A checkpointed, vacuumed store (no free pages: every page is read by integrity_check).
    static func makeStore(_ dir: TemporaryDirectory, name: String = "store.db", key: SecureBytes) throws -> String {
        let path = dir.file(name)
        let store = try TenantStore.openOrCreate(tenant: "acme", path: path, key: key)
        for i in 0..<40 {
            try store.putDocument(Fixtures.document("d\(i)", text: String(repeating: "alpha beta gamma \(i) ", count: 60), chunks: 3))
        }
        try store.vacuum()
        try store.checkpoint()
        store.close()
        return path
    }

    static func mutate(_ path: String, _ body: (inout [UInt8]) -> Void) throws {
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        body(&bytes)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Opens and reads every page; returns the error it raised.
    static func readAll(_ path: String, key: SecureBytes) -> RAGVaultError? {
        do {
            let store = try TenantStore.openOrCreate(tenant: "acme", path: path, key: key)
            defer { store.close() }
            let problems = try store.integrityProblems()
            return problems.isEmpty ? nil : RAGVaultError(.storeTampered, problems.joined())
        } catch let error as RAGVaultError {
            return error
        } catch {
            return RAGVaultError(.internalError, "\(error)")
        }
    }

    static func expectTampered(_ path: String, key: SecureBytes, page: Int, _ comment: Comment) {
        let error = readAll(path, key: key)
        #expect(error?.code == .storeTampered, comment)
        #expect(error?.message.contains("tenant 'acme'") == true, comment)
        // The doctor's raw scan names the exact page.
        #expect(throws: RAGVaultError.self, comment) { _ = try VaultVFS.verifyFile(at: path, key: key, label: "t") }
        do {
            _ = try VaultVFS.verifyFile(at: path, key: key, label: "t")
        } catch let error as RAGVaultError {
            #expect(error.message.contains("page \(page)") || error.code == .storeNotVault, comment)
        } catch {}
    }

    @Test(arguments: [
        ("ciphertext", 100), ("ciphertext end", 4055), ("nonce", 4056 + 3), ("tag", 4096 - 1)
    ])
    func bitFlipsAreDetected(region: String, offsetInPage: Int) throws {
        let dir = try TemporaryDirectory()
        let key = try Fixtures.key()
        let path = try Self.makeStore(dir, key: key)
        #expect(Self.readAll(path, key: key) == nil)
        for page in [1, 2, 5] {
            let copy = dir.file("copy-\(page).db")
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            try Self.mutate(copy) { $0[(page - 1) * Self.page + offsetInPage] ^= 0x10 }
            Self.expectTampered(copy, key: key, page: page, "\(region) flip on page \(page)")
        }
    }

    @Test func pageOneHeaderEditsAreDetected() throws {
        let dir = try TemporaryDirectory()
        let key = try Fixtures.key()
        let path = try Self.makeStore(dir, key: key)
        for offset in [0, 7, 8, 15, 16, 99] { // format tag, file id, SQLite header fields
            let copy = dir.file("copy-\(offset).db")
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            try Self.mutate(copy) { $0[offset] ^= 0x01 }
            let error = Self.readAll(copy, key: key)
            #expect(error?.code == .storeTampered || error?.code == .storeNotVault, "offset \(offset): \(String(describing: error))")
        }
    }

    @Test func swappedPagesAreDetected() throws {
        let dir = try TemporaryDirectory()
        let key = try Fixtures.key()
        let path = try Self.makeStore(dir, key: key)
        try Self.mutate(path) { bytes in
            let a = Array(bytes[(2 * Self.page)..<(3 * Self.page)])
            let b = Array(bytes[(3 * Self.page)..<(4 * Self.page)])
            bytes.replaceSubrange((2 * Self.page)..<(3 * Self.page), with: b)
            bytes.replaceSubrange((3 * Self.page)..<(4 * Self.page), with: a)
        }
        Self.expectTampered(path, key: key, page: 3, "pages 3 and 4 swapped")
    }

    @Test func pageCopiedFromAnotherFileIsDetected() throws {
        let dir = try TemporaryDirectory()
        let key = try Fixtures.key()
        // Same key on purpose: the per-file id in the AAD is what must catch this.
        let victim = try Self.makeStore(dir, name: "victim.db", key: key)
        let donor = try Self.makeStore(dir, name: "donor.db", key: key)
        let donorBytes = Array(try Data(contentsOf: URL(fileURLWithPath: donor)))
        try Self.mutate(victim) { $0.replaceSubrange((4 * Self.page)..<(5 * Self.page), with: donorBytes[(4 * Self.page)..<(5 * Self.page)]) }
        Self.expectTampered(victim, key: key, page: 5, "page 5 copied from another file")
        // And a page from another tenant (another key).
        let other = try Self.makeStore(dir, name: "other.db", key: try Fixtures.key())
        let otherBytes = Array(try Data(contentsOf: URL(fileURLWithPath: other)))
        let victim2 = try Self.makeStore(dir, name: "victim2.db", key: key)
        try Self.mutate(victim2) { $0.replaceSubrange((2 * Self.page)..<(3 * Self.page), with: otherBytes[(2 * Self.page)..<(3 * Self.page)]) }
        Self.expectTampered(victim2, key: key, page: 3, "page 3 copied from another tenant")
    }

    @Test func truncatedAndZeroedPagesAreDetected() throws {
        let dir = try TemporaryDirectory()
        let key = try Fixtures.key()
        let path = try Self.makeStore(dir, key: key)
        let zeroed = dir.file("zeroed.db")
        try FileManager.default.copyItem(atPath: path, toPath: zeroed)
        try Self.mutate(zeroed) { $0.replaceSubrange((3 * Self.page)..<(4 * Self.page), with: [UInt8](repeating: 0, count: Self.page)) }
        Self.expectTampered(zeroed, key: key, page: 4, "page 4 zeroed")
        try Self.mutate(path) { $0.removeLast(100) }
        let error = Self.readAll(path, key: key)
        #expect(error?.code == .storeTampered || error?.code == .storeNotVault)
    }

    /// Builds a store whose WAL holds committed frames, and copies db + WAL while it is open
    /// (closing would checkpoint and delete the WAL).
    static func storeWithWAL(_ dir: TemporaryDirectory, encrypted: Bool, key: SecureBytes) throws -> (db: String, wal: String, docs: Int) {
        let live = dir.file(encrypted ? "live.db" : "live-plain.db")
        let store = encrypted ? try TenantStore.openOrCreate(tenant: "acme", path: live, key: key) : try TenantStore(plainAt: live, tenant: "acme")
        try store.putDocument(Fixtures.document("base", text: "base document"))
        try store.checkpoint()
        for i in 0..<12 { try store.putDocument(Fixtures.document("w\(i)", text: "wal document \(i)", chunks: 2)) }
        let db = dir.file(encrypted ? "copy.db" : "copy-plain.db")
        try FileManager.default.copyItem(atPath: live, toPath: db)
        try FileManager.default.copyItem(atPath: live + "-wal", toPath: db + "-wal")
        store.close()
        return (db, db + "-wal", 13)
    }

    @Test func editedWALFrameHeaderFollowedByCommitsIsTampering() throws {
        let dir = try TemporaryDirectory()
        let key = try Fixtures.key()

        // Control: on a plain store the same edit with repaired checksums is accepted by
        // SQLite, so the repair is right and only the AEAD can catch it.
        let plain = try Self.storeWithWAL(dir, encrypted: false, key: key)
        var plainWAL = try WALFile(path: plain.wal)
        let frames = plainWAL.frameCount
        #expect(frames > 10)
        let target = frames / 2
        plainWAL.setPageNumber(ofFrame: target, to: plainWAL.pageNumber(ofFrame: target) + 1)
        try plainWAL.write(to: plain.wal)
        // A bare connection: a store would read its tables on open, and the moved page is corrupt.
        let plainConnection = try StoreOpener.openPlain(path: plain.db, label: "plain")
        let plainLog = try plainConnection.query("PRAGMA wal_checkpoint(PASSIVE)")
        #expect(plainLog.first?[1].int == Int64(frames), "plain SQLite accepted every frame")
        plainConnection.close()

        let enc = try Self.storeWithWAL(dir, encrypted: true, key: key)
        var wal = try WALFile(path: enc.wal)
        wal.setPageNumber(ofFrame: target, to: wal.pageNumber(ofFrame: target) + 1)
        try wal.write(to: enc.wal)
        // Committed transactions follow the edited frame: cutting the log there would silently
        // roll them back, so the store refuses to open.
        Self.expectTamperedOnOpen(enc.db, key: key, "edited frame header with later commits")
    }

    static func expectTamperedOnOpen(_ path: String, key: SecureBytes, _ what: Comment) {
        do {
            let store = try TenantStore(tenant: "acme", path: path, key: key)
            defer { store.close() }
            _ = try store.documentCount()
            Issue.record("\(what): the store opened")
        } catch let error as RAGVaultError {
            #expect(error.code == .storeTampered, what)
        } catch {
            Issue.record("\(what): \(error)")
        }
    }

    @Test func aDamagedFrameBeforeLaterCommitsIsTampering() throws {
        let dir = try TemporaryDirectory()
        let key = try Fixtures.key()
        let enc = try Self.storeWithWAL(dir, encrypted: true, key: key)
        var wal = try WALFile(path: enc.wal)
        wal.bytes[wal.frameOffset(3) + 24 + 500] ^= 0x01
        try wal.write(to: enc.wal)
        Self.expectTamperedOnOpen(enc.db, key: key, "flipped byte in frame 3")
    }

    /// Only the last transaction's commit frame can be torn by a crash: a damaged final frame
    /// is cut off (as a bad checksum would be) and reported, the rest of the log kept.
    @Test func aDamagedFinalFrameIsATornWriteDroppedAndReported() throws {
        let dir = try TemporaryDirectory()
        let key = try Fixtures.key()
        let enc = try Self.storeWithWAL(dir, encrypted: true, key: key)
        var wal = try WALFile(path: enc.wal)
        wal.bytes[wal.frameOffset(wal.frameCount - 1) + 24 + 500] ^= 0x01
        try wal.write(to: enc.wal)
        let store = try TenantStore(tenant: "acme", path: enc.db, key: key)
        defer { store.close() }
        #expect(store.droppedWALFrames > 0)
        #expect(try store.integrityProblems().isEmpty)
        #expect(try store.documentCount() == enc.docs - 1) // the last document's transaction
    }

    /// SQLite drops a WAL whose header fails its checks; while committed frames still
    /// authenticate under the salts the header names, that is an edit, not a torn write.
    @Test(arguments: [0, 5, 26]) // magic, version, checksum
    func anEditedWALHeaderIsTampering(byte: Int) throws {
        let dir = try TemporaryDirectory()
        let key = try Fixtures.key()
        let enc = try Self.storeWithWAL(dir, encrypted: true, key: key)
        var wal = try WALFile(path: enc.wal)
        wal.bytes[byte] ^= 0x10
        try wal.write(to: enc.wal)
        Self.expectTamperedOnOpen(enc.db, key: key, "WAL header byte \(byte)")
    }

    /// Two frames of the same page and kind (both inside a transaction), the older first.
    static func replayPair(_ wal: WALFile) -> (older: Int, newer: Int)? {
        for j in 0..<wal.frameCount where wal.commitSize(ofFrame: j) == 0 {
            for i in 0..<j where wal.pageNumber(ofFrame: i) == wal.pageNumber(ofFrame: j) && wal.commitSize(ofFrame: i) == 0 {
                return (i, j)
            }
        }
        return nil
    }

    /// An older version of a page replayed over a newer frame of the same page, and two frames
    /// swapped, each with SQLite's checksums repaired: only the frame position in the AEAD's
    /// associated data can tell. The old page must never be served.
    @Test(arguments: ["replay", "swap"])
    func framesMovedWithinTheWALAreRefused(edit: String) throws {
        let dir = try TemporaryDirectory()
        let key = try Fixtures.key()
        func edited(_ wal: inout WALFile) throws {
            let pair = try #require(Self.replayPair(wal))
            if edit == "replay" {
                wal.rearrange([pair.newer: pair.older])
            } else {
                let other = try #require((0..<wal.frameCount).first { $0 != pair.older && wal.commitSize(ofFrame: $0) == 0 && $0 > pair.older })
                wal.rearrange([pair.older: other, other: pair.older])
            }
        }
        // Control: plain SQLite takes the same edit (checksums repaired correctly).
        let plain = try Self.storeWithWAL(dir, encrypted: false, key: key)
        var plainWAL = try WALFile(path: plain.wal)
        let frames = plainWAL.frameCount
        try edited(&plainWAL)
        try plainWAL.write(to: plain.wal)
        let connection = try StoreOpener.openPlain(path: plain.db, label: "plain")
        #expect(try connection.query("PRAGMA wal_checkpoint(PASSIVE)").first?[1].int == Int64(frames), "plain SQLite accepted every frame")
        connection.close()

        let enc = try Self.storeWithWAL(dir, encrypted: true, key: key)
        var wal = try WALFile(path: enc.wal)
        try edited(&wal)
        try wal.write(to: enc.wal)
        Self.expectTamperedOnOpen(enc.db, key: key, "\(edit) within the WAL")
    }
}
