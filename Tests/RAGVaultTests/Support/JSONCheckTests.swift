import Foundation
import Testing
@testable import RAGVault

/// The linear JSON pre-check every body, batch line, manifest, policy and settings document
/// passes: duplicate keys compared as decoded, nesting refused as soon as it passes the limit,
/// syntax errors with their path and offset — and never a disagreement with the decoder that
/// runs after it.
@Suite struct JSONCheckTests {
    static func check(_ text: String) -> JSONCheck.Problem? { JSONCheck.problem(in: Data(text.utf8)) }

    @Test(arguments: [
        (#"{"a": 1, "b": {"c": 1, "c": 2}}"#, "b.c"),
        (#"{"deny": ["u"], "allow": [], "deny": []}"#, "deny"),
        (#"[{"k": 1, "k": 2}]"#, "[0].k"),
        (#"{"acl": {"allow": ["role:eng"], "deny": [], "d\u0065ny": ["user:bob"]}}"#, "acl.deny"),
        (#"{"pii": {"EMAIL": "allow", "EM\u0041IL": "mask"}}"#, "pii.EMAIL"),
        (#"{"a\/b": 1, "a/b": 2}"#, "a/b"),
        (#"{"\ud83d\ude00": 1, "😀": 2}"#, "😀"),
        ("{\"caf\u{E9}\": 1, \"cafe\u{301}\": 2}", "café"), // canonically equivalent: one key to Swift
        (#"{"x": [1, {"y": {"z": 0, "z": 1}}]}"#, "x[1].y.z")
    ])
    func duplicateKeysAreComparedAsDecoded(text: String, path: String) {
        let problem = Self.check(text)
        #expect(problem?.code == "duplicate_key", "\(text)")
        #expect(problem?.path.precomposedStringWithCanonicalMapping == path.precomposedStringWithCanonicalMapping, "\(text): \(String(describing: problem))")
    }

    @Test(arguments: [
        #"{"a": [{"x": 1}, {"x": 2}], "b": "a,\"a"}"#, #"{"k": "k", "K": 1}"#, "[]", "{}", "0", "-0.5e+3",
        #""\u00e9\ud83d\ude00""#, "  {\"a\" :\t[ true , false , null ] }\r\n", #"{"":1,"\u0000":2}"#
    ])
    func wellFormedJSONPasses(text: String) {
        #expect(Self.check(text) == nil, "\(text)")
    }

    @Test(arguments: [
        (#"{"a": 1,}"#, "trailing comma"), (#"[1, 2,]"#, "trailing comma"), (#"{"a" 1}"#, "':'"),
        (#"{"a": 01}"#, "leading zero"), (#"{"a": 1.}"#, "after '.'"), (#"{"a": "\ud800"}"#, "high surrogate"),
        (#"{"a": "\udc00"}"#, "low surrogate"), ("{\"a\": \"tab\there\"}", "control character"),
        (#"{"a": "\x"}"#, "escape"), (#"{"a": tru}"#, "expected a value"), (#"{"a": 1} {"#, "after the JSON value"),
        (#"{"a": [1, 2"#, "ends"), (#"[1e400]"#, "out of range"), ("[1" + String(repeating: "0", count: 400) + "]", "out of range"),
        (#"{"a": "open"#, "not closed"), (#"{'a': 1}"#, "key"), ("", "ends")
    ])
    func syntaxErrorsSayWhatAndWhere(text: String, what: String) {
        let problem = Self.check(text)
        #expect(problem?.code == "invalid_json", "\(text)")
        #expect(problem?.message.contains(what) == true && problem?.message.contains("byte ") == true, "\(String(describing: problem))")
    }

    /// Bytes no reader may decode two ways: invalid, overlong or surrogate UTF-8.
    @Test(arguments: [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]] as [[UInt8]])
    func invalidUTF8InStringsIsRefused(bytes: [UInt8]) {
        let text = Data(#"{"a": ""#.utf8 + bytes + #""}"#.utf8)
        #expect(JSONCheck.problem(in: text)?.message.contains("invalid UTF-8") == true)
    }

    @Test func syntaxErrorsNameTheirPath() {
        #expect(Self.check(#"{"acl": {"allow": ["a", "b",]}}"#)?.path == "acl.allow[2]")
    }

    /// Refused where the limit is passed, however long the rest: the scan never reads on.
    @Test func nestingIsRefusedAtTheLimit() {
        let limit = JSONCheck.maxDepth
        #expect(Self.check(String(repeating: "[", count: limit) + String(repeating: "]", count: limit)) == nil)
        let deep = String(repeating: "{\"a\":", count: 32_768) + "1" + String(repeating: "}", count: 32_768)
        let problem = Self.check(deep)
        #expect(problem?.code == "invalid_json")
        #expect(problem?.message.contains("nested deeper than \(limit) levels") == true)
        #expect(problem?.message.contains("(byte \(limit * 5))") == true, "\(String(describing: problem))")
        let arrays = String(repeating: "[", count: 1 << 20)
        #expect(Self.check(arrays)?.message.contains("byte \(limit)") == true)
    }

    /// Generated documents: whatever the check accepts, Foundation parses (no parser
    /// disagreement in the direction that matters), and a key repeated under any escaping is
    /// found. Mutations of valid documents explore the syntax around them.
    @Test func agreesWithFoundationOnGeneratedDocuments() throws {
        var random = SplitMix64(seed: 0x5EED_1500)
        for round in 0..<2_000 {
            let value = Self.randomValue(&random, depth: 0)
            let valid = try JSONSerialization.data(withJSONObject: ["v": value], options: [.sortedKeys])
            #expect(JSONCheck.problem(in: valid) == nil, "\(String(decoding: valid, as: UTF8.self))")
            var mutated = [UInt8](valid)
            for _ in 0..<(1 + Int(random.next() % 3)) {
                let at = Int(random.next() % UInt64(mutated.count))
                let alphabet = Array(#"{}[]",:\u0 1e-."#.utf8)
                switch random.next() % 3 {
                case 0: mutated.remove(at: at)
                case 1: mutated.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: at)
                default: mutated[at] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                }
                if mutated.isEmpty { break }
            }
            if JSONCheck.problem(in: Data(mutated)) == nil {
                #expect(
                    (try? JSONSerialization.jsonObject(with: Data(mutated), options: [.fragmentsAllowed])) != nil,
                    "round \(round): accepted what Foundation refuses: \(String(decoding: mutated, as: UTF8.self))")
            }
            // A key written twice, the second time with every character \u-escaped.
            let key = "k\(random.next() % 1000)é"
            let escaped = key.unicodeScalars.map { String(format: "\\u%04x", $0.value) }.joined()
            let twice = Data(#"{"\#(key)": 1, "x": \#(String(decoding: valid, as: UTF8.self)), "\#(escaped)": 2}"#.utf8)
            #expect(JSONCheck.problem(in: twice)?.code == "duplicate_key")
        }
    }

    static func randomValue(_ random: inout SplitMix64, depth: Int) -> Any {
        switch random.next() % (depth > 4 ? 4 : 6) {
        case 0: return Int(random.next() % 2_000) - 1_000
        case 1: return Double(Int(random.next() % 10_000)) / 7
        case 2: return ["a", "é", "\"q\"", "line\nbreak", "😀", "\u{1}", "back\\slash"][Int(random.next() % 7)]
        case 3: return [true, false, NSNull()][Int(random.next() % 3)] as Any
        case 4: return (0..<Int(random.next() % 4)).map { _ in randomValue(&random, depth: depth + 1) }
        default:
            var object: [String: Any] = [:]
            for i in 0..<Int(random.next() % 4) { object["k\(i)\(["", "é", "\"", "\\"][Int(random.next() % 4)])"] = randomValue(&random, depth: depth + 1) }
            return object
        }
    }

    /// Objects of every size up to past the point where the key list becomes a set: a repeated
    /// key is found wherever the two copies stand, and distinct keys are never taken for one.
    @Test func aRepeatedKeyIsFoundInObjectsOfEverySize() {
        for count in 1...40 {
            let keys = (0..<count).map { "key\($0)" }
            let distinct = "{" + keys.map { "\"\($0)\": 1" }.joined(separator: ", ") + "}"
            #expect(JSONCheck.problem(in: Data(distinct.utf8)) == nil, "\(count) keys")
            for (first, second) in [(0, count), (count - 1, count), (count / 2, count)] where count > 1 || first == 0 {
                var repeated = keys
                repeated.insert(keys[first], at: min(second, repeated.count))
                let text = "{" + repeated.map { "\"\($0)\": 1" }.joined(separator: ", ") + "}"
                #expect(JSONCheck.problem(in: Data(text.utf8))?.code == "duplicate_key", "\(count) keys, \(keys[first]) twice")
            }
        }
    }
}
