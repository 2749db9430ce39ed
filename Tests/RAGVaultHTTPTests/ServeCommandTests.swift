import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault

/// `ragvault serve` as a newcomer meets it: a taken port is a coded error, demo restarts do
/// not pile up valid keys, `--version` answers.
@Suite struct ServeCommandTests {
    /// A `serve` child process, up once its port line is on stderr.
    final class Served {
        let process = Process()
        let err = Pipe()
        private(set) var stderr = ""
        private(set) var port = 0

        init(_ arguments: [String], in directory: String) throws {
            process.executableURL = URL(fileURLWithPath: CLIBinary.path)
            process.arguments = ["serve"] + arguments
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            process.environment = ["PATH": "/usr/bin:/bin"]
            (process.standardOutput, process.standardError) = (FileHandle.nullDevice, err)
            try process.run()
        }

        /// Waits for the port line (false if the process ended first).
        func up() -> Bool {
            let ok =
                waitUntil(timeout: 120) {
                    self.stderr += String(decoding: self.err.fileHandleForReading.availableData, as: UTF8.self)
                    return self.stderr.contains("serving ") || !self.process.isRunning
                } && stderr.contains("serving ")
            port = Int(stderr.components(separatedBy: "serving ").last?.split(separator: ":").last?.prefix { $0.isNumber } ?? "") ?? 0
            return ok
        }

        func stop() -> String {
            if process.isRunning { kill(process.processIdentifier, SIGTERM) }
            stderr += String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return stderr
        }

        /// The keys printed (the welcome repeats some in its examples).
        var keys: Set<String> { Set(stderr.matches(of: /rvk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}/).map { String($0.output) }) }
    }

    static var fixtures: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../fixtures/tenants").standardized.path
    }

    @Test func aTakenPortIsACodedError() throws {
        let dir = try TemporaryDirectory()
        let data = dir.file("data")
        _ = try CLIBinary.run(["init", "--data", data])
        let first = try Served(["--data", data, "--port", "0"], in: dir.path)
        defer { _ = first.stop() }
        #expect(first.up(), "\(first.stderr)")
        let second = try CLIBinary.run(["serve", "--data", data, "--port", String(first.port)])
        #expect(second.status != 0)
        #expect(second.stderr.contains("address_in_use") && second.stderr.contains("--port"), "\(second.stderr)")
    }

    @Test func demoRestartsRevokeTheKeysOfTheLastStart() throws {
        let dir = try TemporaryDirectory()
        let data = dir.file("demo")
        let first = try Served(["--demo", "--data", data, "--port", "0", "--fixtures", Self.fixtures], in: dir.path)
        #expect(first.up(), "\(first.stderr)")
        _ = first.stop()
        let second = try Served(["--demo", "--data", data, "--port", "0", "--fixtures", Self.fixtures], in: dir.path)
        #expect(second.up(), "\(second.stderr)")
        _ = second.stop()
        #expect(first.keys.count == 5 && second.keys.count == 5 && Set(first.keys).isDisjoint(with: second.keys))
        let vault = try Vault.open(at: data)
        defer { vault.close() }
        #expect(first.keys.allSatisfy { (try? vault.authenticate(apiKey: $0)) == nil }, "the last start's keys still work")
        #expect(second.keys.allSatisfy { (try? vault.authenticate(apiKey: $0)) != nil })
        // The demo tenants search hybrid with the embedded model: every chunk has its vector.
        for tenant in ["acme", "globex"] {
            let status = try vault.vectorStatus(for: tenant)
            #expect(status.config == .embedded && status.stale == 0)
            #expect(status.stored == (try vault.store(for: tenant).chunkCount()) && status.stored > 0)
        }
        let alice = try Principal.impersonating(tenant: "acme", subject: "alice", roles: ["eng", "employee"])
        #expect(try Retriever(vault: vault).search(SearchRequest(query: "rotate the signing key"), as: alice).searchMode == .hybrid)
    }

    @Test func versionAnswers() throws {
        let result = try CLIBinary.run(["--version"])
        #expect(result.status == 0 && result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == RAGVaultVersion.current)
    }
}
