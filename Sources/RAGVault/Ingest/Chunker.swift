/// Splits a normalised document into chunks for indexing.
///
/// Heading-aware: a chunk never spans two sections. Within a section, chunks aim at
/// `targetSize` Unicode scalars and overlap by about `overlap`; boundaries fall on whitespace,
/// so a word (and a fortiori a surrogate pair or UTF-8 sequence) is never cut. Only a single
/// "word" longer than four times the target is hard-split, to bound chunk size.
public struct Chunker: Sendable {
    public var targetSize: Int
    public var overlap: Int

    public init(targetSize: Int = 1000, overlap: Int = 150) {
        self.targetSize = max(50, targetSize)
        self.overlap = max(0, min(overlap, self.targetSize / 2))
    }

    /// A piece of the document: offsets are Unicode-scalar offsets into `document`.
    public struct Piece: Equatable, Sendable {
        public var headingPath: [String]
        public var start: Int
        public var end: Int
        public var text: String
    }

    /// The document text is the blocks joined by blank lines; pieces index into it.
    public func chunk(_ blocks: [ExtractedDocument.Block]) -> (document: String, pieces: [Piece]) {
        var document = String.UnicodeScalarView()
        var pieces: [Piece] = []
        for block in blocks {
            if !document.isEmpty { document.append(contentsOf: "\n\n".unicodeScalars) }
            let base = document.count
            let scalars = Array(block.text.unicodeScalars)
            document.append(contentsOf: scalars)
            for (start, end) in ranges(scalars) {
                pieces.append(Piece(headingPath: block.headingPath, start: base + start, end: base + end,
                                    text: String(String.UnicodeScalarView(scalars[start..<end]))))
            }
        }
        return (String(document), pieces)
    }

    /// Chunk ranges within one section, trimmed of surrounding whitespace.
    func ranges(_ s: [Unicode.Scalar]) -> [(Int, Int)] {
        func isSpace(_ i: Int) -> Bool { s[i].properties.isWhitespace }
        var result: [(Int, Int)] = []
        var start = 0
        while start < s.count && isSpace(start) { start += 1 }
        while start < s.count {
            var end = min(s.count, start + targetSize)
            if end < s.count {
                // Back up to whitespace, but not below half the target.
                var cut = end
                while cut > start + targetSize / 2 && !isSpace(cut) { cut -= 1 }
                if isSpace(cut) {
                    end = cut
                } else {
                    // One long word: extend to its end, within a hard limit.
                    cut = end
                    while cut < s.count && cut < start + 4 * targetSize && !isSpace(cut) { cut += 1 }
                    end = cut
                }
            }
            var trimmedEnd = end
            while trimmedEnd > start && isSpace(trimmedEnd - 1) { trimmedEnd -= 1 }
            if trimmedEnd > start { result.append((start, trimmedEnd)) }
            if end >= s.count { break }
            // Next chunk starts `overlap` back, at the beginning of a word, always moving on.
            var next = max(start + 1, end - overlap)
            while next < end && !isSpace(next - 1) { next += 1 }
            while next < s.count && isSpace(next) { next += 1 }
            start = next
        }
        return result
    }
}
