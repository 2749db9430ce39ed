/// A chunk body's tokens as the index tokenizer makes them — each token's hash and byte range —
/// kept so a chunk returned again is highlighted without tokenizing it again (`TokenCache`).
/// Hashes, not token text: a collision could only mark a word that was not asked for.
package struct ChunkTokens: Sendable {
    let hashes: [UInt32]
    let starts: [UInt32]
    let lengths: [UInt16]

    init(_ text: String, tokenizer: IndexTokenizer) {
        // Collected in C (`vault_tokenizer_spans`): a call into Swift and three appends per
        // token cost as much as tokenizing. Should the collector fail (out of memory), the
        // tokens come one by one instead.
        if let collected = tokenizer.spans(in: text) {
            (hashes, starts, lengths) = collected
        } else {
            self = Self.oneByOne(text, tokenizer: tokenizer)
        }
    }

    /// The same, each token handed to Swift by the tokenizer.
    static func oneByOne(_ text: String, tokenizer: IndexTokenizer) -> ChunkTokens {
        var hashes: [UInt32] = [], starts: [UInt32] = [], lengths: [UInt16] = []
        tokenizer.forEachToken(in: text) { token, start, end in
            hashes.append(hash(token))
            starts.append(UInt32(truncatingIfNeeded: start))
            lengths.append(UInt16(clamping: end - start))
        }
        return ChunkTokens(hashes: hashes, starts: starts, lengths: lengths)
    }

    init(hashes: [UInt32], starts: [UInt32], lengths: [UInt16]) {
        (self.hashes, self.starts, self.lengths) = (hashes, starts, lengths)
    }

    /// FNV-1a over a token's bytes.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var h: UInt32 = 2_166_136_261
        for b in bytes { h = (h ^ UInt32(b)) &* 16_777_619 }
        return h
    }

    static func hash(_ bytes: [UInt8]) -> UInt32 { bytes.withUnsafeBytes { hash($0) } }
}
