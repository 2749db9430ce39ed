import Foundation
import RAGVaultTestSupport
import Testing

@testable import RAGVault

/// Names and postal addresses are found only for a tenant whose policy names them, and then on
/// every path: masked in passages and chunk reads, gone from the index (a masked name that a
/// search could still confirm would be a leak), searchable as keyed values by exempt readers,
/// tokenised and resolved like any PII. The index follows the policy whichever way it changes,
/// even when the change did not finish or a document was prepared under the old policy.
@Suite struct ContextualPolicyTests {
    static let text = "The site visit was led by Dr. Jennifer Holst, who works from 52 Huntly Street, Leeds LS1 4AP. Holst signed the report."
    static let masking = RedactionPolicy(pii: ["PERSON": .mask, "STREET_ADDRESS": .pseudonymise], exemptions: ["PERSON": ["role:hr"]])

    static func setUp() throws -> (TemporaryDirectory, Vault, Retriever) {
        let dir = try TemporaryDirectory()
        let vault = try Vault.initialize(at: dir.file("data"), keySource: .generatedKeyFile)
        try vault.createTenant("acme")
        try vault.store(for: "acme").putDocument(RetrieverTests.doc("visit", [text], allow: ["role:eng", "role:hr"]))
        return (dir, vault, Retriever(vault: vault))
    }

    static func reader(_ role: String) throws -> Principal {
        try Principal.impersonating(tenant: "acme", subject: "u-\(role)", roles: [role])
    }

    static func texts(_ retriever: Retriever, _ query: String, as role: String = "eng") throws -> [String] {
        try retriever.search(SearchRequest(query: query), as: try reader(role)).results.map(\.text)
    }

    @Test func namesAndAddressesStayAsTheyAreUntilAPolicyNamesThem() throws {
        let (dir, vault, retriever) = try Self.setUp()
        defer { vault.close(); withExtendedLifetime(dir) {} }
        #expect(try Self.texts(retriever, "Holst") == [Self.text])
        #expect(try Self.texts(retriever, "Huntly") == [Self.text])
        #expect(try vault.policy(for: "acme").contextualTypes.isEmpty)
        #expect(RedactionPolicy.default.mode(for: .person, roles: []) == .allow)
    }

    @Test func aPolicyThatMasksNamesTakesThemOutOfOutputAndIndex() throws {
        let (dir, vault, retriever) = try Self.setUp()
        defer { vault.close(); withExtendedLifetime(dir) {} }
        try vault.setPolicy(Self.masking, for: "acme")
        // Rebuilt before setPolicy returned, not left to the next search.
        let mark = try vault.store(for: "acme").withConnection { try $0.scalar("SELECT value FROM store_meta WHERE key = 'contextual_types'").string }
        #expect(mark == "PERSON,STREET_ADDRESS")
        let shown = try #require(try Self.texts(retriever, "visit").first)
        #expect(!shown.contains("Holst") && !shown.contains("Jennifer") && !shown.contains("Huntly"), "\(shown)")
        #expect(shown.contains("[REDACTED:PERSON]"), "\(shown)")
        #expect(shown.range(of: #"\[STREET_ADDRESS_[0-9a-f]{16}\]"#, options: .regularExpression) != nil, "\(shown)")
        // Not one word of a masked value finds the document.
        for query in ["Holst", "Jennifer", "Huntly", "Holst Huntly", "Jennifer Holst", "Leeds", "Hol*"] {
            #expect(try Self.texts(retriever, query).isEmpty, "\(query)")
        }
        // A chunk read is masked the same way.
        let id = try #require(try retriever.search(SearchRequest(query: "visit"), as: try Self.reader("eng")).results.first?.chunkID)
        #expect(!(try retriever.chunk(id, as: try Self.reader("eng")).text.contains("Holst")))
        // The exempt reader sees the name and finds it by its whole value (a keyed token).
        let hr = try #require(try Self.texts(retriever, "visit", as: "hr").first)
        #expect(hr.contains("Jennifer Holst") && !hr.contains("Huntly"), "\(hr)")
        #expect(try Self.texts(retriever, "Jennifer Holst", as: "hr").count == 1)
        // Turned off again: names are words of the index once more.
        try vault.setPolicy(.default, for: "acme")
        #expect(try Self.texts(retriever, "Holst") == [Self.text])
    }

    @Test func theAuditTrailKeepsNoMaskedNameOfAQuery() throws {
        let (dir, vault, retriever) = try Self.setUp()
        defer { vault.close(); withExtendedLifetime(dir) {} }
        let audit = AuditContext(interface: .http, requestID: "r1", keyID: "k1")
        _ = try retriever.search(SearchRequest(query: "visit by Dr. Jennifer Holst"), as: try Self.reader("eng"), audit: audit)
        #expect(try vault.auditRecords(tenant: "acme").records.last?.query?.contains("Holst") == true) // the default: a word
        try vault.setPolicy(Self.masking, for: "acme")
        _ = try retriever.search(SearchRequest(query: "visit by Dr. Jennifer Holst"), as: try Self.reader("eng"), audit: audit)
        let query = try #require(try vault.auditRecords(tenant: "acme").records.last?.query)
        #expect(!query.contains("Holst") && query.contains("[REDACTED:PERSON]"), "\(query)")
    }

