import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault

/// No silent loss: state that must exist is never recreated empty, a wrong path never makes
/// `--sync` delete a tenant, a misspelt ACL key never makes a file readable, batch limits hold.
@Suite struct SilentLossTests {
    static func populated(_ dir: TemporaryDirectory) throws -> (data: String, store: String) {
        let data = dir.file("data")
        let vault = try Vault.initialize(at: data, keySource: .generatedKeyFile)
        try vault.createTenant("acme")
        try vault.store(for: "acme").putDocuments((0..<3).map { Fixtures.document("d\($0)", text: "walrus \($0)") })
        let path = vault.storePath(try vault.tenantRecord("acme"))
        vault.close()
        return (data, path)
    }

    @Test(arguments: ["removed", "emptied"])
    func aMissingStoreIsAnErrorEverywhere(how: String) throws {
        let dir = try TemporaryDirectory()
        let (data, store) = try Self.populated(dir)
        for suffix in ["", "-wal", "-shm"] { unlink(store + suffix) }
        if how == "emptied" { _ = FileManager.default.createFile(atPath: store, contents: Data(), attributes: [.posixPermissions: 0o600]) }
        let vault = try Vault.open(at: data)
        #expect(throws: RAGVaultError.self) { _ = try vault.store(for: "acme") }
        do { _ = try vault.store(for: "acme") } catch let error as RAGVaultError { #expect(error.code == .storeMissing) }
        vault.close()
        for command in [["docs", "--tenant", "acme"], ["query", "--tenant", "acme", "--as", "ann", "--roles", "eng", "walrus"]] {
            let result = try CLIBinary.run(command + ["--data", data])
            #expect(result.status != 0 && result.stderr.contains("store_missing"), "\(command): \(result.stderr)")
        }
        let doctor = try CLIBinary.run(["doctor", "--data", data])
        #expect(doctor.status == 1 && doctor.stdout.contains("store_missing"), "\(doctor.stdout)")
        // Nothing was recreated in its place.
        let size = (try? FileManager.default.attributesOfItem(atPath: store)[.size] as? Int) ?? nil
        #expect(how == "removed" ? size == nil : size == 0)
    }

    @Test func aMissingCatalogIsAnErrorAndNamesStayInside() throws {
        let dir = try TemporaryDirectory()
        let (data, _) = try Self.populated(dir)
        for suffix in ["", "-wal", "-shm"] { unlink(data + "/catalog.db" + suffix) }
        #expect(
            throws: RAGVaultError(
                .storeMissing, "the catalog store file \(data)/catalog.db is missing: it was deleted or moved; restore it from a backup (run 'ragvault doctor')"
            )
        ) {
            _ = try Vault.open(at: data)
        }
        let list = try CLIBinary.run(["tenant", "list", "--data", data])
        #expect(list.status != 0 && list.stderr.contains("store_missing"))
        let doctor = try CLIBinary.run(["doctor", "--data", data])
        #expect(doctor.status == 1 && !doctor.stdout.contains("safe to delete"), "\(doctor.stdout)")
        #expect(!FileManager.default.fileExists(atPath: data + "/catalog.db"))

        // vault.json naming a file outside the directory is refused before anything is opened.
        let manifest = data + "/vault.json"
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        try text.replacingOccurrences(of: "\"catalog.db\"", with: "\"..\\/escape.db\"").write(toFile: manifest, atomically: true, encoding: .utf8)
        #expect(throws: RAGVaultError.self) { _ = try Vault.open(at: data) }
        #expect(!FileManager.default.fileExists(atPath: dir.file("escape.db")))
    }

    static func corpus(_ dir: TemporaryDirectory, _ name: String, count: Int) throws -> String {
        let path = dir.file(name)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for i in 0..<count { try "# Note \(i)\n\nwalrus \(i)\n".write(toFile: path + "/n\(i).md", atomically: true, encoding: .utf8) }
        return path
    }

