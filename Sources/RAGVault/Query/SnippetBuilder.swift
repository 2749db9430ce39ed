/// Highlights and snippets computed on redacted text.
///
/// Match offsets come from FTS5 (bytes in the stored text); they are mapped through the
/// redaction spans into the redacted text. A match inside a redacted span is dropped, and a
/// snippet never cuts a replacement in half, so a redacted value is never partially shown.
enum SnippetBuilder {
    /// Maps byte ranges in `original` to code-point ranges in the redacted output.
    static func highlights(byteRanges: [(Int, Int)], original: String, spans: [RedactionSpan]) -> [[Int]] {
        guard !byteRanges.isEmpty else { return [] }
        return UTF8Text.withBytes(original) { bytes in
            var points = CodePointCursor(bytes)
            var result: [[Int]] = []
            result.reserveCapacity(byteRanges.count)
            for (a, b) in byteRanges {
                guard let start = points.point(at: a), let end = points.point(at: b), end > start else { continue }
                guard let mapped = map(start, end, spans) else { continue }
                result.append([mapped.0, mapped.1])
            }
            return result
        }
    }

    /// Byte offset → code-point offset, walking forward: the ranges of one text come in order
    /// (`Highlighter`), so each byte is counted once; an earlier offset starts over.
    struct CodePointCursor {
        let bytes: UnsafeBufferPointer<UInt8>
        private var byte = 0, point = 0

        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        /// The code point at `offset`, or nil when it is not on a scalar boundary of the text.
        mutating func point(at offset: Int) -> Int? {
            guard offset >= 0, offset <= bytes.count else { return nil }
            if offset < byte { (byte, point) = (0, 0) }
            point += UTF8Text.scalarCount(UnsafeBufferPointer(rebasing: bytes[byte..<offset]))
            byte = offset
            guard offset == bytes.count || !UTF8Text.isContinuation(bytes[offset]) else { return nil }
            return point
        }
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

    /// Where a snippet of `length` code points should start showing matches: at the first
    /// highlight of the stretch (at most two thirds of the snippet long, leaving room before it)
    /// that holds the most distinct matched words, then the most matches, then the earliest.
    static func windowAnchor<Word: Hashable>(_ highlights: [[Int]], length: Int, word: (_ start: Int, _ end: Int) -> Word) -> Int {
        // As pairs (no array per highlight); they come sorted from `highlights(byteRanges:)`.
        var sorted: [(start: Int, end: Int)] = []
        sorted.reserveCapacity(highlights.count)
        for h in highlights where h.count == 2 { sorted.append((h[0], h[1])) }
        if zip(sorted, sorted.dropFirst()).contains(where: { $0.start > $1.start }) { sorted.sort { $0.start < $1.start } }
        guard var best = sorted.first else { return 0 }
        // Each highlight's word as a small number, so stretches compare numbers, not strings.
        var numbers: [Word: Int] = [:]
        let wordOf = sorted.map { h in
            let w = word(h.start, h.end)
            if let n = numbers[w] { return n }
            numbers[w] = numbers.count
            return numbers.count - 1
        }
        var bestScore = (0, 0)
        let reach = max(1, length * 2 / 3)
        var seen = [Bool](repeating: false, count: numbers.count)
        for i in sorted.indices {
            var distinct = 0, count = 0
            // Starts only grow, and no highlight ends before it starts: past the reach by its
            // start, none later can end within it.
            var last = i
            while last < sorted.count && sorted[last].start - sorted[i].start <= reach { last += 1 }
            for j in i..<last where sorted[j].end - sorted[i].start <= reach {
                if !seen[wordOf[j]] { seen[wordOf[j]] = true; distinct += 1 }
                count += 1
            }
            for j in i..<last { seen[wordOf[j]] = false }
            if (distinct, count) > bestScore { bestScore = (distinct, count); best = sorted[i] }
        }
        return best.start
    }

    /// About `length` code points of `text` around the best stretch of highlights
    /// (`windowAnchor`), cut at spaces and never inside a redaction replacement.
    static func snippet(_ text: String, highlights: [[Int]], spans: [RedactionSpan], length: Int) -> String {
        guard text.utf8.count > length else { return text } // fewer bytes than the limit: fewer scalars too
        return UTF8Text.withBytes(text) { bytes in
            // Byte offset of every scalar (and of the end), so code-point positions map to bytes;
            // in ASCII text (most) a code point is its byte and no table is made.
            let ascii = UTF8Text.isASCII(bytes)
            var offsets: [Int] = []
            if !ascii {
                offsets.reserveCapacity(bytes.count + 1)
                for (i, b) in bytes.enumerated() where !UTF8Text.isContinuation(b) { offsets.append(i) }
                offsets.append(bytes.count)
            }
            let count = ascii ? bytes.count : offsets.count - 1
            @inline(__always) func at(_ k: Int) -> Int { ascii ? k : offsets[k] }
            guard count > length else { return text }
            let anchor = windowAnchor(highlights, length: length) { from, to -> Int in
                guard from >= 0, to <= count, from < to else { return 0 }
                return UTF8Text.foldedHash(UnsafeBufferPointer(rebasing: bytes[at(from)..<at(to)]))
            }
            var start = max(0, min(anchor - length / 3, count - length))
            var end = min(count, start + length)
            // Never cut a replacement ("[REDACTED:EMAIL]", "[EMAIL_7f3a9c]") in half.
            for span in spans {
                if span.outputStart < start && start < span.outputEnd { start = span.outputStart }
                if span.outputStart < end && end < span.outputEnd { end = span.outputEnd }
            }
            // Prefer word boundaries.
            func isSpace(_ k: Int) -> Bool { UTF8Text.isSpace(UnsafeBufferPointer(rebasing: bytes[at(k)..<at(k + 1)])) }
            var s = start
            while s > 0 && s > start - 20 && !isSpace(s - 1) { s -= 1 }
            if s == 0 || isSpace(s - 1) { start = s }
            var e = end
            while e < count && e < end + 20 && !isSpace(e) { e += 1 }
            if e == count || isSpace(e) { end = e }
            for span in spans where span.outputStart < end && end < span.outputEnd { end = span.outputEnd }
            let piece = String(decoding: UnsafeBufferPointer(rebasing: bytes[at(start)..<at(end)]), as: UTF8.self)
            let body = String(FastText.trim(piece, newlines: true))
            return (start > 0 ? "…" : "") + body + (end < count ? "…" : "")
        }
    }
}

import Foundation
