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
        var pieces: [Piece] = []
        var base = 0
        for (i, block) in blocks.enumerated() {
            if i > 0 { base += 2 } // the "\n\n" separator
            let utf8 = Array(block.text.utf8)
            // Scalar boundaries as byte offsets, and whether each scalar is whitespace.
            var byteOffset: [Int] = []
            var spaces: [Bool] = []
            byteOffset.reserveCapacity(utf8.count + 1)
            for (k, b) in utf8.enumerated() where b & 0xC0 != 0x80 {
                byteOffset.append(k)
                spaces.append(b < 0x80 ? (b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D) : false)
            }
            if utf8.contains(where: { $0 >= 0x80 }) {
                for (k, scalar) in block.text.unicodeScalars.enumerated() where scalar.value >= 0x80 { spaces[k] = scalar.properties.isWhitespace }
            }
            byteOffset.append(utf8.count)
            for (start, end) in ranges(spaces) {
                pieces.append(
                    Piece(
                        headingPath: block.headingPath, start: base + start, end: base + end,
                        text: String(decoding: utf8[byteOffset[start]..<byteOffset[end]], as: UTF8.self)))
            }
            base += spaces.count
        }
        return (blocks.map(\.text).joined(separator: "\n\n"), pieces)
    }

    /// Chunk ranges within one section (by scalar index), trimmed of surrounding whitespace.
    func ranges(_ space: [Bool]) -> [(Int, Int)] {
        func isSpace(_ i: Int) -> Bool { space[i] }
        let count = space.count
        var result: [(Int, Int)] = []
        var start = 0
        while start < count && isSpace(start) { start += 1 }
        while start < count {
            var end = min(count, start + targetSize)
            if end < count {
                // Back up to whitespace, but not below half the target.
                var cut = end
                while cut > start + targetSize / 2 && !isSpace(cut) { cut -= 1 }
                if isSpace(cut) {
                    end = cut
                } else {
                    // One long word: extend to its end, within a hard limit.
                    cut = end
                    while cut < count && cut < start + 4 * targetSize && !isSpace(cut) { cut += 1 }
                    end = cut
                }
            }
            var trimmedEnd = end
            while trimmedEnd > start && isSpace(trimmedEnd - 1) { trimmedEnd -= 1 }
            if trimmedEnd > start { result.append((start, trimmedEnd)) }
            if end >= count { break }
            // Next chunk starts `overlap` back, at the beginning of a word, always moving on.
            var next = max(start + 1, end - overlap)
            while next < end && !isSpace(next - 1) { next += 1 }
            while next < count && isSpace(next) { next += 1 }
            start = next
        }
        return result
    }
}
