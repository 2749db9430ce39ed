import Foundation

/// What `ragvault doctor` found: one line per check, per tenant.
public struct DoctorReport: Codable, Sendable {
    public enum Status: String, Codable, Sendable { case ok, warning, failed }

    public struct Check: Codable, Sendable {
        public let subject: String
        public let status: Status
        public let detail: String
    }

    public var checks: [Check] = []
    /// True when no check failed (warnings allowed).
    public var healthy: Bool { !checks.contains { $0.status == .failed } }

    mutating func add(_ subject: String, _ status: Status, _ detail: String) {
        checks.append(Check(subject: subject, status: status, detail: detail))
    }
}

/// Checks a data directory end to end: permissions, master key, catalog, and every page of
/// every tenant store (SQLite + FTS5 integrity, then raw authentication of each page, which
/// also covers free pages that integrity_check never reads).
public enum Doctor {
    public static func run(
        at directory: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> DoctorReport {
        var report = DoctorReport()
        do {
            try FilePermissions.requireOwnerOnly(directory, kind: "data directory")
            report.add("data directory", .ok, "\(directory) is private to its owner")
        } catch {
            report.add("data directory", .failed, describe(error))
            return report
        }
        let vault: Vault
        do {
            vault = try Vault.open(at: directory, environment: environment)
            report.add("master key", .ok, "from \(vault.keySource); key check matches")
        } catch let error as RAGVaultError where error.code == .storeMissing || error.code == .storeTampered || error.code == .storeNotVault {
            report.add("catalog", .failed, describe(error))
            return report
        } catch {
            report.add("master key", .failed, describe(error))
            return report
        }
        defer { vault.close() }
        checkCatalog(vault, into: &report)
        let tenants: [TenantRecord]
        do {
            tenants = try vault.tenants()
        } catch {
            report.add("catalog", .failed, describe(error))
            return report
        }
        for tenant in tenants { checkTenant(tenant, in: vault, into: &report) }
        for tenant in tenants.map(\.name) + [nil] { checkAuditLog(tenant, in: vault, into: &report) }
        checkOrphans(vault, tenants: tenants, into: &report)
        return report
    }

    private static func checkCatalog(_ vault: Vault, into report: inout DoctorReport) {
        do {
            let problems = try vault.catalogIntegrityProblems()
            guard problems.isEmpty else {
                report.add("catalog", .failed, "integrity check: \(problems.prefix(3).joined(separator: "; "))")
                return
            }
            let pages = try VaultVFS.verifyFile(at: vault.catalogPath, key: try vault.catalogKey(), label: "the catalog")
            report.add("catalog", .ok, "\(pages) pages authenticated")
        } catch {
            report.add("catalog", .failed, describe(error))
        }
    }

    private static func checkTenant(_ tenant: TenantRecord, in vault: Vault, into report: inout DoctorReport) {
        let subject = "tenant '\(tenant.name)'"
        do {
            let key = try vault.unwrapKey(tenant)
            let store = try vault.store(for: tenant.name)
            if store.droppedWALFrames > 0 {
                // After a crash the last, uncommitted frame can be torn; anything else is tampering.
                report.add(
                    subject, .warning,
                    "\(store.droppedWALFrames) WAL frame(s) failed authentication during recovery and the log was cut there: a torn final write after a crash, otherwise tampering (recent commits lost)"
                )
            }
            let problems = try store.integrityProblems()
            guard problems.isEmpty else {
                report.add(subject, .failed, "integrity check: \(problems.prefix(3).joined(separator: "; "))")
                return
            }
            try store.checkpoint()
            let documents = try store.documentCount()
            let pages = try VaultVFS.verifyFile(at: vault.storePath(tenant), key: key, label: subject)
            report.add(subject, .ok, "\(pages) pages authenticated, \(documents) documents, key version \(tenant.keyVersion)")
        } catch {
            report.add(subject, .failed, describe(error))
        }
    }

    /// Every record of a log authenticates and chains (a torn last write after a crash is a
    /// warning: the next writer cuts it off).
    private static func checkAuditLog(_ tenant: String?, in vault: Vault, into report: inout DoctorReport) {
        let subject = tenant.map { "audit log of '\($0)'" } ?? "operator audit log"
        do {
            let result = try vault.verifyAudit(tenant: tenant)
            if result.ok {
                report.add(subject, .ok, "\(result.records) records verified, head \(result.head)")
            } else if let truncation = result.truncation, result.problem == nil {
                report.add(subject, .failed, "audit_truncated: \(truncation) (after looking into it: 'ragvault audit accept-truncation')")
            } else if result.problem?.contains("incomplete") == true {
                report.add(subject, .warning, "\(result.problem ?? ""): a write interrupted by a crash is cut off by the next writer")
            } else {
                report.add(subject, .failed, result.problem ?? "verification failed")
            }
        } catch {
            report.add(subject, .failed, describe(error))
        }
    }

    /// What an interrupted operation left and opening could not remove (another operation
    /// holds the data directory): old key material fails the check — an old catalog with its
    /// key still unwraps every tenant key it held — orphan store files warn.
    private static func checkOrphans(_ vault: Vault, tenants: [TenantRecord], into report: inout DoctorReport) {
        guard let left = try? vault.leftovers() else { return }
        if !left.catalogs.isEmpty || !left.keyFiles.isEmpty || !left.temporaries.isEmpty {
            report.add(
                "old key material", .failed,
                "old catalog or key files remain (an interrupted rotation; removed on the next open when no operation runs): \((left.catalogs + left.keyFiles + left.temporaries).joined(separator: ", "))"
            )
        }
        if !left.storeFiles.isEmpty {
            report.add(
                "tenants folder", .warning,
                "\(left.storeFiles.count) file(s) not referenced by any tenant (an operation is running; removed on the next open): \(left.storeFiles.joined(separator: ", "))"
            )
        }
    }

    private static func describe(_ error: Error) -> String {
        (error as? RAGVaultError)?.description ?? "internal: \(error)"
    }
}
