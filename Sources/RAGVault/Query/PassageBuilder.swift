import Foundation

/// Turns ranked hits into `Passage`s: loads chunk rows, redacts every text field under the
/// tenant's policy and the caller's exemptions, then cuts snippets and maps highlights in the
/// redacted text. This is the only place a `Passage` is made.
struct PassageBuilder {
    let redactor: Redactor
    let policy: RedactionPolicy
    let principal: Principal
    let detections: DetectionCache
    /// Time spent redacting, reported with the result.
    let redactionClock = Stopwatch()
    /// The reader's roles and groups, for exemptions (made once, used for every field).
    private let roles: Set<String>

    init(redactor: Redactor, policy: RedactionPolicy, principal: Principal, detections: DetectionCache) {
        self.redactor = redactor
        self.policy = policy
        self.principal = principal
        self.detections = detections
        roles = principal.exemptionNames
    }

    private func redact(_ s: String) -> Redactor.Output {
        redactionClock.measure { redactor.redact(s, policy: policy, roles: roles) }
    }

    func passages(
        for hits: [Retriever.Hit], compiled: QueryCompiler.Compiled, request: SearchRequest,
        store: TenantStore
    ) throws -> [Passage] {
        guard !hits.isEmpty else { return [] }
        let rows = Dictionary(hits.compactMap { hit in hit.row.map { (hit.chunkID, $0) } }, uniquingKeysWith: { first, _ in first })
        // Defence in depth: each ranked row's own document ACL is checked again here.
        for row in rows.values where !(row.acl.map(principal.mayRead) ?? false) {
            throw RAGVaultError(.internalError, "a ranked passage failed the access re-check; nothing was returned")
        }
        let matches = try matchOffsets(rows, compiled: compiled, store: store)
        // Titles and headings repeat across the chunks of one document: redact each once.
        var memo: [String: Redactor.Output] = [:]
        return try hits.compactMap { hit -> Passage? in
            guard let row = rows[hit.chunkID] else { return nil }
            var counts: [String: Int] = [:]
            func count(_ out: Redactor.Output) -> Redactor.Output {
                for (k, v) in out.summary { counts[k, default: 0] += v }
                return out
            }
            func clean(_ s: String) -> Redactor.Output {
                if let known = memo[s] { return count(known) }
                let out = redact(s)
                memo[s] = out
                return count(out)
            }
            // The body by what the detectors found in it at ingest, or before on this row (the
            // same generation's row is the same text); the policy and the reader's exemptions
            // are applied every time.
            let key = DetectionCache.Key(store: store.instance, generation: hit.generation, chunk: hit.chunkID)
            let text = count(
                redactionClock.measure {
                    let found =
                        StoredDetections.decode(row.bodyDetections, for: row.text)
                        ?? detections.candidates(key) { redactor.detect(row.text) }
                    return redactor.redact(row.text, detected: found, policy: policy, roles: roles)
                })
            let title = clean(row.title).text
            let heading = row.heading.isEmpty ? [] : row.heading.components(separatedBy: " › ").map { clean($0).text }
            let highlights = SnippetBuilder.highlights(byteRanges: matches[hit.chunkID] ?? [], original: row.text, spans: text.spans)
            let snippet = SnippetBuilder.snippet(text.text, highlights: highlights, spans: text.spans, length: request.snippetLength)
            let context = request.context > 0 ? try neighbours(of: row, count: request.context, store: store) : nil
            return Passage(
                documentID: row.externalID, chunkID: row.publicID, title: title, headingPath: heading, text: text.text,
                snippet: snippet, highlights: highlights, score: (hit.score * 1e6).rounded() / 1e6,
                offsets: [row.start, row.end], flags: row.flags, redactions: counts, context: context)
        }
    }

    /// Byte ranges of matched tokens in each hit's body, found with the index's tokenizer.
    private func matchOffsets(_ rows: [Int64: ChunkRow], compiled: QueryCompiler.Compiled, store: TenantStore) throws -> [Int64: [(Int, Int)]] {
        try store.withTokenizer { tokenizer in
            let highlighter = Highlighter(compiled, tokenizer: tokenizer)
            return rows.mapValues { highlighter.byteRanges(in: $0.text, tokenizer: tokenizer) }
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
