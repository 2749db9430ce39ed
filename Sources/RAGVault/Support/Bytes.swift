/// Character classes and helpers over UTF-8 bytes. Every detector scans bytes, anchored on
/// cheap trigger bytes, with bounded look-around: total work stays linear in the input.
enum Bytes {
    /// Membership of an ASCII byte in a set given as two 64-bit masks (bytes 0–63, 64–127):
    /// a shift and a mask with constants folded in, no table load, no bounds check. Bytes
    /// ≥ 0x80 are in no set.
    @inline(__always) static func inSet(_ b: UInt8, _ low: UInt64, _ high: UInt64) -> Bool {
        // Arithmetic rather than `&&`, so the compiler emits no branch to mispredict on text.
        let mask = b & 0x40 == 0 ? low : high
        let ascii = UInt64((b >> 7) ^ 1)
        return (mask >> UInt64(b & 63)) & ascii != 0
    }

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
    @inline(__always) static func isUpper(_ b: UInt8) -> Bool { b &- 0x41 < 26 }
    @inline(__always) static func isLower(_ b: UInt8) -> Bool { b &- 0x61 < 26 }
    @inline(__always) static func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }
    /// [0-9A-Za-z]
    @inline(__always) static func isAlnum(_ b: UInt8) -> Bool { inSet(b, 0x03FF_0000_0000_0000, 0x07FF_FFFE_07FF_FFFE) }
    /// [0-9A-Fa-f]
    @inline(__always) static func isHex(_ b: UInt8) -> Bool { inSet(b, 0x03FF_0000_0000_0000, 0x0000_007E_0000_007E) }
    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
    /// The length of a shell line continuation (`\` then LF or CRLF) at `k`, else 0: the shell
    /// removes it wherever it stands, so a word may end right before it.
    @inline(__always) static func continuation(_ s: UnsafeBufferPointer<UInt8>, at k: Int) -> Int {
        guard k + 1 < s.count, s[k] == 0x5C else { return 0 }
        if s[k + 1] == 0x0A { return 2 }
        return s[k + 1] == 0x0D && k + 2 < s.count && s[k + 2] == 0x0A ? 3 : 0
    }
    /// How many spaces or tabs may pad a key from its separator, or a separator from its value:
    /// aligned listings (PowerShell's Format-List, `kubectl describe`, padded configs) pad every
    /// key to the longest one, so a handful is too few; a bound keeps the look-around constant.
    static let alignment = 48
    /// The position after the spaces and tabs from `k` on (at most `limit` of them).
    @inline(__always) static func skipBlanks(_ s: UnsafeBufferPointer<UInt8>, from k: Int, limit: Int = alignment) -> Int {
        var j = k
        while j < s.count && (s[j] == 0x20 || s[j] == 0x09) && j - k < limit { j += 1 }
        return j
    }
    /// The position before the spaces and tabs that end at `k` (inclusive; at most `alignment`).
    @inline(__always) static func skipBlanksBackward(_ s: UnsafeBufferPointer<UInt8>, from k: Int) -> Int {
        var j = k
        while j >= 0 && (s[j] == 0x20 || s[j] == 0x09) && k - j < alignment { j -= 1 }
        return j
    }
    /// The word (a run of non-space bytes) that ends before `k` and the spaces and tabs after
    /// it, on the same line; at most 256 bytes of it.
    static func wordBefore(_ s: UnsafeBufferPointer<UInt8>, _ k: Int) -> (start: Int, end: Int)? {
        let end = skipBlanksBackward(s, from: k - 1) + 1
        var start = end
        while start > 0 && !isSpace(s[start - 1]) && end - start < 256 { start -= 1 }
        return end > start ? (start, end) : nil
    }
    /// `end` moved back over a sentence's closing punctuation (`. , ; : ! ? )`).
    static func withoutClosingPunctuation(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var z = end
        while z > start {
            let c = s[z - 1]
            guard c == 0x2E || c == 0x2C || c == 0x3B || c == 0x3A || c == 0x21 || c == 0x3F || c == 0x29 else { break }
            z -= 1
        }
        return z
    }
    /// Whether a JSON string escape that ends a word stands at `k` (`\n`, `\r`, `\t`, `\"`):
    /// text inside a JSON string carries its line breaks and quotes escaped, so a value in it
    /// ends there, as it would at the character itself.
    @inline(__always) static func isEscapedBreak(_ s: UnsafeBufferPointer<UInt8>, at k: Int) -> Bool {
        guard k + 1 < s.count, s[k] == 0x5C else { return false }
        let c = s[k + 1]
        return c == 0x6E || c == 0x72 || c == 0x74 || c == 0x22
    }
    /// Whether `s[k]` is the letter of a `\n`, `\r` or `\t` escape: in JSON-escaped text the
    /// word after a line break starts one byte later than its run of letters ("\nPassword").
    @inline(__always) static func isEscapeLetter(_ s: UnsafeBufferPointer<UInt8>, at k: Int) -> Bool {
        k > 0 && s[k - 1] == 0x5C && (s[k] == 0x6E || s[k] == 0x72 || s[k] == 0x74)
    }
    /// Characters that make up identifiers and tokens: letters, digits, `_`, `-`.
    @inline(__always) static func isWord(_ b: UInt8) -> Bool { inSet(b, 0x03FF_2000_0000_0000, 0x07FF_FFFE_87FF_FFFE) }
    /// [0-9A-Za-z+/=]
    @inline(__always) static func isBase64(_ b: UInt8) -> Bool { inSet(b, 0x23FF_8800_0000_0000, 0x07FF_FFFE_07FF_FFFE) }
    /// [0-9A-Za-z_-] (the same set as a word character).
    @inline(__always) static func isBase64URL(_ b: UInt8) -> Bool { isWord(b) }
    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { isUpper(b) ? b | 0x20 : b }

    /// True when `pattern` occurs at `at` (case-sensitive).
    static func matches(_ s: UnsafeBufferPointer<UInt8>, _ at: Int, _ pattern: [UInt8]) -> Bool {
        guard at >= 0, at + pattern.count <= s.count else { return false }
        for k in 0..<pattern.count where s[at + k] != pattern[k] { return false }
        return true
    }

    /// True when lower-cased `s` has `pattern` (already lower-case) at `at`.
    static func matchesIgnoringCase(_ s: UnsafeBufferPointer<UInt8>, _ at: Int, _ pattern: [UInt8]) -> Bool {
        guard at >= 0, at + pattern.count <= s.count else { return false }
        for k in 0..<pattern.count where lower(s[at + k]) != pattern[k] { return false }
        return true
    }

    /// End of the run of bytes satisfying `accept` starting at `from`, at most `limit` long.
    @inline(__always)
    static func run(_ s: UnsafeBufferPointer<UInt8>, from: Int, limit: Int = .max, _ accept: (UInt8) -> Bool) -> Int {
        var i = from
        let stop = limit == .max ? s.count : min(s.count, from + limit)
        while i < stop && accept(s[i]) { i += 1 }
        return i
    }

    /// Where lower-case `pattern` first occurs in `s[from..<to]`, ignoring ASCII case.
    static func firstIndex(of pattern: [UInt8], in s: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        guard to - from >= pattern.count else { return nil }
        for k in from...(to - pattern.count) where lower(s[k]) == pattern[0] && matchesIgnoringCase(s, k, pattern) { return k }
        return nil
    }

    /// Shannon entropy in bits per byte of a slice.
    static func entropy(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double {
        guard end > start else { return 0 }
        // Counts on the stack: this runs for every candidate value.
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: 256) { counts in
            counts.initialize(repeating: 0)
            for i in start..<end { counts[Int(s[i])] += 1 }
            let n = Double(end - start)
            var h = 0.0
            // Each distinct byte once (its count is cleared when taken), not all 256 counters.
            for i in start..<end where counts[Int(s[i])] > 0 {
                let p = Double(counts[Int(s[i])]) / n
                counts[Int(s[i])] = 0
                h -= p * log2(p)
            }
            return h
        }
    }

    private static func log2(_ x: Double) -> Double { _log2(x) }
}

import Foundation
private func _log2(_ x: Double) -> Double { Foundation.log2(x) }
