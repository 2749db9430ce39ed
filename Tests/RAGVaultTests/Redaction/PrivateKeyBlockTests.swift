import Testing

@testable import RAGVault

/// A private key cut off before its END line is still removed, and only the key: inside a
/// string up to the string's end, in text up to its last body line.
@Suite struct PrivateKeyBlockTests {
    let redactor = Redactor()
    static let body = "MIIEpAIBAAKCAQEA7bq3" + String(repeating: "Qk9BQUFB", count: 10)

    @Test func truncatedKeyInAStringEndsAtTheQuote() {
        let text = "{\"private_key\": \"-----BEGIN RSA PRIVATE KEY-----\\n\(Self.body)\\n\(Self.body)\", \"client_email\": \"svc\"}"
        let out = redactor.redact(text).text
        #expect(out == "{\"private_key\": \"[REDACTED:PRIVATE_KEY]\", \"client_email\": \"svc\"}")
    }

    @Test func truncatedKeyInTextEndsAtItsLastBodyLine() {
        let headers = "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,3F17F5316E2BAC89\n\n"
        let text = "key:\n-----BEGIN RSA PRIVATE KEY-----\n\(headers)\(Self.body)\n\(Self.body)\nthe rest of the note stays\n"
        let out = redactor.redact(text).text
        #expect(out == "key:\n[REDACTED:PRIVATE_KEY]\nthe rest of the note stays\n")
        #expect(!out.contains("Qk9B"))
    }

    /// A key pasted onto one line: the line is the key's to its end (the safe side — words
    /// after it on that line go too), the next line is not.
    @Test func truncatedKeyPastedOnOneLineIsRemoved() {
        let text = "key: -----BEGIN OPENSSH PRIVATE KEY----- \(Self.body) \(Self.body) and then\nthe next line"
        #expect(redactor.redact(text).text == "key: [REDACTED:PRIVATE_KEY]\nthe next line")
    }
}
