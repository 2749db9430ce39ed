import Foundation
import RAGVault
import Testing

/// `POST /v1/detokenise` over real HTTP: the assistant's round trip (search → model →
/// detokenise) as the entitled user, and the answers everyone else gets.
@Suite struct DetokeniseRouteTests {
    @Test func theEntitledUserGetsValuesBackAndOthersGetTheTextUnchanged() async throws {
        let f = try await APIFixture.make()
        try f.server.vault.setPolicy(RedactionPolicy(pii: ["EMAIL": .tokenise], exemptions: ["EMAIL": ["role:hr"]]), for: "acme")
        try await f.check(
            f.server.put("people/contacts.md", key: f.acmeAdmin, markdown: "# Contacts\n\nBenefits: ann.lee@example.com\n", allow: ["role:eng", "role:hr"]))
        // The assistant searches as alice (not exempt) and hands the passage to a model.
        let passage = try #require(APIFixture.results(try await f.search("benefits contacts", key: f.alice)).first?["text"] as? String)
        #expect(!passage.contains("ann.lee@example.com"), Comment(rawValue: passage))
        let range = try #require(passage.range(of: #"\[EMAIL:[0-9a-f]{16}\]"#, options: .regularExpression), Comment(rawValue: passage))
        let answer = "Ask \(passage[range]) about benefits."
        // carol (role:hr, exempt for EMAIL, a reader of the document) sees the value.
        let carol = try await f.server.json(.POST, "/v1/detokenise", key: f.carol, ["text": answer])
        #expect(carol.status == 200, Comment(rawValue: carol.text))
        #expect(carol.json["text"] as? String == "Ask ann.lee@example.com about benefits.")
        #expect(carol.json["resolved"] as? Int == 1 && carol.json["unresolved"] as? Int == 0)
        // alice (not exempt) and another tenant's key: the same text, nothing resolved.
        for key in [f.alice, f.globexAdmin] {
            let other = try await f.server.json(.POST, "/v1/detokenise", key: key, ["text": answer])
            #expect(other.status == 200 && other.json["text"] as? String == answer, Comment(rawValue: other.text))
            #expect(other.json["resolved"] as? Int == 0)
        }
        // A key without `search`, malformed bodies, an over-long text.
        #expect(try await f.server.json(.POST, "/v1/detokenise", key: f.ingestOnly, ["text": answer]).status == 403)
        for body in [["txt": answer], ["text": answer, "extra": 1], ["text": 5]] as [[String: Any]] {
            let bad = try await f.server.json(.POST, "/v1/detokenise", key: f.carol, body)
            #expect(bad.status == 400, Comment(rawValue: bad.text))
        }
        let long = try await f.server.json(.POST, "/v1/detokenise", key: f.carol, ["text": String(repeating: "a", count: Retriever.maxDetokeniseBytes + 1)])
        #expect(long.status == 400, Comment(rawValue: long.text))
        #expect(try await f.server.send(.POST, "/v1/detokenise", key: f.carol, body: Data(repeating: 0x61, count: 1 << 20)).status == 413)
        try await f.server.stop()
    }
}
