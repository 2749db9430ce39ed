import Foundation
import Testing
@testable import RAGVault

/// The hot-path JSON reader must agree with JSONDecoder on everything RAGVault writes, and
/// fall back (not guess) on anything else.
@Suite struct StoredJSONTests {
    @Test(arguments: [
        AccessList(allow: ["role:eng", "user:alice"], deny: ["group:contractors"]),
        AccessList(allow: ["role:hr"]),
        AccessList(allow: [], deny: []),
        AccessList(allow: ["user:zoë", "group:日本"], deny: ["user:\"quoted\"", "user:back\\slash"]),
    ])
    func accessListsRoundTripThroughTheEncoder(acl: AccessList) throws {
        let json = String(decoding: try JSONEncoder().encode(acl), as: UTF8.self)
        #expect(StoredJSON.accessList(json) == acl)
    }

    @Test func keyOrderAndSpacesDoNotMatter() {
        #expect(StoredJSON.accessList(#" { "deny" : [ "b" ] , "allow" : [ "a" ] } "#) == AccessList(allow: ["a"], deny: ["b"]))
        #expect(StoredJSON.accessList(#"{"allow":["a"]}"#) == AccessList(allow: ["a"]))
    }

    @Test(arguments: [#"{"deny":["a"]}"#, #"{"allow":["a"]"#,
                      #"{"allow":"a"}"#, "", "[]", #"{"allow":["a"]} trailing"#])
    func malformedOrForeignAccessListsAreRefused(json: String) {
        #expect(StoredJSON.accessList(json) == nil)
    }

    @Test func stringArrays() {
        #expect(StoredJSON.stringArray(#"["possible_injection","invisible_chars_removed"]"#) == ["possible_injection", "invisible_chars_removed"])
        #expect(StoredJSON.stringArray("[]") == [])
        #expect(StoredJSON.stringArray(#"["a\"b"]"#) == ["a\"b"]) // escapes go through JSONDecoder
        #expect(StoredJSON.stringArray("not json") == [])
    }
}
