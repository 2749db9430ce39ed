import Foundation
import Testing
@testable import RAGVault

/// What a reader may not see, they must not be able to find, count or confirm: PII masked for
/// a principal changes nothing about what its queries match; values it sees may be found.
@Suite struct SearchOracleTests {
    /// Values that the detectors find after their context word, two per type.
    static let samples: [(EntityType, String, [String])] = [
        (.email, "mail", ["dana.ross@example.org", "lee.chan@corp.example.net"]),
        (.phone, "phone", ["+44 20 7946 0958", "+1 415 555 0134"]),
        (.creditCard, "card", ["4111 1111 1111 1111", "5500 0000 0000 0004"]),
        (.iban, "iban", ["DE89 3704 0044 0532 0130 00", "GB82 WEST 1234 5698 7654 32"]),
        (.usSSN, "SSN", ["536-22-8471", "512-34-6789"]),
        (.ipAddress, "ip", ["203.0.113.77", "198.51.100.23"]),
        (.macAddress, "mac", ["3c:22:fb:91:0a:7e", "00:1a:2b:3c:4d:5e"])
    ]
    static let filler = "lorem ipsum dolor sit amet quartz vellum"

    struct Plant {
        let type: EntityType
        let context: String
        let value: String
        let id: String
        /// The same document with the value left out: what a masked value must look like to search.
        let twin: String
    }

    /// Plants every sample in a random field (title, heading or body) of a document and a
    /// twin without it.
    static func plant(_ store: TenantStore, random: inout SplitMix64) throws -> [Plant] {
        var plants: [Plant] = []
        var documents: [DocumentRecord] = []
        for (type, context, values) in samples {
            for (i, value) in values.enumerated() {
                let id = "\(type.rawValue)-\(i)"
                let field = Int(random.next() % 3)
                for (docID, planted) in [(id, "\(context) \(value)"), (id + "-twin", "\(context) ")] {
                    #expect(docID.hasSuffix("twin") || Redactor().redact(planted).spans.contains { $0.type == type }, "\(planted) not detected")
                    let title = field == 0 ? "\(filler) \(planted)" : filler
                    let heading = field == 1 ? ["\(filler) \(planted)"] : ["Notes"]
                    let body = field == 2 ? "\(filler) \(planted) \(filler)" : "\(filler) \(filler)"
                    documents.append(
                        DocumentRecord(
                            externalID: docID, title: title, contentHash: docID + planted,
                            acl: AccessList(allow: ["role:eng", "role:hr"]),
                            chunks: [ChunkRecord(ordinal: 0, headingPath: heading, startOffset: 0, endOffset: body.count, text: body)]))
                }
                plants.append(Plant(type: type, context: context, value: value, id: id, twin: id + "-twin"))
            }
        }
        try store.putDocuments(documents)
        return plants
    }

    /// Every way to ask for a value: exact, phrase, each part, each prefix of its first parts.
    static func queryForms(_ value: String) -> [(String, MatchMode)] {
        let parts = value.split { !$0.isLetter && !$0.isNumber }.map(String.init)
        var forms: [(String, MatchMode)] = [(value, .natural), (value, .all), ("\"\(value)\"", .natural)]
        forms += parts.map { ($0, .natural) }
        for part in parts.prefix(2) {
            for length in 1...part.count { forms.append((String(part.prefix(length)) + "*", .natural)) }
        }
        return forms
    }

    static func randomPolicy(_ random: inout SplitMix64) -> RedactionPolicy {
        var policy = RedactionPolicy()
        for (type, _, _) in samples {
            policy.pii[type.rawValue] = RedactionPolicy.Mode.allCases[Int(random.next() % 4)]
            if random.next() % 2 == 0 { policy.exemptions[type.rawValue] = ["role:hr"] }
        }
        return policy
    }

    @Test(arguments: [11, 22, 33] as [UInt64])
    func piiMatchesExactlyWhenTheReaderSeesIt(seed: UInt64) throws {
        let (dir, vault, retriever, store) = try RetrieverTests.setUp()
        defer { vault.close(); withExtendedLifetime(dir) {} }
        var random = SplitMix64(seed: seed)
        let plants = try Self.plant(store, random: &random)
        let readers = [
            try Principal.impersonating(tenant: "acme", subject: "ann", roles: ["eng"]),
            try Principal.impersonating(tenant: "acme", subject: "hal", roles: ["hr"])
        ]
        // Two policies in a row: a policy change must be honoured by the next search.
        for _ in 0..<2 {
            let policy = Self.randomPolicy(&random)
            try vault.setPolicy(policy, for: "acme")
            for reader in readers {
                for plant in plants {
                    let shown = policy.mode(for: plant.type, roles: reader.exemptionNames) == .allow
                    for (query, mode) in Self.queryForms(plant.value) {
                        let results: [Passage]
                        do {
                            results = try retriever.search(SearchRequest(query: query, topK: 50, match: mode), as: reader).results
                        } catch let error as RAGVaultError where error.code == .queryInvalid {
                            continue // nothing searchable in this form (a lone stopword part)
                        }
                        let hit = results.first { $0.documentID == plant.id }, twin = results.first { $0.documentID == plant.twin }
                        if !shown {
                            #expect((hit == nil) == (twin == nil), "\(query) [\(mode)] tells \(plant.id) from its twin for \(reader.roles)")
                            #expect(hit?.score == twin?.score, "\(query) scores \(plant.id) apart from its twin")
                        }
                    }
                    // Exact value with its context word, every word required.
                    let exact = try retriever.search(SearchRequest(query: "\(plant.context) \(plant.value)", topK: 50, match: .all), as: reader)
                        .results.map(\.documentID)
                    if shown {
                        #expect(exact.contains(plant.id), "\(reader.roles) sees \(plant.type) but cannot find \(plant.value)")
                        #expect(!exact.contains(plant.twin))
                    } else {
                        #expect(!exact.contains(plant.id), "\(reader.roles) found masked \(plant.value)")
                    }
                }
            }
        }
    }

