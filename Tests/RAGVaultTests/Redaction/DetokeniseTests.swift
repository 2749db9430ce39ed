import Foundation
import RAGVaultTestSupport
import Testing

@testable import RAGVault

/// Reversible tokens (`tokenise`): an assistant sends masked passages to a model, and the
/// entitled user gets the real values back in the answer. A token resolves only for a reader
/// the policy exempts for its type, only in its own tenant, only while a document holding the
/// value exists; it is never searchable; the audit trail holds counts, never values.
@Suite struct DetokeniseTests {
    static let policy = RedactionPolicy(pii: ["EMAIL": .tokenise, "PHONE": .tokenise], exemptions: ["EMAIL": ["role:hr"]])
    static let email = "ann.lee@example.com"

    static func setUp() throws -> (TemporaryDirectory, Vault, Retriever) {
        let dir = try TemporaryDirectory()
        let vault = try Vault.initialize(at: dir.file("data"), keySource: .generatedKeyFile)
        for tenant in ["acme", "globex"] {
            try vault.createTenant(tenant)
            try vault.setPolicy(policy, for: tenant)
        }
        try vault.store(for: "acme").putDocument(
            RetrieverTests.doc("payroll", ["payroll questions go to \(email) or +1 415 555 0134"], allow: ["role:eng", "role:hr"]))
        return (dir, vault, Retriever(vault: vault))
    }

    static func reader(_ role: String, tenant: String = "acme") throws -> Principal {
        try Principal.impersonating(tenant: tenant, subject: "u-\(role)", roles: [role])
    }

    /// The assistant's search as a reader the policy does not exempt: the e-mail as a token.
    static func token(_ retriever: Retriever) throws -> String {
        let passage = try #require(try retriever.search(SearchRequest(query: "payroll"), as: try reader("eng")).results.first)
        #expect(!passage.text.contains(email), "\(passage.text)")
        let range = try #require(passage.text.range(of: #"\[EMAIL:[0-9a-f]{16}\]"#, options: .regularExpression))
        return String(passage.text[range])
    }

    @Test func anExemptReaderGetsTheValueBackAndNobodyElseDoes() throws {
        let (dir, vault, retriever) = try Self.setUp()
        defer { withExtendedLifetime(dir) {} }
        defer { vault.close() }
        let token = try Self.token(retriever)
        let answer = "Write to \(token) about it."
        let hr = try retriever.detokenise(answer, as: try Self.reader("hr"))
        #expect(hr == DetokenisedText(text: "Write to \(Self.email) about it.", resolved: 1, unresolved: 0))
        // Not exempt: the same text back, counted as unresolved.
        #expect(try retriever.detokenise(answer, as: try Self.reader("eng")) == DetokenisedText(text: answer, resolved: 0, unresolved: 1))
        // Exempt for the type but not a reader of the document holding the value.
        #expect(try retriever.detokenise(answer, as: try Self.reader("hr-contractors")).text == answer)
        try vault.setPolicy(
            RedactionPolicy(pii: Self.policy.pii, exemptions: ["EMAIL": ["role:hr", "role:hr-contractors"]]), for: "acme")
        #expect(try retriever.detokenise(answer, as: try Self.reader("hr-contractors")).unresolved == 1)
        // Another tenant, a reader its policy exempts: the token is not one of its values.
        #expect(try retriever.detokenise(answer, as: try Self.reader("hr", tenant: "globex")).text == answer)
        // A type nobody is exempt for (PHONE) stays a token even for hr.
        let text = try #require(try retriever.search(SearchRequest(query: "payroll"), as: try Self.reader("eng")).results.first?.text)
        let phone = try #require(text.range(of: #"\[PHONE:[0-9a-f]{16}\]"#, options: .regularExpression))
        #expect(try retriever.detokenise(String(text[phone]), as: try Self.reader("hr")).unresolved == 1)
    }

    @Test func deletingTheDocumentForgetsItsValues() throws {
        let (dir, vault, retriever) = try Self.setUp()
        defer { withExtendedLifetime(dir) {} }
        defer { vault.close() }
        let token = try Self.token(retriever)
        let store = try vault.store(for: "acme")
        // A second document with the same value: one deletion keeps it, the second forgets it.
        try store.putDocument(RetrieverTests.doc("other", ["escalations: \(Self.email)"], allow: ["role:hr"]))
        _ = try store.deleteDocument(externalID: "payroll")
        #expect(try retriever.detokenise(token, as: try Self.reader("hr")).text == Self.email)
        _ = try store.deleteDocument(externalID: "other")
        #expect(try retriever.detokenise(token, as: try Self.reader("hr")) == DetokenisedText(text: token, resolved: 0, unresolved: 1))
        let raw = try store.withConnection { try $0.scalar("SELECT count(*) FROM pii_values").int }
        #expect(raw == 0)
    }

    @Test func tokensAreNeverSearchable() throws {
        let (dir, vault, retriever) = try Self.setUp()
        defer { withExtendedLifetime(dir) {} }
        defer { vault.close() }
        let token = try Self.token(retriever)
        let digits = String(token.dropFirst("[EMAIL:".count).dropLast())
        for query in [token, digits, "\"\(digits)\"", String(digits.prefix(6)) + "*"] {
            for role in ["eng", "hr"] {
                #expect(try retriever.search(SearchRequest(query: query), as: try Self.reader(role)).results.isEmpty, "\(query) as \(role)")
            }
        }
    }

    @Test func lookalikesUnknownTokensAndSecretTypesAreLeftAlone() throws {
        let (dir, vault, retriever) = try Self.setUp()
        defer { withExtendedLifetime(dir) {} }
        defer { vault.close() }
        let token = try Self.token(retriever)
        let text = "[EMAIL:0000000000000000] [API_KEY:0123456789abcdef] [EMAIL:ABCDEF0123456789] [EMAIL_7f3a9c] [REDACTED:EMAIL] \(token)x\(token)"
        let out = try retriever.detokenise(text, as: try Self.reader("hr"))
        let kept = "[EMAIL:0000000000000000] [API_KEY:0123456789abcdef] [EMAIL:ABCDEF0123456789] [EMAIL_7f3a9c] [REDACTED:EMAIL]"
        #expect(out.text == "\(kept) \(Self.email)x\(Self.email)")
        #expect(out.resolved == 2 && out.unresolved == 1)
        #expect(throws: RAGVaultError.self) {
            _ = try retriever.detokenise(String(repeating: "a", count: Retriever.maxDetokeniseBytes + 1), as: try Self.reader("hr"))
        }
    }

    @Test func theAuditRecordHoldsCountsNotValues() throws {
        let (dir, vault, retriever) = try Self.setUp()
        defer { withExtendedLifetime(dir) {} }
        defer { vault.close() }
        let token = try Self.token(retriever)
        _ = try retriever.detokenise("to \(token) and \(token)", as: try Self.reader("hr"))
        let record = try #require(try vault.auditRecords(tenant: "acme").records.last { $0.action == "detokenise" })
        #expect(record.tokens == ["EMAIL": 2, "unresolved": 0])
        let log = String(decoding: try JSONEncoder().encode(try vault.auditRecords(tenant: "acme").records), as: UTF8.self)
        #expect(!log.contains(Self.email) && !log.contains(String(token.dropFirst(7).dropLast())))
    }
}
