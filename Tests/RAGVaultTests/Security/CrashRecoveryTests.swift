import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault

/// A child process writes (puts and deletes of multi-page documents) in a loop and is killed
/// with SIGKILL at random points. After each kill the store must pass SQLite's and FTS5's
/// integrity checks and hold every transaction that reported commit.
/// Iterations: 25, or RAGVAULT_CRASH_ITERATIONS.
@Suite struct CrashRecoveryTests {
    static var iterations: Int {
        Int(ProcessInfo.processInfo.environment["RAGVAULT_CRASH_ITERATIONS"] ?? "") ?? 25
    }

    @Test func killedWriterLosesNoCommittedTransaction() throws {
        let dir = try TemporaryDirectory()
        let data = dir.file("data")
        let keyBase64 = try Fixtures.key().withUnsafeBytes { Data($0).base64EncodedString() }
        let vault = try Vault.initialize(at: data, keySource: .provided(base64: keyBase64))
        try vault.createTenant("acme")
        vault.close()
        let env = ["RAGVAULT_MASTER_KEY": keyBase64]
        var random = SplitMix64(seed: killPointSeed("CrashRecoveryTests"))
        var totalCommitted = 0
        for iteration in 0..<Self.iterations {
            let log = dir.file("log-\(iteration).txt")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CLIBinary.path)
            process.arguments = [
                "debug", "crash-writer", "--data", data, "--tenant", "acme", "--log", log,
                "--seed", String(iteration + 1)
            ]
            process.environment = env
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(150_000 + random.next() % 450_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal, "writer exited early: \(process.terminationStatus)")

            let opened = try Vault.open(at: data, environment: env)
            defer { opened.close() }
            let store = try opened.store(for: "acme")
            #expect(try store.integrityProblems().isEmpty, "iteration \(iteration)")
            let ids = Set(try store.documentIDs())
            let (mustExist, mustNotExist) = Self.expectations(log)
            for id in mustExist { #expect(ids.contains(id), "iteration \(iteration): committed \(id) missing") }
            for id in mustNotExist { #expect(!ids.contains(id), "iteration \(iteration): deleted \(id) present") }
            totalCommitted += mustExist.count
        }
        #expect(totalCommitted > Self.iterations, "the writer committed too little to test anything")
    }

    /// Documents whose put committed (and no delete began), and whose delete committed.
    static func expectations(_ logPath: String) -> (Set<String>, Set<String>) {
        let lines = (try? String(contentsOfFile: logPath, encoding: .utf8))?.split(separator: "\n") ?? []
        var present = Set<String>(), absent = Set<String>()
        for line in lines {
            let parts = line.split(separator: " ")
            guard parts.count == 3 else { continue }
            let id = "doc-\(parts[2])"
            switch (parts[0], parts[1]) {
            case ("done", "put"): present.insert(id)
            case ("begin", "del"): present.remove(id)
            case ("done", "del"): absent.insert(id)
            default: break
            }
        }
        return (present, absent)
    }
}

/// Regression: a transaction larger than the page cache spills pages into the WAL and then
/// rewrites them in place; SQLite writes those frames with zeroed salts and fixes the headers
/// at commit (walRewriteChecksums). Every committed frame must still authenticate when the
/// WAL is recovered by a new connection.
@Suite struct CacheSpillRecoveryTests {
    @Test func spilledAndRewrittenFramesSurviveRecovery() throws {
        let dir = try TemporaryDirectory()
        let key = try Fixtures.key()
        let live = dir.file("live.db")
        let store = try TenantStore.openOrCreate(tenant: "acme", path: live, key: key)
        try store.withConnection { try $0.execute("PRAGMA cache_size=8") }
        var docs: [DocumentRecord] = []
        for i in 0..<120 { docs.append(Fixtures.document("d\(i)", text: String(repeating: "spill word\(i % 13) ", count: 120), chunks: 3)) }
        try store.putDocuments(docs)
        // Touch the same pages again in one more large transaction.
        try store.putDocuments(
            docs.map {
                var d = $0; d.title = "revised"; return d
            })
        let copy = dir.file("copy.db")
        try FileManager.default.copyItem(atPath: live, toPath: copy)
        try FileManager.default.copyItem(atPath: live + "-wal", toPath: copy + "-wal")
        store.close()
        let recovered = try TenantStore.openOrCreate(tenant: "acme", path: copy, key: key)
        defer { recovered.close() }
        #expect(recovered.droppedWALFrames == 0)
        #expect(try recovered.documentCount() == 120)
        #expect(try recovered.integrityProblems().isEmpty)
    }
}

/// Two connections writing the same store across a WAL restart: the one that did not restart
/// the WAL must bind its frames to the new salts too, or recovery would drop committed frames.
@Suite struct WALRestartTests {
    @Test func framesOfASecondWriterSurviveAWALRestart() throws {
        let dir = try TemporaryDirectory()
        let key = try Fixtures.key()
        let path = dir.file("shared.db")
        let a = try TenantStore.openOrCreate(tenant: "acme", path: path, key: key)
        let b = try TenantStore.openOrCreate(tenant: "acme", path: path, key: key)
        try b.putDocument(Fixtures.document("b1", text: "first from b"))
        try a.putDocument(Fixtures.document("a1", text: "first from a"))
        try a.checkpoint() // TRUNCATE: the next write restarts the WAL with new salts
        try a.putDocument(Fixtures.document("a2", text: "second from a"))
        try b.putDocument(Fixtures.document("b2", text: "second from b", chunks: 3))
        #expect(try a.documentCount() == 4)
        let copy = dir.file("copy.db")
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        try FileManager.default.copyItem(atPath: path + "-wal", toPath: copy + "-wal")
        a.close()
        b.close()
        let recovered = try TenantStore.openOrCreate(tenant: "acme", path: copy, key: key)
        defer { recovered.close() }
        #expect(recovered.droppedWALFrames == 0)
        #expect(try recovered.documentCount() == 4)
        #expect(try recovered.integrityProblems().isEmpty)
    }
}
