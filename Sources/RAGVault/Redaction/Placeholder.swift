/// Values that look like secrets but are documentation placeholders or references to a
/// secret kept elsewhere: `EXAMPLE`, `xxxx…`, `<token>`, `${VAR}`, `{{ var }}`, `$PASSWORD`,
/// `os.environ[...]`, or strings with almost no variety (`aaaaaaaa`, `00000000`).
package enum Placeholder {
    /// Markers found in a value ("my_example_key", "xxxx1234"; "fake" only as a word of it).
    private static let markerStarts = ContextWords([
        "example", "xxxx", "****", "placeholder", "your_", "your-", "<your", "redacted",
        // "yourpassword", "YourApiKey", "your.token": your_… written together.
        "yourpass", "yourtoken", "yoursecret", "yourkey", "yourapi", "your.",
        "dummy", "changeme_", "replace_me", "replaceme", "insert_", "sample", "fake"
    ])

    /// Words that stand for a credential in documentation rather than being one (see
    /// `isGenericWord`).
    private static let genericWords = WordSet([
        "password", "passwd", "pass", "token", "secret", "test", "user", "username",
        "changeme", "apikey", "api_key", "mypassword", "mypasswd", "yourpassword", "pwd", "example"
    ])

    static func isGenericWord(_ word: String) -> Bool { allowListing && genericWords.contains(word) }

    /// `isGenericWord` of `s[start..<end]`, any case, asked in place (it runs for every value a
    /// password's name is given).
    static func isGenericWord(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        allowListing && genericWords.contains(s, start, end)
    }

    /// Off only in `eval redaction`, to tell which misses the allow-list caused; turning it
    /// off only ever redacts more.
    @TaskLocal package static var allowListing = true

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
        // One pass: markers anywhere ("my_example_key", "xxxx1234"); "fake" only as a word of
        // the value ("a-fake-key", not "abc12fake"); a run of eight of one character
        // ("…aaaaaaaaaaaaaa", "AAAAAAAAAAC7…"), which generated tokens practically never hold
        // and samples and padding do.
        let markers = markerStarts
        var run = 0, previous: UInt8 = 0
        for i in start..<end {
            let b = s[i]
            run = b == previous ? run + 1 : 1
            if run >= 8 { return true }
            previous = b
            let found = markers.anyMatch(s, at: i, limit: end) { length in
                guard Bytes.lower(b) == 0x66 else { return true } // only "fake" starts with 'f'
                return (i == start || !Bytes.isAlnum(s[i - 1])) && (i + length == end || !Bytes.isAlnum(s[i + length]))
            }
            if found { return true }
        }
        // Almost no variety: aaaaaaaa, 00000000, abababab (at most three distinct bytes).
        if length >= 8 {
            var seen: (UInt8, UInt8, UInt8) = (Bytes.lower(s[start]), 0, 0)
            var distinct = 1
            for i in start..<end {
                let b = Bytes.lower(s[i])
                if b == seen.0 || (distinct > 1 && b == seen.1) || (distinct > 2 && b == seen.2) { continue }
                if distinct == 3 { return false }
                if distinct == 1 { seen.1 = b } else { seen.2 = b }
                distinct += 1
            }
            return true
        }
        return false
    }
}
