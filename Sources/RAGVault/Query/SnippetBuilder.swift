/// Highlights and snippets computed on redacted text.
///
/// Match offsets come from FTS5 (bytes in the stored text); they are mapped through the
/// redaction spans into the redacted text. A match inside a redacted span is dropped, and a
/// snippet never cuts a replacement in half, so a redacted value is never partially shown.
enum SnippetBuilder {
    /// Maps byte ranges in `original` to code-point ranges in the redacted output.
    static func highlights(byteRanges: [(Int, Int)], original: String, spans: [RedactionSpan]) -> [[Int]] {
        guard !byteRanges.isEmpty else { return [] }
        // Byte offset → code-point offset in the original.
        var codePointAt: [Int: Int] = [:]
        var wanted = Set<Int>()
        for (a, b) in byteRanges { wanted.insert(a); wanted.insert(b) }
        var byte = 0, point = 0
        for scalar in original.unicodeScalars {
            if wanted.contains(byte) { codePointAt[byte] = point }
            let v = scalar.value
            byte += v < 0x80 ? 1 : v < 0x800 ? 2 : v < 0x10000 ? 3 : 4
            point += 1
        }
        if wanted.contains(byte) { codePointAt[byte] = point }
        var result: [[Int]] = []
        for (a, b) in byteRanges {
            guard let start = codePointAt[a], let end = codePointAt[b], end > start else { continue }
            guard let mapped = map(start, end, spans) else { continue }
            result.append([mapped.0, mapped.1])
        }
        return result
    }

    /// Shifts an input range by the length changes of the spans before it; nil if it overlaps one.
    private static func map(_ start: Int, _ end: Int, _ spans: [RedactionSpan]) -> (Int, Int)? {
        var shift = 0
        for span in spans {
            if span.end <= start {
                shift += (span.outputEnd - span.outputStart) - (span.end - span.start)
            } else if span.start < end {
                return nil
            }
        }
        return (start + shift, end + shift)
    }

    /// About `length` code points of `text` around the first highlight, cut at spaces and never
    /// inside a redaction replacement.
    static func snippet(_ text: String, highlights: [[Int]], spans: [RedactionSpan], length: Int) -> String {
        guard text.utf8.count > length else { return text } // fewer bytes than the limit: fewer scalars too
        let scalars = Array(text.unicodeScalars)
        guard scalars.count > length else { return text }
        let anchor = highlights.first?[0] ?? 0
        var start = max(0, min(anchor - length / 3, scalars.count - length))
        var end = min(scalars.count, start + length)
        // Never cut a replacement ("[REDACTED:EMAIL]", "[EMAIL_7f3a9c]") in half.
        for span in spans {
            if span.outputStart < start && start < span.outputEnd { start = span.outputStart }
            if span.outputStart < end && end < span.outputEnd { end = span.outputEnd }
        }
        // Prefer word boundaries.
        var s = start
        func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\n" || c == "\t" || (c.value >= 0x80 && c.properties.isWhitespace) }
        while s > 0 && s > start - 20 && !isSpace(scalars[s - 1]) { s -= 1 }
        if s == 0 || isSpace(scalars[s - 1]) { start = s }
        var e = end
        while e < scalars.count && e < end + 20 && !isSpace(scalars[e]) { e += 1 }
        if e == scalars.count || isSpace(scalars[e]) { end = e }
        for span in spans where span.outputStart < end && end < span.outputEnd { end = span.outputEnd }
        let body = String(FastText.trim(String(String.UnicodeScalarView(scalars[start..<end])), newlines: true))
        return (start > 0 ? "…" : "") + body + (end < scalars.count ? "…" : "")
    }
}

import Foundation
