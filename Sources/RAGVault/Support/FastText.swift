/// Allocation-light text helpers on the standard library alone. Foundation's String methods
/// (`trimmingCharacters`, `range(of:)`, `components(separatedBy:)`) bridge through NSString on
/// Linux and dominated indexing time; these run on UTF-8 directly.
enum FastText {
    /// Space, tab, and line breaks.
    @inline(__always) static func isSpace(_ c: Character) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\r\n" }

    /// `s` without leading and trailing spaces and tabs (`newlines`: also line breaks).
    static func trim<S: StringProtocol>(_ s: S, newlines: Bool = false) -> S.SubSequence {
        func drop(_ c: Character) -> Bool { newlines ? isSpace(c) : (c == " " || c == "\t") }
        guard let first = s.firstIndex(where: { !drop($0) }), let last = s.lastIndex(where: { !drop($0) }) else {
            return s[s.endIndex...]
        }
        return s[first...last]
    }

    /// Lines of `s`, keeping empty ones (like `components(separatedBy: "\n")`).
    static func lines(_ s: String) -> [Substring] { s.split(separator: "\n", omittingEmptySubsequences: false) }

    /// Byte-level substring test (ASCII needles; haystack already lower-cased if needed).
    static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, hay.count >= needle.count else { return needle.isEmpty }
        let first = needle[0]
        var i = 0
        let last = hay.count - needle.count
        while i <= last {
            if hay[i] == first {
                var k = 1
                while k < needle.count && hay[i + k] == needle[k] { k += 1 }
                if k == needle.count { return true }
            }
            i += 1
        }
        return false
    }

    /// ASCII-lower-cased UTF-8 bytes (non-ASCII bytes unchanged).
    static func lowerBytes(_ s: String) -> [UInt8] { s.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 } }
}
