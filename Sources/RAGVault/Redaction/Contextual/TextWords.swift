/// A text as words and numbers, for the grammars that judge runs of words (names, postal
/// addresses) rather than one shape at a point. Built only when a tenant's policy asks for
/// those types.
struct TextWords {
    struct Word {
        var start: Int
        var end: Int
        var isNumber: Bool
        /// First letter upper case (any script).
        var capitalised: Bool
        /// Every letter upper case ("JOHN", "NY", "J").
        var allUpper: Bool
    }

    var words: [Word] = []

    /// Letters of any script, with inner apostrophes and hyphens ("O'Brien", "Jean-Luc",
    /// "d’Arc"); digit runs (with inner letters: "12B") are numbers.
    init(_ s: UnsafeBufferPointer<UInt8>) {
        words.reserveCapacity(s.count / 5)
        var i = 0
        while i < s.count {
            let b = s[i]
            if Bytes.isDigit(b) {
                let start = i
                while i < s.count, Bytes.isAlnum(s[i]) { i += 1 }
                words.append(Word(start: start, end: i, isNumber: true, capitalised: false, allUpper: false))
                continue
            }
            guard let (upper, length) = Self.letter(s, i) else {
                i += 1
                continue
            }
            let start = i
            var allUpper = upper
            i += length
            while i < s.count {
                if let (up, n) = Self.letter(s, i) {
                    allUpper = allUpper && up
                    i += n
                } else if case let n = Self.joiner(s, i), n > 0, i + n < s.count, Self.letter(s, i + n) != nil {
                    i += n
                } else {
                    break
                }
            }
            words.append(Word(start: start, end: i, isNumber: false, capitalised: upper, allUpper: allUpper))
        }
    }

    /// The letter starting at `i`: whether it is upper case, and its length in bytes; nil
    /// when no letter starts there.
    @inline(__always)
    static func letter(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> (upper: Bool, length: Int)? {
        let b = s[i]
        if b < 0x80 { return Bytes.isAlpha(b) ? (Bytes.isUpper(b), 1) : nil }
        guard let (scalar, length) = scalar(s, i), scalar.properties.isAlphabetic else { return nil }
        return (scalar.properties.isUppercase, length)
    }

    /// An apostrophe (' or ’) or hyphen inside a word: its length in bytes, or 0.
    @inline(__always)
    static func joiner(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let b = s[i]
        if b == 0x27 || b == 0x2D { return 1 }
        if b == 0xE2, i + 2 < s.count, s[i + 1] == 0x80, s[i + 2] == 0x99 { return 3 }
        return 0
    }

    /// The code point starting at `i` (a lead byte) and its length; nil for a stray byte.
    static func scalar(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Unicode.Scalar, Int)? {
        let b = s[i]
        let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0
        guard length > 0, i + length <= s.count else { return nil }
        var value = UInt32(b) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length {
            let c = s[i + k]
            guard UTF8Text.isContinuation(c) else { return nil }
            value = value << 6 | UInt32(c & 0x3F)
        }
        return Unicode.Scalar(value).map { ($0, length) }
    }

    /// The indices of the words inside `bytes` (binary search: words are in text order).
    func indices(within bytes: Range<Int>) -> Range<Int> {
        var low = 0, high = words.count
        while low < high {
            let mid = (low + high) / 2
            if words[mid].start < bytes.lowerBound { low = mid + 1 } else { high = mid }
        }
        var end = low
        while end < words.count && words[end].end <= bytes.upperBound { end += 1 }
        return low..<end
    }

    /// A full stop right after `w` ("J.", "Avda.", "ul.").
    static func dotAfter(_ s: UnsafeBufferPointer<UInt8>, _ w: Word) -> Bool { w.end < s.count && s[w.end] == 0x2E }

    /// The bytes between word `k - 1` and word `k` (from the text's start for the first).
    func gap(before k: Int) -> Range<Int> {
        (k == 0 ? 0 : words[k - 1].end)..<words[k].start
    }
}
