import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault

/// Killed key rotations leave no usable old key material and no orphan files once the data
/// directory is opened again; while leftovers cannot be removed, `doctor` fails.
@Suite(.serialized) struct RotationCrashTests {
    static func setUp(_ dir: TemporaryDirectory) throws -> String {
        let data = dir.file("data")
        let vault = try Vault.initialize(at: data, keySource: .generatedKeyFile)
        try vault.createTenant("acme")
        try vault.store(for: "acme").putDocuments((0..<200).map { Fixtures.document("d\($0)", text: String(repeating: "walrus \($0) ", count: 80)) })
        vault.close()
        return data
    }

    static func keyMaterial(_ data: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: data).filter { $0.hasSuffix(".key") || $0.hasPrefix("catalog") }.sorted()
    }

    @Test func leftoverKeyMaterialIsRemovedOnOpenAndFailsDoctorMeanwhile() throws {
        let dir = try TemporaryDirectory()
        let data = try Self.setUp(dir)
        // What a rotation killed after writing its new catalog and key file leaves behind.
        try FileManager.default.copyItem(atPath: data + "/catalog.db", toPath: data + "/catalog-0badc0de.db")
        try FileManager.default.copyItem(atPath: data + "/master.key", toPath: data + "/master-0bad.key")
        _ = FileManager.default.createFile(atPath: data + "/tenants/0123456789abcdef0123456789abcdef.db", contents: Data([1, 2, 3]))
        do {
            // Another operation holds the data directory: nothing can be removed, doctor fails.
            let held = try DataDirectoryLock.exclusive(data, wait: true)
            let doctor = try CLIBinary.run(["doctor", "--data", data])
            #expect(doctor.status == 1 && doctor.stdout.contains("old key material"), "\(doctor.stdout)")
            withExtendedLifetime(held) {}
        }
        let doctor = try CLIBinary.run(["doctor", "--data", data])
        #expect(doctor.status == 0, "\(doctor.stdout)")
        #expect(try Self.keyMaterial(data) == ["catalog.db", "master.key"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: data + "/tenants").count == 1)
    }

    @Test func killedRotationsLeaveNoOldKeyMaterial() throws {
        let dir = try TemporaryDirectory()
        let data = try Self.setUp(dir)
        var random = SplitMix64(seed: killPointSeed("RotationCrashTests"))
        let iterations = Int(ProcessInfo.processInfo.environment["RAGVAULT_CRASH_ITERATIONS"] ?? "") ?? 16
        for iteration in 0..<iterations {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CLIBinary.path)
            process.arguments = iteration % 2 == 0 ? ["key", "rotate-master", "--data", data] : ["tenant", "rotate-key", "acme", "--data", data]
            process.environment = ["PATH": "/usr/bin:/bin"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Inside the run: after start-up (~20 ms), before a rotation of this size ends.
            usleep(UInt32(15_000 + random.next() % (iteration % 2 == 0 ? 60_000 : 150_000)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()

            let vault = try Vault.open(at: data)
            defer { vault.close() }
            #expect(try vault.leftovers() == Vault.Leftovers(), "iteration \(iteration)")
            let material = try Self.keyMaterial(data)
            #expect(material.filter { $0.hasSuffix(".key") }.count == 1, "\(material)")
            #expect(material.filter { $0.hasSuffix(".db") }.count == 1, "\(material)")
            let stores = try FileManager.default.contentsOfDirectory(atPath: data + "/tenants").filter { $0.hasSuffix(".db") }
            #expect(stores == [try vault.tenantRecord("acme").fileName])
            #expect(try vault.store(for: "acme").documentCount() == 200)
        }
        #expect(try CLIBinary.run(["doctor", "--data", data]).status == 0)
    }
}
