/// Finds where the query's phrases occur in a chunk's body with the index's own tokenizer: the
/// same tokens FTS5 matched. Each text token is compared as bytes against the query's few
/// distinct tokens; no string is made per token.
struct Highlighter {
    /// Distinct query tokens, as bytes.
    private let vocabulary: [[UInt8]]
    /// Each phrase as indexes into `vocabulary`; `prefix`: its last token matches by prefix.
    private let phrases: [(tokens: [Int], prefix: Bool)]
    /// Vocabulary entries some phrase matches by prefix.
    private let prefixEntries: [Int]
    /// `ChunkTokens.hash` of each vocabulary entry, and bit (hash mod 64) of each set.
    private let hashes: [UInt32]
    private let hashMask: UInt64
    /// A hash no vocabulary entry has: the spans of words that cannot be a query token.
    private let miss: UInt32
    /// The vocabulary as the first-read span walk takes it.
    private let wanted: IndexTokenizer.WantedTokens

    /// Tokenizes the compiled (non-excluded) phrases.
    init(_ compiled: QueryCompiler.Compiled, tokenizer: IndexTokenizer) {
        var vocabulary: [[UInt8]] = []
        var position: [[UInt8]: Int] = [:]
        var prefixEntries = Set<Int>()
        phrases = compiled.phrases.filter { !$0.excluded }.compactMap { phrase in
            let tokens = tokenizer.tokens(phrase.text).map { token -> Int in
                let bytes = Array(token.utf8)
                if let known = position[bytes] { return known }
                vocabulary.append(bytes)
                position[bytes] = vocabulary.count - 1
                return vocabulary.count - 1
            }
            guard let last = tokens.last else { return nil }
            if phrase.prefix { prefixEntries.insert(last) }
            return (tokens, phrase.prefix)
        }
        self.vocabulary = vocabulary
        hashes = vocabulary.map(ChunkTokens.hash)
        hashMask = hashes.reduce(0) { $0 | 1 << UInt64($1 & 63) }
        var miss: UInt32 = 0
        while hashes.contains(miss) { miss += 1 }
        self.miss = miss
        wanted = IndexTokenizer.WantedTokens(vocabulary)
        self.prefixEntries = prefixEntries.sorted()
    }

    private struct Token {
        /// The vocabulary entry equal to it, or -1.
        var exact: Int
        /// Bit j set: it starts with `prefixEntries[j]` (the first 64).
        var prefixes: UInt64
        let start: Int
        let end: Int
    }

    /// Whether a phrase matches by prefix: then tokens are compared by their bytes
    /// (`byteRanges(in:tokenizer:)`), not by hash.
    var needsTokenBytes: Bool { !prefixEntries.isEmpty }

    /// Byte ranges in `text` of every token run matching a phrase.
    func byteRanges(in text: String, tokenizer: IndexTokenizer) -> [(Int, Int)] {
        guard !phrases.isEmpty else { return [] }
        var tokens: [Token] = []
        tokenizer.forEachToken(in: text) { bytes, start, end in
            var token = Token(exact: -1, prefixes: 0, start: start, end: end)
            for (j, entry) in vocabulary.enumerated() where entry.count == bytes.count && entry.elementsEqual(bytes) {
                token.exact = j
                break
            }
            for (bit, j) in prefixEntries.prefix(64).enumerated() {
                let entry = vocabulary[j]
                if entry.count <= bytes.count && entry.elementsEqual(bytes.prefix(entry.count)) { token.prefixes |= 1 << UInt64(bit) }
            }
            tokens.append(token)
        }
        return ranges(tokens)
    }

    /// A chunk body's tokens for this query's highlights: only words that could stem to a query
    /// token are stemmed (`IndexTokenizer.spans(in:wanted:miss:)`), so they serve this query only.
    func tokens(of text: String, tokenizer: IndexTokenizer) -> ChunkTokens {
        guard let spans = tokenizer.spans(in: text, wanted: wanted, miss: miss) else { return ChunkTokens(text, tokenizer: tokenizer) }
        return ChunkTokens(hashes: spans.hashes, starts: spans.starts, lengths: spans.lengths)
    }

    /// The same from a chunk's remembered tokens (no prefix phrases: `needsTokenBytes` false).
    /// Only tokens whose hash is a query token's start a comparison.
    func byteRanges(in chunk: ChunkTokens) -> [(Int, Int)] {
        guard !phrases.isEmpty else { return [] }
        let count = chunk.hashes.count
        let mask = hashMask
        var ranges: [(Int, Int)] = []
        chunk.hashes.withUnsafeBufferPointer { all in
            func entry(_ i: Int) -> Int {
                let h = all[i]
                // Most tokens are no query token: one bit of the mask says so without a search.
                guard mask & (1 << UInt64(h & 63)) != 0 else { return -1 }
                return hashes.firstIndex(of: h) ?? -1
            }
            for i in 0..<count {
                let first = entry(i)
                guard first >= 0 else { continue }
                for phrase in phrases where phrase.tokens[0] == first && i + phrase.tokens.count <= count {
                    guard (1..<phrase.tokens.count).allSatisfy({ entry(i + $0) == phrase.tokens[$0] }) else { continue }
                    for k in i..<(i + phrase.tokens.count) {
                        let start = Int(chunk.starts[k])
                        ranges.append((start, start + Int(chunk.lengths[k])))
                    }
                }
            }
        }
        return Self.distinct(ranges)
    }

    /// The runs of `tokens` that spell a phrase, as byte ranges.
    private func ranges(_ tokens: [Token]) -> [(Int, Int)] {
        var ranges: [(Int, Int)] = []
        for i in tokens.indices where tokens[i].exact >= 0 || tokens[i].prefixes != 0 {
            for phrase in phrases where i + phrase.tokens.count <= tokens.count {
                var matched = true
                for (k, want) in phrase.tokens.enumerated() {
                    let have = tokens[i + k]
                    if have.exact == want { continue }
                    if k == phrase.tokens.count - 1, phrase.prefix, let bit = prefixEntries.prefix(64).firstIndex(of: want),
                        have.prefixes & (1 << UInt64(bit)) != 0
                    {
                        continue
                    }
                    matched = false
                    break
                }
                if matched {
                    for k in 0..<phrase.tokens.count { ranges.append((tokens[i + k].start, tokens[i + k].end)) }
                }
            }
        }
        return Self.distinct(ranges)
    }

    /// In order, each once: overlapping phrases may mark a token twice. (Words of a
    /// "[REDACTED:TYPE]" left by ingest-time scrubbing never come out of the store tokenizer.)
    private static func distinct(_ ranges: [(Int, Int)]) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        for range in ranges.sorted(by: { $0.0 < $1.0 }) where out.last?.0 != range.0 { out.append(range) }
        return out
    }
}
