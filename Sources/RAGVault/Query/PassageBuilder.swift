import Foundation

/// Turns ranked hits into `Passage`s: loads chunk rows, redacts every text field under the
/// tenant's policy and the caller's exemptions, then cuts snippets and maps highlights in the
/// redacted text. This is the only place a `Passage` is made.
struct PassageBuilder {
    let redactor: Redactor
    let policy: RedactionPolicy
    let principal: Principal
    let detections: DetectionCache
    let tokens: TokenCache
    let fieldDetections: FieldDetectionCache
    /// Time spent redacting, reported with the result.
    let redactionClock = Stopwatch()
    /// The reader's roles and groups, for exemptions (made once, used for every field).
    private let roles: Set<String>

    init(
        redactor: Redactor, policy: RedactionPolicy, principal: Principal, detections: DetectionCache,
        tokens: TokenCache = TokenCache(capacity: 0), fieldDetections: FieldDetectionCache = FieldDetectionCache(capacity: 0)
    ) {
        self.redactor = redactor
        self.policy = policy
        self.principal = principal
        self.detections = detections
        self.tokens = tokens
        self.fieldDetections = fieldDetections
        roles = principal.exemptionNames
    }

    private func redact(_ s: String) -> Redactor.Output {
        redactionClock.measure { redactor.redact(s, policy: policy, roles: roles) }
    }

    func passages(
        for hits: [Retriever.Hit], compiled: QueryCompiler.Compiled?, request: SearchRequest,
        store: TenantStore
    ) throws -> [Passage] {
        guard !hits.isEmpty else { return [] }
        let rows = Dictionary(hits.compactMap { hit in hit.row.map { (hit.chunkID, $0) } }, uniquingKeysWith: { first, _ in first })
        // Defence in depth: each ranked row's own document ACL is checked again here.
        for row in rows.values where !(row.acl.map(principal.mayRead) ?? false) {
            throw RAGVaultError(.internalError, "a ranked passage failed the access re-check; nothing was returned")
        }
        let matches = try matchOffsets(hits, rows: rows, compiled: compiled, store: store)
        return try hits.compactMap { hit -> Passage? in
            guard let row = rows[hit.chunkID] else { return nil }
            var counts: [String: Int] = [:]
            func clean(_ s: String, _ found: [Candidate]) -> Redactor.Output {
                let out = redactor.redact(s, detected: found, policy: policy, roles: roles)
                for (k, v) in out.summary { counts[k, default: 0] += v }
                return out
            }
            // Each field by what the detectors found in it at ingest, or before on this row (the
            // same generation's row is the same text); the policy and the reader's exemptions
            // are applied every time. Timed once a passage: a clock read costs about what
            // applying a passage's few spans does.
            let key = DetectionCache.Key(store: store.instance, generation: hit.generation, chunk: hit.chunkID, contextual: redactor.contextual)
            let (text, title, heading) = redactionClock.measure {
                let text = clean(
                    row.text,
                    StoredDetections.decode(row.bodyDetections, for: row.text, contextual: redactor.contextual)
                        ?? detections.value(key) { redactor.detect(row.text) })
                let parts = row.heading.isEmpty ? [] : row.heading.components(separatedBy: " › ")
                var found = fieldDetections.value(key) { ([row.title] + parts).map(redactor.detect) }
                if found.count != parts.count + 1 { found = ([row.title] + parts).map(redactor.detect) }
                return (text, clean(row.title, found[0]).text, parts.indices.map { clean(parts[$0], found[$0 + 1]).text })
            }
            let highlights = SnippetBuilder.highlights(byteRanges: matches[hit.chunkID] ?? [], original: row.text, spans: text.spans)
            let snippet = SnippetBuilder.snippet(text.text, highlights: highlights, spans: text.spans, length: request.snippetLength)
            let context = request.context > 0 ? try neighbours(of: row, count: request.context, store: store) : nil
            return Passage(
                documentID: row.externalID, chunkID: row.publicID, title: title, headingPath: heading, text: text.text,
                snippet: snippet, highlights: highlights, score: (hit.score * 1e6).rounded() / 1e6,
                offsets: [row.start, row.end], flags: row.flags, redactions: counts, context: context, ranks: hit.ranks)
        }
    }

    /// Byte ranges of matched tokens in each hit's body, found with the index's tokenizer (each
    /// body's tokens remembered per store generation, unless a phrase matches by prefix).
    private func matchOffsets(_ hits: [Retriever.Hit], rows: [Int64: ChunkRow], compiled: QueryCompiler.Compiled?, store: TenantStore) throws
        -> [Int64: [(Int, Int)]]
    {
        guard let compiled else { return [:] } // a vector alone ranked: no words to highlight
        return try store.withTokenizer { tokenizer in
            let highlighter = Highlighter(compiled, tokenizer: tokenizer)
            var offsets: [Int64: [(Int, Int)]] = [:]
            for hit in hits {
                guard let row = rows[hit.chunkID] else { continue }
                if highlighter.needsTokenBytes {
                    offsets[hit.chunkID] = highlighter.byteRanges(in: row.text, tokenizer: tokenizer)
                } else {
                    let key = TokenCache.Key(store: store.instance, generation: hit.generation, chunk: hit.chunkID)
                    offsets[hit.chunkID] = highlighter.byteRanges(in: chunkTokens(key, text: row.text, highlighter: highlighter, tokenizer: tokenizer))
                }
            }
            return offsets
        }
    }

    /// A chunk's tokens for `highlighter`. Read for the first time, only words that could be a
    /// query token are stemmed and hashed, the rest only found; read again, all of it is
    /// tokenized and kept, since a chunk returned twice is likely to be returned again.
    private func chunkTokens(_ key: TokenCache.Key, text: String, highlighter: Highlighter, tokenizer: IndexTokenizer) -> ChunkTokens {
        switch tokens.cached(key) {
        case let kept??:
            return kept
        case nil:
            tokens.keep(nil, for: key)
            return highlighter.tokens(of: text, tokenizer: tokenizer)
        case .some(nil):
            let all = ChunkTokens(text, tokenizer: tokenizer)
            tokens.keep(all, for: key)
            return all
        }
    }

    /// Neighbouring chunks of the same document, each one checked against its own document's
    /// access list before it is returned.
    private func neighbours(of row: ChunkRow, count: Int, store: TenantStore) throws -> [Passage.ContextChunk] {
        try store.neighbourRows(of: row, distance: count).compactMap { c in
            guard let acl = c.acl, principal.mayRead(acl) else { return nil }
            return Passage.ContextChunk(chunkID: c.publicID, text: redact(c.text).text, offsets: [c.start, c.end])
        }
    }
}
