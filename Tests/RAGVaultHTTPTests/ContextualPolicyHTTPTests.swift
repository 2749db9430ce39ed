import Foundation
import Testing

@testable import RAGVault
@testable import RAGVaultHTTP

/// Names and addresses over real HTTP: a tenant admin's `PUT /v1/policy` that names PERSON
/// masks them in the next search's passages and takes them out of the index before it answers;
/// an exempt reader still sees and finds them; removing the type brings them back.
@Suite struct ContextualPolicyHTTPTests {
    @Test func aPolicyNamingPeopleMasksAndUnindexesThemBeforeItAnswers() async throws {
        let f = try await APIFixture.make()
        let s = f.server
        let text = "Onboarding buddy: Dr. Marisol Quintanilla, 48 Larchmont Road, Leeds LS6 2AB. Ask Quintanilla about badges."
        try f.check(try await s.put("buddy.md", key: f.acmeAdmin, markdown: text, allow: ["role:eng", "role:hr"]))
        #expect(APIFixture.results(try await f.search("Quintanilla", key: f.alice)).count == 1)
        let set = try await s.json(
            .PUT, "/v1/policy", key: f.acmeAdmin,
            ["pii": ["PERSON": "mask", "STREET_ADDRESS": "mask"], "exemptions": ["PERSON": ["role:hr"]]])
        #expect(set.status == 200, Comment(rawValue: set.text))
        // alice (role:eng): masked, and the name finds nothing.
        #expect(APIFixture.results(try await f.search("Quintanilla", key: f.alice)).isEmpty)
        #expect(APIFixture.results(try await f.search("Larchmont", key: f.alice)).isEmpty)
        let shown = try #require(APIFixture.results(try await f.search("onboarding buddy", key: f.alice)).first?["text"] as? String)
        #expect(!shown.contains("Quintanilla") && !shown.contains("Larchmont"), Comment(rawValue: shown))
        #expect(shown.contains("[REDACTED:PERSON]") && shown.contains("[REDACTED:STREET_ADDRESS]"), Comment(rawValue: shown))
        // carol (role:hr) is exempt for PERSON: sees the name and finds it by its whole value.
        let hr = try #require(APIFixture.results(try await f.search("onboarding buddy", key: f.carol)).first?["text"] as? String)
        #expect(hr.contains("Marisol Quintanilla") && !hr.contains("Larchmont"), Comment(rawValue: hr))
        #expect(APIFixture.results(try await f.search("Marisol Quintanilla", key: f.carol)).count == 1)
        // Back to the default: names are words again.
        #expect(try await s.json(.PUT, "/v1/policy", key: f.acmeAdmin, ["pii": [String: String]()]).status == 200)
        #expect(APIFixture.results(try await f.search("Quintanilla", key: f.alice)).count == 1)
        try await s.stop()
    }
}
