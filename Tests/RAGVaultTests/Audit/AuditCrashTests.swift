import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault

/// Two processes, four threads each, append audit records (strict) to one tenant's log and
/// are killed with SIGKILL at random points. Afterwards the chain verifies (once the next
/// writer has cut a torn, never-acknowledged last frame) and holds every record that was
/// acknowledged — across processes, group commits and the kill.
/// Iterations: 8, or RAGVAULT_CRASH_ITERATIONS.
@Suite struct AuditCrashTests {
    static var iterations: Int {
        min(8, Int(ProcessInfo.processInfo.environment["RAGVAULT_CRASH_ITERATIONS"] ?? "") ?? 8)
    }

    @Test func killedWritersLoseNoAcknowledgedRecord() throws {
        let dir = try TemporaryDirectory()
        let data = dir.file("data")
        let vault = try Vault.initialize(at: data, keySource: .generatedKeyFile)
        try vault.createTenant("acme")
        vault.close()
        var acknowledged = Set<String>()
        var random = SplitMix64(seed: killPointSeed("AuditCrashTests"))
        for iteration in 0..<Self.iterations {
            let logs = ["a", "b"].map { dir.file("ack-\(iteration)-\($0).txt") }
            let processes = try ["a", "b"].enumerated().map { index, name -> Process in
                let process = Process()
                process.executableURL = URL(fileURLWithPath: CLIBinary.path)
                process.arguments = [
                    "debug", "audit-writer", "--data", data, "--tenant", "acme", "--log", logs[index],
                    "--name", "\(name)\(iteration)"
                ]
                process.standardError = FileHandle.nullDevice
                try process.run()
                return process
            }
            usleep(UInt32(300_000 + random.next() % 500_000))
            for process in processes { kill(process.processIdentifier, SIGKILL) }
            for process in processes {
                process.waitUntilExit()
                #expect(process.terminationReason == .uncaughtSignal, "writer exited early: \(process.terminationStatus)")
            }
            for log in logs {
                let lines = (try? String(contentsOfFile: log, encoding: .utf8))?.split(separator: "\n") ?? []
                acknowledged.formUnion(lines.compactMap { $0.hasPrefix("ack ") ? String($0.dropFirst(4)) : nil })
            }
            let opened = try Vault.open(at: data)
            defer { opened.close() }
            try opened.recordAudit(AuditRecord(interface: .library, action: "after.kill"), tenant: "acme")
            let verification = try opened.verifyAudit(tenant: "acme")
            #expect(verification.ok, "iteration \(iteration): \(verification.problem ?? "")")
            let present = Set(try opened.auditRecords(tenant: "acme").records.compactMap(\.requestID))
            let lost = acknowledged.subtracting(present)
            #expect(lost.isEmpty, "iteration \(iteration): \(lost.count) acknowledged record(s) lost, e.g. \(lost.prefix(3))")
        }
        #expect(acknowledged.count > Self.iterations * 20, "the writers acknowledged too little to test anything: \(acknowledged.count)")
    }
}
