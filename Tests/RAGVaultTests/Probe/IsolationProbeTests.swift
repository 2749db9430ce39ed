import Foundation
import RAGVaultTestSupport
import Testing

@testable import RAGVault
@testable import RAGVaultTesting

/// The isolation probe passes on a correct vault, leaves nothing behind, and — a probe that
/// cannot fail proves nothing — catches the classic ways isolation breaks, each planted in a
/// target wrapped around the real one.
@Suite(.serialized) struct IsolationProbeTests {
    static func vault(_ dir: TemporaryDirectory) throws -> Vault {
        let vault = try Vault.initialize(at: dir.file("data"), keySource: .generatedKeyFile)
        try vault.createTenant("acme")
        try vault.store(for: "acme").putDocument(Fixtures.document("keep", text: "the acme harbor runbook"))
        return vault
    }

    @Test func aCorrectVaultPassesAndKeepsItsOwnTenants() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir)
        defer { vault.close() }
        try vault.createTenant("rvprobe-interrupted-a") // an earlier run killed before its clean-up
        let report = try IsolationProbe(target: LibraryTarget(vault: vault)).run()
        #expect(report.passed, "\(report.text)")
        #expect(report.removedLeftovers == ["rvprobe-interrupted-a"])
        #expect(report.requests > 3_000, "\(report.requests)")
        #expect(
            Set(report.probes.keys).isSuperset(of: [
                "search: exact term", "search: prefix", "read: chunk id guessed", "side channel: visible ranking", "redaction: search",
                "redaction: read by id", "search: vector: its own vector", "search: hybrid: its word and vector", "control: vector"
            ]))
        #expect(try vault.tenants().map(\.name) == ["acme"])
        #expect(try vault.store(for: "acme").documentCount() == 1)
        #expect(report.junit.contains(#"failures="0""#))
    }

    /// The real target with one of its answers rigged: each test below breaks isolation the
    /// way a real system might and expects the probe to say so.
    struct Rigged: ProbeTarget {
        let inner: LibraryTarget
        let interface: String
        var searching: ((SearchRequest, ProbeIdentity) throws -> ProbeAnswer)?
        var reading: ((String, ProbeIdentity) throws -> ProbeAnswer)?
        var sendsVectors: Bool { inner.sendsVectors }
        func createTenant(_ name: String) throws { try inner.createTenant(name) }
        func setVectors(_ config: VectorConfig, tenant: String) throws { try inner.setVectors(config, tenant: tenant) }
        func deleteTenant(_ name: String) throws { try inner.deleteTenant(name) }
        func tenantNames() throws -> [String] { try inner.tenantNames() }
        func put(_ document: ProbeDocument, tenant: String) throws { try inner.put(document, tenant: tenant) }
        func setACL(_ documentID: String, to acl: AccessList, tenant: String) throws { try inner.setACL(documentID, to: acl, tenant: tenant) }
        func delete(_ documentID: String, tenant: String) throws { try inner.delete(documentID, tenant: tenant) }
        func search(_ request: SearchRequest, as identity: ProbeIdentity) throws -> ProbeAnswer {
            try searching?(request, identity) ?? inner.search(request, as: identity)
        }
        func chunk(_ chunkID: String, as identity: ProbeIdentity) throws -> ProbeAnswer {
            try reading?(chunkID, identity) ?? inner.chunk(chunkID, as: identity)
        }
        func document(_ documentID: String, as identity: ProbeIdentity) throws -> ProbeAnswer { try inner.document(documentID, as: identity) }
    }

    static func everyone(_ identity: ProbeIdentity) -> ProbeIdentity {
        ProbeIdentity(tenant: identity.tenant, user: identity.user, roles: ["r0", "r1", "r2", "r3", "r9"], groups: ["g1"])
    }

    /// Searches as if the caller held every role and group of its tenant.
    static func ignoresRoles(_ inner: LibraryTarget) -> Rigged {
        Rigged(inner: inner, interface: "ignores-roles", searching: { try inner.search($0, as: everyone($1)) })
    }

    @Test func aTargetThatIgnoresRolesIsCaught() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir)
        defer { vault.close() }
        let report = try IsolationProbe(target: Self.ignoresRoles(LibraryTarget(vault: vault))).run()
        #expect(!report.passed)
        #expect(report.leaks.contains { $0.probe == "search: exact term" && $0.request.contains("qz") })
        let left = try vault.tenants().map(\.name)
        #expect(report.cleanedUp && left == ["acme"])
        #expect(!report.junit.contains(#"failures="0""#))
    }

    /// A vector leg that skips the permitted-rows bitmap (the classic vector-store leak):
    /// vector and hybrid searches as if the caller held every role; text searches are right.
    static func vectorLegIgnoresRoles(_ inner: LibraryTarget) -> Rigged {
        Rigged(
            inner: inner, interface: "vector-leg-ignores-roles",
            searching: { request, identity in
                try inner.search(request, as: request.vector == nil ? identity : everyone(identity))
            })
    }

    @Test func aVectorLegThatIgnoresRolesIsCaught() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir)
        defer { vault.close() }
        let report = try IsolationProbe(target: Self.vectorLegIgnoresRoles(LibraryTarget(vault: vault))).run()
        #expect(report.leaks.contains { $0.probe == "search: vector: its own vector" }, "\(report.text)")
        #expect(report.leaks.contains { $0.probe == "search: hybrid: its word and vector" })
        #expect(!report.leaks.contains { $0.probe == "search: exact term" }, "text searches are right")
    }

    /// Searches with everyone's statistics and drops what the caller may not read afterwards:
    /// the right passages, ranked by counts that include hidden documents.
    static func postFilters(_ inner: LibraryTarget) -> Rigged {
        Rigged(
            inner: inner, interface: "post-filters",
            searching: { request, identity in
                var answer = try inner.search(request, as: everyone(identity))
                answer.passages = try answer.passages.filter { try inner.chunk($0.chunkID, as: identity).status == "ok" }
                return answer
            })
    }

    @Test func filteringAfterRankingIsCaughtByTheScores() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir)
        defer { vault.close() }
        let report = try IsolationProbe(target: Self.postFilters(LibraryTarget(vault: vault))).run()
        #expect(report.leaks.contains { $0.probe == "side channel: visible ranking" }, "\(report.text)")
        #expect(!report.leaks.contains { $0.probe.hasPrefix("search:") }, "the passages themselves are right")
    }

    /// Says "forbidden" where it should say "not found".
    static func tellsForbidden(_ inner: LibraryTarget) -> Rigged {
        Rigged(
            inner: inner, interface: "tells-forbidden",
            reading: { chunkID, identity in
                let answer = try inner.chunk(chunkID, as: identity)
                guard answer.status != "ok", try inner.chunk(chunkID, as: everyone(identity)).status == "ok" else { return answer }
                return ProbeAnswer(status: "forbidden", shape: "forbidden: you may not read this chunk")
            })
    }

    @Test func forbiddenThatDiffersFromMissingIsCaught() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir)
        defer { vault.close() }
        let report = try IsolationProbe(target: Self.tellsForbidden(LibraryTarget(vault: vault))).run()
        #expect(report.leaks.contains { $0.probe == "read: chunk id guessed" }, "\(report.text)")
    }

    /// Returns any chunk by id to anyone in its tenant: the ACL is not checked on reads by id.
    static func readsByIDUnchecked(_ inner: LibraryTarget) -> Rigged {
        Rigged(inner: inner, interface: "reads-unchecked", reading: { try inner.chunk($0, as: everyone($1)) })
    }

    @Test func aReadByIDThatSkipsTheACLIsCaught() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir)
        defer { vault.close() }
        let report = try IsolationProbe(target: Self.readsByIDUnchecked(LibraryTarget(vault: vault))).run()
        #expect(report.leaks.contains { $0.probe == "read: chunk id guessed" && $0.request.hasPrefix("chunk ") }, "\(report.text)")
        #expect(!report.leaks.contains { $0.probe.hasPrefix("search:") })
    }

    /// Answers searches with the stored text, not the redacted passage.
    static func skipsRedaction(_ inner: LibraryTarget) -> Rigged {
        Rigged(
            inner: inner, interface: "skips-redaction",
            searching: { request, identity in
                var answer = try inner.search(request, as: identity)
                let store = try inner.vault.store(for: identity.tenant)
                for n in answer.passages.indices {
                    let id = answer.passages[n].chunkID
                    answer.passages[n].text =
                        try store.withConnection { try $0.query("SELECT text FROM chunks WHERE public_id = ?", [.text(id)]) }
                        .first?[0].string ?? ""
                }
                return answer
            })
    }

    @Test func anAnswerThatSkipsTheRedactorIsCaught() throws {
        let dir = try TemporaryDirectory()
        let vault = try Self.vault(dir)
        defer { vault.close() }
        let report = try IsolationProbe(target: Self.skipsRedaction(LibraryTarget(vault: vault))).run()
        #expect(report.leaks.contains { $0.probe == "redaction: value in output" && $0.detail.contains("e-mail") }, "\(report.text)")
        // The credential itself was scrubbed before it was stored: not even the stored text holds it.
        #expect(!report.leaks.contains { $0.detail.contains("credential") })
    }

    @Test func theCommandExitsZeroWhenNothingLeaksAndWritesJUnit() throws {
        let dir = try TemporaryDirectory()
        let data = dir.file("data")
        #expect(try CLIBinary.run(["init", "--data", data]).status == 0)
        let probe = try CLIBinary.run(["probe", "--data", data, "--junit", dir.file("probe.xml"), "--json"])
        #expect(probe.status == 0, "\(probe.stdout)\(probe.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(probe.stdout.utf8)) as? [String: Any]
        #expect((report?["leaks"] as? [Any])?.isEmpty == true)
        #expect(report?["cleaned_up"] as? Bool == true && report?["passed"] as? Bool == true)
        let junit = try String(contentsOfFile: dir.file("probe.xml"), encoding: .utf8)
        #expect(junit.contains("<testsuite") && junit.contains(#"failures="0""#))
    }
}

/// `RAGVaultTesting` as a user's test suite uses it: tenants seeded from a folder, one call.
@Suite struct ProbeVaultTests {
    @Test func seededTenantsPassAndStayAsTheyWere() throws {
        let probe = try ProbeVault(seedingTenantsFrom: CLIBinary.packageRoot + "/fixtures/tenants")
        defer { probe.close() }
        let before = try probe.vault.tenants().map(\.name)
        #expect(before == ["acme", "globex"])
        try probe.assertNoLeaks()
        #expect(try probe.vault.tenants().map(\.name) == before)
        let directory = probe.directory
        probe.close()
        #expect(!FileManager.default.fileExists(atPath: directory))
    }
}
