import Testing
@testable import RAGVault

/// Snippets and highlights are cut on UTF-8 bytes for speed; they must equal what a plain
/// reading by Unicode scalars gives, on text with multi-byte characters and redactions.
@Suite struct SnippetBuilderTests {
    /// The reference: the same rules over an array of scalars.
    static func referenceSnippet(_ text: String, highlights: [[Int]], spans: [RedactionSpan], length: Int) -> String {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count > length else { return text }
        let anchor = SnippetBuilder.windowAnchor(highlights, length: length) {
            String(String.UnicodeScalarView(scalars[$0..<$1])).lowercased()
        }
        var start = max(0, min(anchor - length / 3, scalars.count - length))
        var end = min(scalars.count, start + length)
        for span in spans {
            if span.outputStart < start && start < span.outputEnd { start = span.outputStart }
            if span.outputStart < end && end < span.outputEnd { end = span.outputEnd }
        }
        func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\n" || c == "\t" || (c.value >= 0x80 && c.properties.isWhitespace) }
        var s = start
        while s > 0 && s > start - 20 && !isSpace(scalars[s - 1]) { s -= 1 }
        if s == 0 || isSpace(scalars[s - 1]) { start = s }
        var e = end
        while e < scalars.count && e < end + 20 && !isSpace(scalars[e]) { e += 1 }
        if e == scalars.count || isSpace(scalars[e]) { end = e }
        for span in spans where span.outputStart < end && end < span.outputEnd { end = span.outputEnd }
        let body = String(FastText.trim(String(String.UnicodeScalarView(scalars[start..<end])), newlines: true))
        return (start > 0 ? "…" : "") + body + (end < scalars.count ? "…" : "")
    }

    @Test func snippetsMatchTheScalarReference() {
        var random = SplitMix64(seed: 5)
        let words = ["key", "zoë", "日本語", "🙂ok", "naïve", "[REDACTED:EMAIL]", "a\u{2003}b", "line\nbreak", "x"]
        for _ in 0..<200 {
            let text = (0..<(5 + Int(random.next() % 60))).map { _ in words[Int(random.next() % UInt64(words.count))] }.joined(separator: " ")
            let count = text.unicodeScalars.count
            // Spans over some "[REDACTED:EMAIL]" occurrences, in output code points.
            var spans: [RedactionSpan] = []
            var position = 0
            for scalarRun in text.components(separatedBy: " ") {
                let n = scalarRun.unicodeScalars.count
                if scalarRun == "[REDACTED:EMAIL]" && random.next() % 2 == 0 {
                    spans.append(
                        RedactionSpan(
                            type: .email, start: position, end: position + 5, outputStart: position,
                            outputEnd: position + n, detector: "email"))
                }
                position += n + 1
            }
            let anchor = count > 0 ? Int(random.next() % UInt64(count)) : 0
            let length = 10 + Int(random.next() % 60)
            let got = SnippetBuilder.snippet(text, highlights: [[anchor, anchor + 1]], spans: spans, length: length)
            #expect(got == Self.referenceSnippet(text, highlights: [[anchor, anchor + 1]], spans: spans, length: length), "text: \(text)")
        }
    }

    /// The snippet shows the stretch with the most distinct matched words, not the first match.
    @Test func snippetsShowTheDensestStretchOfMatches() {
        let filler = String(repeating: "lorem ipsum dolor ", count: 20)
        let text = "walrus " + filler + "the walrus migration plan for arctic walrus colonies " + filler
        let scalars = Array(text.unicodeScalars)
        var highlights: [[Int]] = []
        for word in ["walrus", "migration", "arctic"] {
            var from = 0
            while let r = String(String.UnicodeScalarView(scalars[from...])).range(of: word) {
                let start = from + String(String.UnicodeScalarView(scalars[from...]))[..<r.lowerBound].unicodeScalars.count
                highlights.append([start, start + word.count])
                from = start + word.count
            }
        }
        let snippet = SnippetBuilder.snippet(text, highlights: highlights, spans: [], length: 80)
        #expect(snippet.contains("migration") && snippet.contains("arctic"), "\(snippet)")
        #expect(snippet == Self.referenceSnippet(text, highlights: highlights, spans: [], length: 80))
    }

    @Test func highlightsMapBytesToCodePoints() {
        let text = "zoë sees 日本 and zoë"
        let bytes = Array(text.utf8)
        // "sees" starts after "zoë " (5 bytes, 4 scalars); "zoë" at the end.
        let sees = (5, 9)
        let lastZoe = (bytes.count - 4, bytes.count)
        let got = SnippetBuilder.highlights(byteRanges: [sees, lastZoe], original: text, spans: [])
        #expect(got == [[4, 8], [text.unicodeScalars.count - 3, text.unicodeScalars.count]])
        // An offset inside a multi-byte character maps to nothing and is dropped.
        #expect(SnippetBuilder.highlights(byteRanges: [(3, 4)], original: text, spans: []) == [])
    }
}
