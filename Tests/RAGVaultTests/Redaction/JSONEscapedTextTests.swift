import Foundation
import Testing

@testable import RAGVault

/// Text inside JSON strings (chat logs, API payloads, JSONL exports) carries its line breaks,
/// tabs and quotes escaped. A value ends at `\n`, `\t` or `\"` as it would at the character,
/// so the words after it stay readable and the redacted document is still JSON.
@Suite struct JSONEscapedTextTests {
    let redactor = Redactor()

    @Test(arguments: [
        (#"{"content": "Passwort: Esc4ped!Json\nBitte nicht teilen"}"#, #"{"content": "Passwort: [REDACTED:PASSWORD]\nBitte nicht teilen"}"#),
        (#"{"env": "DB_PASSWORD=xYz!Pass25\nOTHER=1"}"#, #"{"env": "DB_PASSWORD=[REDACTED:PASSWORD]\nOTHER=1"}"#),
        (#"{"text": "password: Js0n!Esc#25\nnext line"}"#, #"{"text": "password: [REDACTED:PASSWORD]\nnext line"}"#),
        (#"{"text": "set the password to \"Js0n!Esc#25\" today"}"#, #"{"text": "set the password to \"[REDACTED:PASSWORD]\" today"}"#),
        (#"{"text": "hi\nLogin: admin / Tiger.Tiger.Maple5\tok"}"#, #"{"text": "hi\nLogin: admin / [REDACTED:PASSWORD]\tok"}"#),
        (#"{"env": "OTHER=1\ntoken: l0n2qxEL_pU8SX6KpkoKg1aYXOgdddM8z16gQO8 please"}"#, #"{"env": "OTHER=1\ntoken: [REDACTED:SECRET] please"}"#),
        (#"{"message":"het wachtwoord is Tulpen1976$"}"#, #"{"message":"het wachtwoord is [REDACTED:PASSWORD]"}"#)
    ])
    func valueEndsAtTheEscape(_ input: String, _ expected: String) throws {
        let out = redactor.redact(input).text
        #expect(out == expected)
        #expect(try JSONSerialization.jsonObject(with: Data(out.utf8)) is [String: Any])
    }

    /// '&' ends an unquoted value only before another parameter or a blank.
    @Test func ampersandInsideAValueIsPartOfIt() {
        #expect(redactor.redact("password: pHlmyJrf%zgBme2&*2bO\n").text == "password: [REDACTED:PASSWORD]\n")
        #expect(redactor.redact("https://x.example/cb?password=Tr0ub4dor9&state=abc").text.hasSuffix("&state=abc"))
    }
}
