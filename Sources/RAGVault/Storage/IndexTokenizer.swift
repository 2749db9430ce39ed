import CSQLite
import CVault

/// The index's own tokenizer ("vault" over porter over unicode61), run on a store connection:
/// the tokens FTS5 indexed and matched, found again without a full-text query.
struct IndexTokenizer {
    /// The connection's tokenizer (`Connection.indexTokenizer`), used under its store's lock.
    let handle: OpaquePointer

    /// Calls `body` with each token's bytes and its byte range in `text`. Tokens are borrowed
    /// for the call only.
    func forEachToken(in text: String, _ body: (_ token: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Void) {
        withoutActuallyEscaping(body) { body in
            final class Sink {
                let body: (UnsafeRawBufferPointer, Int, Int) -> Void
                init(_ body: @escaping (UnsafeRawBufferPointer, Int, Int) -> Void) { self.body = body }
            }
            let sink = Sink(body)
            // A native string is contiguous and NUL-terminated: no copy is made here.
            _ = text.withCString { chars in
                vault_tokenizer_run(handle, chars, Int32(text.utf8.count), Unmanaged.passUnretained(sink).toOpaque()) {
                    ctx, flags, token, length, start, end in
                    guard let ctx, let token, flags & FTS5_TOKEN_COLOCATED == 0 else { return SQLITE_OK }
                    Unmanaged<Sink>.fromOpaque(ctx).takeUnretainedValue().body(
                        UnsafeRawBufferPointer(start: token, count: Int(length)), Int(start), Int(end))
                    return SQLITE_OK
                }
            }
            withExtendedLifetime(sink) {}
        }
    }

    /// Every token's FNV-1a hash, start byte and length, in order, collected in C (for
    /// highlights); nil if the tokenizer failed.
    func spans(in text: String) -> (hashes: [UInt32], starts: [UInt32], lengths: [UInt16])? {
        collect { spans in text.withCString { vault_tokenizer_spans(handle, $0, Int32(text.utf8.count), &spans) } }
    }

    /// Query tokens as `spans(in:wanted:miss:)` takes them: their bytes one after another, and
    /// where each starts and how long it is — made once per query, not per chunk.
    struct WantedTokens {
        let bytes: [CChar]
        let starts: [Int32]
        let lengths: [Int32]

        init(_ tokens: [[UInt8]]) {
            var starts: [Int32] = [], offset: Int32 = 0
            for token in tokens {
                starts.append(offset)
                offset += Int32(token.count)
            }
            // One byte more, so that an empty list still has a buffer.
            bytes = tokens.flatMap { $0.map { CChar(bitPattern: $0) } } + [0]
            self.starts = starts
            lengths = tokens.map { Int32($0.count) }
        }
    }

    /// The same spans for highlighting `wanted` (tokens as this tokenizer makes them): only words
    /// that could be one of them are stemmed and hashed, every other span's hash is `miss`
    /// (`vault_tokenizer_spans_for`). Nil if the tokenizer failed.
    func spans(in text: String, wanted: WantedTokens, miss: UInt32) -> (hashes: [UInt32], starts: [UInt32], lengths: [UInt16])? {
        collect { spans in
            text.withCString {
                vault_tokenizer_spans_for(
                    handle, $0, Int32(text.utf8.count), wanted.bytes, wanted.starts, wanted.lengths, Int32(wanted.lengths.count), miss, &spans)
            }
        }
    }

    private func collect(_ run: (inout vault_token_spans) -> Int32) -> (hashes: [UInt32], starts: [UInt32], lengths: [UInt16])? {
        var spans = vault_token_spans()
        defer { vault_token_spans_free(&spans) }
        guard run(&spans) == SQLITE_OK else { return nil }
        let count = Int(spans.count)
        func array<T>(_ pointer: UnsafeMutablePointer<T>?) -> [T] {
            guard let pointer, count > 0 else { return [] }
            return Array(UnsafeBufferPointer(start: pointer, count: count))
        }
        return (array(spans.hashes), array(spans.starts), array(spans.lengths))
    }

    /// The tokens of `text` as strings (query phrases: a few words).
    func tokens(_ text: String) -> [String] {
        var out: [String] = []
        forEachToken(in: text) { token, _, _ in out.append(String(decoding: token, as: UTF8.self)) }
        return out
    }
}

extension TenantStore {
    /// Runs `body` with the store's tokenizer.
    func withTokenizer<T>(_ body: (IndexTokenizer) throws -> T) throws -> T {
        try withReader { try body(IndexTokenizer(handle: try $0.indexTokenizer())) }
    }
}
