/// Lower-case words looked for in raw bytes, laid out flat with a table of which words start
/// with each byte: a window is scanned with one table load per byte, and only the words that
/// start with that byte are compared (no per-word array is touched, so nothing is retained).
struct ContextWords: Sendable {
    private let flat: [UInt8]
    private let starts: [Int]
    /// For each ASCII byte, one bit per word that starts with it (at most 32 words).
    private let byFirst: [UInt32]
    /// For each byte, one bit per word whose second byte it is; one-byte words in every entry.
    private let bySecond: [UInt32]

    init(_ list: [String]) {
        let words = list.map { Array($0.utf8) }
        precondition(
            words.count <= 32 && words.allSatisfy { !$0.isEmpty && $0[0] < 128 },
            "at most 32 context words, each starting with ASCII")
        flat = words.flatMap { $0 }
        starts = words.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        var first = [UInt32](repeating: 0, count: 128), second = [UInt32](repeating: 0, count: 256)
        for (n, w) in words.enumerated() {
            first[Int(w[0])] |= 1 << UInt32(n)
            if w.count == 1 { for b in 0..<256 { second[b] |= 1 << UInt32(n) } } else { second[Int(w[1])] |= 1 << UInt32(n) }
        }
        (byFirst, bySecond) = (first, second)
    }

    /// Calls `found` with the length of each word that occurs at `k` (ignoring ASCII case)
    /// and ends by `limit`, until it returns true; returns whether it did.
    @inline(__always)
    func anyMatch(_ s: UnsafeBufferPointer<UInt8>, at k: Int, limit: Int, _ found: (Int) -> Bool) -> Bool {
        let first = Bytes.lower(s[k])
        guard first < 128 else { return false }
        // Both first bytes must fit: most letters start some word, few pairs do.
        var bits = byFirst[Int(first)] & (k + 1 < limit ? bySecond[Int(Bytes.lower(s[k + 1]))] : UInt32.max)
        while bits != 0 {
            let n = bits.trailingZeroBitCount
            bits &= bits - 1
            let a = starts[n], length = starts[n + 1] - a
            guard k + length <= limit else { continue }
            var same = true
            for j in 1..<max(1, length) where Bytes.lower(s[k + j]) != flat[a + j] { same = false; break }
            if same && found(length) { return true }
        }
        return false
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
        has(words, window: window, .substring)
    }

    /// Any of `words` occurs as a whole word in the `window` bytes before the candidate.
    func hasWord(_ words: ContextWords, window: Int) -> Bool {
        has(words, window: window, .wholeWord)
    }

    /// A word in the `window` bytes before the candidate starts with one of `stems`: the
    /// inflected and clitic forms of a verb or noun ("llámame", "chiamami", "telefonu") are
    /// one stem, not a list of forms.
    func hasWordStarting(_ stems: ContextWords, window: Int) -> Bool {
        has(stems, window: window, .wordStart)
    }

    /// How a context word must stand in the text.
    private enum Match { case substring, wholeWord, wordStart }

    private func has(_ words: ContextWords, window: Int, _ match: Match) -> Bool {
        let start = max(0, at - window)
        for k in start..<at {
            let hit = words.anyMatch(s, at: k, limit: at) { length in
                if match == .substring { return true }
                // Identifiers are one word: "call" is not in "call_site" or "recall2".
                let beforeOK = k == 0 || !isIdentifier(s[k - 1])
                let afterOK = match == .wordStart || k + length >= s.count || !isIdentifier(s[k + length])
                return beforeOK && afterOK
            }
            if hit { return true }
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

    /// When the candidate is a cell of a table (Markdown, CSV, TSV) whose header is at most
    /// 200 rows up, whether that column's header cell holds one of `words` as a whole word:
    /// "SSN" above a column names its bare nine-digit numbers.
    func headerHas(_ words: ContextWords) -> Bool {
        headerLabel { $0.hasWord(words, window: $1) }
    }

    /// Asks about the header cell of the candidate's table column (as a context of its own and
    /// its length), found once for several questions; false outside a table.
    func headerLabel(_ ask: (Context, Int) -> Bool) -> Bool {
        guard let cell = TableColumn.header(s, at) else { return false }
        // "nhs_number", "social-security-no": a header's joiners separate its words.
        let label = cell.map { s[$0] == 0x5F || s[$0] == 0x2D ? 0x20 : s[$0] }
        return label.withUnsafeBufferPointer { ask(Context($0, $0.count), $0.count) }
    }

    /// A whole word of `words` right after the number (labels like "… office", "… fax").
    static func hasWordAfter(_ s: UnsafeBufferPointer<UInt8>, _ from: Int, _ words: ContextWords) -> Bool {
        var k = from
        while k < s.count && (Bytes.isDigit(s[k]) || s[k] == 0x20 || s[k] == 0x2D || s[k] == 0x2E || s[k] == 0x29 || s[k] == 0x28) && k - from < 32 { k += 1 }
        let end = min(s.count, k + 12)
        return Context(s, end).hasWord(words, window: end - k)
    }
}