    @Test func aSearchRebuildsAnIndexLeftBehindItsPolicy() throws {
        let (dir, vault, retriever) = try Self.setUp()
        defer { vault.close(); withExtendedLifetime(dir) {} }
        try vault.setPolicy(Self.masking, for: "acme")
        // As if the rebuild had not finished (a crash after the catalog write) or another
        // process still held the index made for the old policy.
        let store = try vault.store(for: "acme")
        #expect(try store.applyContextualTypes([]))
        #expect(try Self.texts(retriever, "Holst").isEmpty)
        let mark = try store.withConnection { try $0.scalar("SELECT value FROM store_meta WHERE key = 'contextual_types'").string }
        #expect(mark == "PERSON,STREET_ADDRESS")
    }

    @Test func aDocumentPreparedUnderTheOldPolicyIsIndexedUnderTheNewOne() throws {
        let (dir, vault, retriever) = try Self.setUp()
        defer { vault.close(); withExtendedLifetime(dir) {} }
        let indexer = try vault.indexer(for: "acme") // prepares for the default policy
        try vault.setPolicy(Self.masking, for: "acme")
        var findings = DocumentPreparer.Findings()
        let document = SourceDocument(
            externalID: "later.txt", format: .text, bytes: Array("Minutes: Dr. Marta Kowalski chaired the audit review.".utf8),
            acl: AccessList(allow: ["role:eng"]))
        #expect(try indexer.index(document, findings: &findings) == .added)
        #expect(try Self.texts(retriever, "Kowalski").isEmpty)
        let shown = try #require(try Self.texts(retriever, "audit review").first)
        #expect(!shown.contains("Kowalski"), "\(shown)")
    }

    @Test func tokenisedNamesResolveForExemptReadersOnly() throws {
        let (dir, vault, retriever) = try Self.setUp()
        defer { vault.close(); withExtendedLifetime(dir) {} }
        try vault.setPolicy(RedactionPolicy(pii: ["PERSON": .tokenise], exemptions: ["PERSON": ["role:hr"]]), for: "acme")
        let shown = try #require(try Self.texts(retriever, "visit").first)
        let range = try #require(shown.range(of: #"\[PERSON:[0-9a-f]{16}\]"#, options: .regularExpression), "\(shown)")
        let token = String(shown[range])
        #expect(try retriever.detokenise(token, as: try Self.reader("hr")).text == "Jennifer Holst")
        #expect(try retriever.detokenise(token, as: try Self.reader("eng")).text == token)
    }

    /// A search under the old policy may read the rows of the generation a rebuild made: what it
    /// caches must not serve a search that looks for names.
    @Test func cachedDetectionsAreKeptApartByTheTypesLookedFor() throws {
        let (dir, vault, _) = try Self.setUp()
        defer { vault.close(); withExtendedLifetime(dir) {} }
        let store = try vault.store(for: "acme")
        try store.putDocument(RetrieverTests.doc("titled", ["quarterly roadmap review"], title: "Notes by Dr. Jennifer Holst", allow: ["role:eng"]))
        let chunk = try #require(try store.withConnection { try $0.scalar("SELECT id FROM chunks WHERE text LIKE 'quarterly%'").int })
        let row = try store.readSnapshot { try $0.chunkRows(ids: [chunk])[chunk] }
        let hit = Retriever.Hit(chunkID: chunk, score: 1, row: row, generation: 7)
        let (detections, fields) = (DetectionCache(), FieldDetectionCache())
        func title(_ redactor: Redactor) throws -> String? {
            try PassageBuilder(
                redactor: redactor, policy: Self.masking, principal: try Self.reader("eng"), detections: detections, fieldDetections: fields
            ).passages(for: [hit], compiled: try QueryCompiler().compile("roadmap"), request: SearchRequest(query: "roadmap"), store: store).first?.title
        }
        #expect(try title(Redactor())?.contains("Holst") == true)
        #expect(try title(Redactor(contextual: [.person, .streetAddress])) == "Notes by Dr. [REDACTED:PERSON]")
    }

    @Test func storedDetectionsAreTakenOnlyForTheTypesTheyWereMadeWith() {
        let text = "Dr. Jennifer Holst"
        let found = Redactor(contextual: [.person]).detect(text)
        #expect(found.map(\.type) == [.person])
        let stored = StoredDetections.encode(found, contextual: [.person])
        #expect(StoredDetections.decode(stored, for: text, contextual: [.person]) == found)
        #expect(StoredDetections.decode(stored, for: text) == nil)
        #expect(StoredDetections.decode(StoredDetections.encode([]), for: text, contextual: [.person]) == nil)
    }
}