    @Test func aSymlinkedCorpusIsFollowedAndSyncNeverDeletesBlindly() throws {
        let dir = try TemporaryDirectory()
        let (data, _) = try Self.populated(dir)
        let corpus = try Self.corpus(dir, "corpus", count: 4)
        let base = ["index", "--tenant", "acme", "--data", data, "--allow", "role:eng", "--json"]
        #expect(try CLIBinary.run(base + [corpus]).status == 0)
        try FileManager.default.createSymbolicLink(atPath: dir.file("link"), withDestinationPath: corpus)
        // Inside the tree: a symlink and a name that is not UTF-8, both reported.
        try FileManager.default.createSymbolicLink(atPath: corpus + "/inner-link.md", withDestinationPath: corpus + "/n0.md")
        let badName = Array((corpus + "/caf").utf8) + [0xE9] + Array(".md".utf8) + [0]
        badName.withUnsafeBufferPointer { _ = close(creat(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), 0o600)) }

        let viaLink = try CLIBinary.run(base + ["--sync", "--yes", "--allow-mass-delete", dir.file("link")])
        let summary = try JSONSerialization.jsonObject(with: Data(viaLink.stdout.utf8)) as? [String: Any]
        #expect(summary?["unchanged"] as? Int == 4, "\(viaLink.stdout)\(viaLink.stderr)")
        let skipped = (summary?["skipped"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }.sorted()
        #expect(skipped == ["invalid_name", "symlink"])
        #expect(summary?["deleted"] as? Int == 3) // the three d* documents, with --allow-mass-delete

        // A run that indexes nothing never deletes, even with --yes --allow-mass-delete.
        let empty = dir.file("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        for path in [empty, dir.file("no-such-dir")] {
            let blind = try CLIBinary.run(base + ["--sync", "--yes", "--allow-mass-delete", path])
            #expect(blind.status != 0 && blind.stderr.contains("sync_refused"), "\(blind.stderr)")
        }
        let vault = try Vault.open(at: data)
        defer { vault.close() }
        #expect(try vault.store(for: "acme").documentCount() == 4)
    }

