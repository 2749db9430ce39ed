import CSQLite
import CVault

/// Finds where the query's phrases occur in a chunk's body, using the index's own tokenizer
/// ("vault" over porter over unicode61): the same tokens FTS5 matched, found without another
/// full-text query per returned row.
struct Highlighter {
    /// Each phrase as its token sequence; `prefix` phrases match a last token by prefix.
    let phrases: [(tokens: [String], prefix: Bool)]

    /// Tokenizes the compiled (non-excluded) phrases with the store tokenizer.
    init(_ compiled: QueryCompiler.Compiled, db: Connection) {
        phrases = compiled.phrases.filter { !$0.excluded }.compactMap { phrase in
            let tokens = Self.tokens(phrase.text, db: db).map(\.text)
            return tokens.isEmpty ? nil : (tokens, phrase.fts.hasSuffix("*"))
        }
    }

    struct Token {
        let text: String
        let start: Int
        let end: Int
    }

    /// Byte ranges in `text` of every token run matching a phrase.
    func byteRanges(in text: String, db: Connection) -> [(Int, Int)] {
        let tokens = Self.tokens(text, db: db)
        var ranges: [(Int, Int)] = []
        for i in tokens.indices {
            for phrase in phrases where i + phrase.tokens.count <= tokens.count {
                var matched = true
                for (k, want) in phrase.tokens.enumerated() {
                    let have = tokens[i + k].text
                    let last = k == phrase.tokens.count - 1
                    if !(have == want || (last && phrase.prefix && have.hasPrefix(want))) { matched = false; break }
                }
                if matched {
                    for k in 0..<phrase.tokens.count { ranges.append((tokens[i + k].start, tokens[i + k].end)) }
                }
            }
        }
        // Overlapping phrases may mark a token twice. (Words of a "[REDACTED:TYPE]" left by
        // ingest-time scrubbing never come out of the store tokenizer.)
        var seen = Set<Int>()
        return ranges.filter { seen.insert($0.0).inserted }.sorted { $0.0 < $1.0 }
    }

    static func tokens(_ text: String, db: Connection) -> [Token] {
        final class Sink { var tokens: [Token] = [] }
        let sink = Sink()
        var bytes = Array(text.utf8)
        let rc = bytes.withUnsafeMutableBufferPointer { buffer -> Int32 in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(buffer.count, 1)) { chars in
                vault_tokenize(db.handle, chars, Int32(buffer.count), Unmanaged.passUnretained(sink).toOpaque()) { ctx, flags, token, length, start, end in
                    guard let ctx, let token, flags & FTS5_TOKEN_COLOCATED == 0 else { return SQLITE_OK }
                    let sink = Unmanaged<Sink>.fromOpaque(ctx).takeUnretainedValue()
                    let text = String(decoding: UnsafeRawBufferPointer(start: token, count: Int(length)), as: UTF8.self)
                    sink.tokens.append(Token(text: text, start: Int(start), end: Int(end)))
                    return SQLITE_OK
                }
            }
        }
        return rc == SQLITE_OK ? sink.tokens : []
    }
}
