/// Values that look like secrets but are documentation placeholders or references to a
/// secret kept elsewhere: `EXAMPLE`, `xxxx…`, `<token>`, `${VAR}`, `{{ var }}`, `$PASSWORD`,
/// `os.environ[...]`, or strings with almost no variety (`aaaaaaaa`, `00000000`).
enum Placeholder {
    private static let markers: [[UInt8]] = ["example", "xxxx", "****", "placeholder", "your_", "your-", "<your", "redacted",
                                             "dummy", "changeme_", "replace_me", "replaceme", "insert_", "sample"].map { Array($0.utf8) }

    /// The markers by their first (lower-case) byte, so each byte of a value is compared with
    /// the one or two markers that can start there.
    private static let markersByFirstByte: [[[UInt8]]] = {
        var groups = [[[UInt8]]](repeating: [], count: 256)
        for marker in markers { groups[Int(marker[0])].append(marker) }
        return groups
    }()

    /// Words that stand for a credential in documentation rather than being one (see
    /// `isGenericWord`).
    private static let genericWords: Set<String> = ["password", "passwd", "pass", "token", "secret", "test", "user", "username",
                                            "changeme", "apikey", "api_key", "mypassword", "yourpassword", "pwd", "example"]

    static func isGenericWord(_ word: String) -> Bool { allowListing && genericWords.contains(word) }

    /// Off only in `eval redaction`, to tell which misses the allow-list caused; turning it
    /// off only ever redacts more.
    @TaskLocal static var allowListing = true

    /// A token followed by '#', '*' or '…' is a masked sample ("xoxp-123-…-####").
    static func isMaskedSample(_ s: UnsafeBufferPointer<UInt8>, _ end: Int) -> Bool {
        allowListing && end < s.count && (s[end] == 0x23 || s[end] == 0x2A || (s[end] == 0xE2 && end + 2 < s.count && s[end + 1] == 0x80 && s[end + 2] == 0xA6))
    }

    static func isPlaceholder(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard allowListing else { return false }
        let length = end - start
        guard length > 0 else { return true }
        let first = s[start]
        // References and templates: ${VAR}, $VAR, {{ var }}, <token>, %(name)s, {name}
        if first == 0x24 || first == 0x7B || first == 0x3C || first == 0x25 { return true }
        if length >= 2, s[end - 1] == 0x3E || s[end - 1] == 0x7D { return true }
        let byFirst = markersByFirstByte
        for i in start..<end {
            for marker in byFirst[Int(Bytes.lower(s[i]))] where i + marker.count <= end && Bytes.matchesIgnoringCase(s, i, marker) {
                return true
            }
        }
        // Almost no variety: aaaaaaaa, 00000000, abababab.
        if length >= 8 {
            var seen = Set<UInt8>()
            for i in start..<end { seen.insert(Bytes.lower(s[i])); if seen.count > 3 { return false } }
            return true
        }
        return false
    }
}