    @Test func unknownKeysInManifestsBatchesAndPoliciesFailClosed() throws {
        let dir = try TemporaryDirectory()
        let (data, _) = try Self.populated(dir)
        let corpus = try Self.corpus(dir, "corpus", count: 1)
        try #"{"allow": ["role:staff"], "dney": ["user:bob"]}"#.write(toFile: corpus + "/ragvault.acl.json", atomically: true, encoding: .utf8)
        let typo = try CLIBinary.run(["index", "--tenant", "acme", "--data", data, "--json", corpus])
        #expect(typo.status != 0 && typo.stdout.contains("manifest_invalid") && typo.stdout.contains("dney"), "\(typo.stdout)")
        try #"{"allow": ["role:staff"], "files": [{"match": "*.md", "allow": ["role:staff"], "deny_": ["user:bob"]}]}"#
            .write(toFile: corpus + "/ragvault.acl.json", atomically: true, encoding: .utf8)
        let ruleTypo = try CLIBinary.run(["index", "--tenant", "acme", "--data", data, "--json", corpus])
        #expect(ruleTypo.status != 0 && ruleTypo.stdout.contains("deny_"))

        let batch = dir.file("batch.ndjson")
        try #"{"id": "b1", "text": "walrus", "acl": {"allow": ["role:staff"], "dney": ["user:bob"]}}"#.write(toFile: batch, atomically: true, encoding: .utf8)
        let lineTypo = try CLIBinary.run(["index", "--tenant", "acme", "--data", data, "--json", batch])
        #expect(lineTypo.status != 0 && lineTypo.stdout.contains("invalid_json") && lineTypo.stdout.contains("dney"), "\(lineTypo.stdout)")

        let policy = try CLIBinary.run(["policy", "set", "--tenant", "acme", "--data", data], stdin: #"{"pii": {"EMAIL": "allow"}, "exemption": {}}"#)
        #expect(policy.status != 0 && policy.stderr.contains("exemption"))
        #expect(throws: RAGVaultError.self) { _ = try RedactionPolicy.parse(Data(#"{"pii": {}, "scrub_secrets": false}"#.utf8)) }
    }

    @Test func everyBatchDocumentObeysTheSizeLimit() throws {
        let dir = try TemporaryDirectory()
        let (data, _) = try Self.populated(dir)
        let big = String(repeating: "walrus ", count: 40_000) // 280 KB
        let json = dir.file("docs.json")
        let array: [[String: Any]] = [
            ["id": "small", "text": "walrus", "acl": ["allow": ["role:eng"]]],
            ["id": "big", "text": big, "acl": ["allow": ["role:eng"]]]
        ]
        try JSONSerialization.data(withJSONObject: array).write(to: URL(fileURLWithPath: json))
        let ndjson = dir.file("docs.ndjson")
        try
            (#"{"id": "n-small", "text": "walrus", "acl": {"allow": ["role:eng"]}}"# + "\n"
            + #"{"id": "n-big", "text": ""# + big + #"", "acl": {"allow": ["role:eng"]}}"# + "\n"
            + #"{"id": "n-after", "text": "walrus", "acl": {"allow": ["role:eng"]}}"# + "\n").write(toFile: ndjson, atomically: true, encoding: .utf8)
        for (file, tooLarge, added) in [(json, "docs.json[1] (big)", 1), (ndjson, "docs.ndjson:2", 2)] {
            let result = try CLIBinary.run(["index", "--tenant", "acme", "--data", data, "--max-bytes", "100000", "--json", file])
            let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            #expect(summary?["added"] as? Int == added, "\(result.stdout)")
            let skipped = summary?["skipped"] as? [[String: Any]] ?? []
            #expect(
                skipped.count == 1 && skipped.first?["code"] as? String == "too_large" && skipped.first?["id"] as? String == tooLarge,
                "\(skipped)")
        }
    }

    /// `tenant delete` while another process indexes into the tenant: the run's next write
    /// after the deletion fails with tenant_not_found (the store's retirement mark, read under
    /// its write lock) instead of landing in a file that is about to be removed. The run is
    /// parked after its first commit, so the deletion always falls inside the window.
    @Test func deletingATenantFailsARunningIndexRun() throws {
        let dir = try TemporaryDirectory()
        let (data, store) = try Self.populated(dir)
        let corpus = dir.file("big")
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        for i in 0..<400 {
            try ("# Note \(i)\n\n" + String(repeating: "walrus note \(i) with words ", count: 150))
                .write(toFile: corpus + "/n\(i).md", atomically: true, encoding: .utf8)
        }
        let pause = PausePoint("index.batch-committed", in: dir.path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIBinary.path)
        process.arguments = ["index", "--tenant", "acme", "--data", data, "--allow", "role:eng", corpus]
        process.environment = ["PATH": "/usr/bin:/bin"].merging(pause.environment) { $1 }
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        #expect(pause.waitUntilParked(process), "the index run never committed its first batch")
        let vault = try Vault.open(at: data)
        try vault.deleteTenant("acme")
        vault.close()
        pause.resume()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0, "\(stderr)")
        #expect(stderr.contains("tenant_not_found") && stderr.contains("was deleted while its store was open here"), "\(stderr)")
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    /// A committed WAL frame edited in a real data directory: every command fails with
    /// store_tampered and doctor fails (instead of a silent roll-back and "healthy").
    @Test func aTamperedCommittedWALFrameFailsEverywhere() throws {
        let dir = try TemporaryDirectory()
        let data = dir.file("data")
        let vault = try Vault.initialize(at: data, keySource: .generatedKeyFile)
        try vault.createTenant("acme")
        let store = try vault.store(for: "acme")
        try store.putDocument(Fixtures.document("base", text: "walrus base"))
        try store.checkpoint()
        for i in 0..<12 { try store.putDocument(Fixtures.document("w\(i)", text: "walrus \(i)", chunks: 2)) }
        // The files as they are while the vault is open (closing checkpoints the WAL away).
        let path = vault.storePath(try vault.tenantRecord("acme"))
        let db = try Data(contentsOf: URL(fileURLWithPath: path)), wal = try Data(contentsOf: URL(fileURLWithPath: path + "-wal"))
        vault.close()
        try db.write(to: URL(fileURLWithPath: path))
        try wal.write(to: URL(fileURLWithPath: path + "-wal"))
        var edited = try WALFile(path: path + "-wal")
        edited.bytes[edited.frameOffset(3) + 24 + 100] ^= 0x01
        try edited.write(to: path + "-wal")
        let query = try CLIBinary.run(["query", "--tenant", "acme", "--data", data, "--as", "ann", "--roles", "eng", "walrus"])
        #expect(query.status != 0 && query.stderr.contains("store_tampered"), "\(query.stderr)")
        let doctor = try CLIBinary.run(["doctor", "--data", data])
        #expect(doctor.status == 1 && doctor.stdout.contains("store_tampered"), "\(doctor.stdout)")
    }

    @Test func failedInitsLeaveNothingAndSayWhy() throws {
        let dir = try TemporaryDirectory()
        let data = dir.file("data")
        #expect(throws: RAGVaultError.self) { _ = try Vault.initialize(at: data, keySource: .passphrase("short")) }
        #expect(!FileManager.default.fileExists(atPath: data), "a failed init left files behind")
        let vault = try Vault.initialize(at: data, keySource: .generatedKeyFile) // the retry works
        vault.close()
        // A path that cannot be a directory: a clear message, not a Foundation error domain.
        _ = FileManager.default.createFile(atPath: dir.file("plain-file"), contents: Data())
        do {
            _ = try Vault.initialize(at: dir.file("plain-file/data"), keySource: .generatedKeyFile)
            Issue.record("init under a file succeeded")
        } catch let error as RAGVaultError {
            #expect(error.code == .dataDirectoryInvalid && !error.message.contains("NSCocoaErrorDomain"), "\(error.message)")
        }
    }

    /// Another user's data directory or key file: "permission denied", not "run init". Needs
    /// root to hand the files to another uid (CI runs as root); otherwise only the owner's
    /// own case is checked.
    @Test func anotherUsersFilesArePermissionDenied() throws {
        let dir = try TemporaryDirectory()
        let (data, _) = try Self.populated(dir)
        guard getuid() == 0 else {
            #expect(try Vault.open(at: data).keySource.contains("master.key"))
            return
        }
        #expect(chown(data + "/master.key", 4242, 4242) == 0)
        #expect(
            throws: RAGVaultError(
                .insecurePermissions, "key file \(data)/master.key belongs to another user (uid 4242); permission denied — run ragvault as its owner")
        ) {
            _ = try Vault.open(at: data)
        }
        #expect(chown(data + "/master.key", 0, 0) == 0)
        #expect(chown(data, 4242, 4242) == 0)
        let other = try CLIBinary.run(["tenant", "list", "--data", data])
        #expect(other.status != 0 && other.stderr.contains("permission denied") && !other.stderr.contains("init"), "\(other.stderr)")
        #expect(chown(data, 0, 0) == 0)
    }

