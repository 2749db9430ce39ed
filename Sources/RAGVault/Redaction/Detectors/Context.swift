/// Lower-case context words with the set of their first bytes, so a window is scanned by
/// one table test per byte and only a byte that can start a word is compared word by word.
struct ContextWords: Sendable {
    let words: [[UInt8]]
    private let firstBytes: (UInt64, UInt64)

    init(_ words: [String]) {
        self.words = words.map { Array($0.utf8) }
        var low: UInt64 = 0, high: UInt64 = 0
        for w in self.words where w[0] < 128 {
            if w[0] < 64 { low |= 1 << UInt64(w[0]) } else { high |= 1 << UInt64(w[0] - 64) }
        }
        precondition(self.words.allSatisfy { $0[0] < 128 }, "context words start with ASCII")
        firstBytes = (low, high)
    }

    @inline(__always) func mayStart(_ b: UInt8) -> Bool {
        b < 64 ? firstBytes.0 & (1 << UInt64(b)) != 0 : b < 128 && firstBytes.1 & (1 << UInt64(b - 64)) != 0
    }
}

/// Keywords near a candidate ("ssn", "phone", "pesel"), searched in the raw bytes without
/// building strings: case-insensitive for ASCII, a fixed window, so constant work per number.
struct Context {
    let s: UnsafeBufferPointer<UInt8>
    let at: Int

    init(_ s: UnsafeBufferPointer<UInt8>, _ at: Int) {
        self.s = s
        self.at = at
    }

    /// Any of `words` occurs (as a substring) in the `window` bytes before the candidate.
    func has(_ words: ContextWords, window: Int = 40) -> Bool {
        has(words, window: window, wholeWord: false)
    }

    /// Any of `words` occurs as a whole word in the `window` bytes before the candidate.
    func hasWord(_ words: ContextWords, window: Int) -> Bool {
        has(words, window: window, wholeWord: true)
    }

    private func has(_ words: ContextWords, window: Int, wholeWord: Bool) -> Bool {
        let start = max(0, at - window)
        for k in start..<at {
            let first = Bytes.lower(s[k])
            guard words.mayStart(first) else { continue }
            for w in words.words where w[0] == first && k + w.count <= at && Bytes.matchesIgnoringCase(s, k, w) {
                if !wholeWord { return true }
                // Identifiers are one word: "call" is not in "call_site" or "recall2".
                let beforeOK = k == 0 || !isIdentifier(s[k - 1])
                let afterOK = k + w.count >= s.count || !isIdentifier(s[k + w.count])
                if beforeOK && afterOK { return true }
            }
        }
        return false
    }

    /// How many bytes before the candidate lie on its own line (at most `limit`); with
    /// `labelAbove`, a candidate that starts its line also gets the line above (a form label).
    func lineWindow(_ limit: Int, labelAbove: Bool = false) -> Int {
        var start = at
        while start > 0 && s[start - 1] != 0x0A && at - start < limit { start -= 1 }
        if labelAbove, start > 0, s[start - 1] == 0x0A, (start..<at).allSatisfy({ s[$0] == 0x20 || s[$0] == 0x09 }) {
            start -= 1
            while start > 0 && s[start - 1] != 0x0A && at - start < limit { start -= 1 }
        }
        return at - start
    }

    private func isIdentifier(_ b: UInt8) -> Bool { Bytes.isAlnum(b) || b == 0x5F }

    /// A whole word of `words` right after the number (labels like "… office", "… fax").
    static func hasWordAfter(_ s: UnsafeBufferPointer<UInt8>, _ from: Int, _ words: ContextWords) -> Bool {
        var k = from
        while k < s.count && (Bytes.isDigit(s[k]) || s[k] == 0x20 || s[k] == 0x2D || s[k] == 0x2E || s[k] == 0x29 || s[k] == 0x28) && k - from < 32 { k += 1 }
        let end = min(s.count, k + 12)
        return Context(s, end).hasWord(words, window: end - k)
    }
}