    /// Invariant 4 for the `pii` column: a document the reader cannot see, holding the same
    /// PII value, changes neither what an exempt reader finds by that value nor its score.
    @Test func hiddenHoldersOfAValueChangeNoVisibleScore() throws {
        let (dir, vault, retriever, store) = try RetrieverTests.setUp()
        defer { vault.close(); withExtendedLifetime(dir) {} }
        try vault.setPolicy(RedactionPolicy(exemptions: ["EMAIL": ["role:hr"]]), for: "acme")
        try store.putDocuments(
            (0..<20).map { RetrieverTests.doc("f\($0)", ["\(Self.filler) note \($0)"], allow: ["role:hr"]) }
                + [RetrieverTests.doc("v", ["owner mail dana.ross@example.org for walrus"], allow: ["role:hr"])])
        let hr = try Principal.impersonating(tenant: "acme", subject: "hal", roles: ["hr"])
        let query = SearchRequest(query: "mail dana.ross@example.org")
        let before = try retriever.search(query, as: hr).results.map { ($0.documentID, $0.score) }
        #expect(before.first?.0 == "v")
        try store.putDocument(RetrieverTests.doc("hidden", [String(repeating: "mail dana.ross@example.org ", count: 5)], allow: ["role:exec"]))
        let after = try retriever.search(query, as: hr).results.map { ($0.documentID, $0.score) }
        #expect(after.map(\.0) == before.map(\.0))
        #expect(after.map(\.1) == before.map(\.1), "a hidden holder of the value changed a visible score")
    }

    /// Metadata filters compare exact values: one the reader would see masked matches nothing.
    @Test func metadataFilterOnAMaskedValueMatchesNothing() throws {
        let (dir, vault, retriever, store) = try RetrieverTests.setUp()
        defer { vault.close(); withExtendedLifetime(dir) {} }
        var doc = RetrieverTests.doc("m", ["quarterly planning notes"])
        doc.metadata = ["owner": "dana.ross@example.org"]
        try store.putDocument(doc)
        let eng = try Principal.impersonating(tenant: "acme", subject: "ann", roles: ["eng"])
        let filtered = SearchRequest(query: "planning", metadata: ["owner": "dana.ross@example.org"])
        #expect(try retriever.search(filtered, as: eng).results.isEmpty)
        try vault.setPolicy(RedactionPolicy(pii: ["EMAIL": .allow]), for: "acme")
        #expect(try retriever.search(filtered, as: eng).results.map(\.documentID) == ["m"])
    }

    /// Filter keys are data, never path syntax: quotes, dots, brackets and control characters
    /// match exactly or not at all, and never fail the search (a NUL key once gave a 500).
    @Test func hostileMetadataKeysMatchExactlyAndNeverFail() throws {
        let (dir, vault, retriever, store) = try RetrieverTests.setUp()
        defer { vault.close(); withExtendedLifetime(dir) {} }
        var doc = RetrieverTests.doc("k", ["quarterly planning notes"])
        doc.metadata = ["a\"b.c[0]": "x", "team": "core"]
        try store.putDocument(doc)
        let eng = try Principal.impersonating(tenant: "acme", subject: "ann", roles: ["eng"])
        func hits(_ metadata: [String: String]) throws -> [String] {
            try retriever.search(SearchRequest(query: "planning", metadata: metadata), as: eng).results.map(\.documentID)
        }
        #expect(try hits(["a\"b.c[0]": "x"]) == ["k"])
        #expect(try hits(["team": "core", "a\"b.c[0]": "x"]) == ["k"])
        for key in ["\u{0}", "a\"b", "$", "$.team", "\"", "[0]", "a\"b.c", "\u{7f}\u{8d}", "$[0]"] {
            #expect(try hits([key: "core"]).isEmpty, "key \(key.debugDescription) widened the result")
        }
        // Normalised as ingest normalises: what was stored from "team\u{0}" is "team".
        #expect(try hits(["team\u{0}": "core\u{0}"]) == ["k"])
        #expect(try hits(["team": "cor"]).isEmpty)
    }
}