    @Test func duplicateIdsInOneRunAreReported() throws {
        let dir = try TemporaryDirectory()
        let (data, _) = try Self.populated(dir)
        let batch = dir.file("dupes.ndjson")
        try (0..<6).map { #"{"id": "doc-\#($0 % 3)", "text": "walrus \#($0)", "acl": {"allow": ["role:eng"]}}"# }
            .joined(separator: "\n").write(toFile: batch, atomically: true, encoding: .utf8)
        let result = try CLIBinary.run(["index", "--tenant", "acme", "--data", data, "--json", batch])
        let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(summary?["added"] as? Int == 3, "\(result.stdout)")
        let codes = (summary?["skipped"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        #expect(codes == ["duplicate_id", "duplicate_id", "duplicate_id"])
    }

    /// A line longer than the limit is refused once the limit is passed; the lines after it
    /// are read normally, with the right numbers.
    @Test func overlongLinesAreRefusedWithoutLosingTheRest() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("lines.ndjson")
        try ("short one\n" + String(repeating: "x", count: 300_000) + "\n\nshort two\n" + String(repeating: "y", count: 200_000))
            .write(toFile: path, atomically: true, encoding: .utf8)
        var seen: [String] = []
        try NDJSONBatch.forEachLine(of: path, maxLineBytes: 100_000) { number, content in
            switch content {
            case .line(let data): seen.append("\(number):\(String(decoding: data, as: UTF8.self))")
            case .tooLong(let bytes): seen.append("\(number):too long \(bytes)")
            }
        }
        #expect(seen == ["1:short one", "2:too long 300000", "4:short two", "5:too long 200000"])
    }
}
