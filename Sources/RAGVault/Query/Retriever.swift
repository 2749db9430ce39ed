import Foundation

/// The one retrieval path: HTTP, MCP, CLI and library callers all search through here, as a
/// `Principal`.
///
/// Access control is part of the index query, before ranking. The principal's opaque ACL
/// tokens (`allow:(…) NOT deny:(…)`, evaluated by FTS5) define the permitted rows once per
/// store generation; the ranking query then admits only those rows (`vault_permitted`) in the
/// same snapshot, so only permitted chunks are ever scored and the result is exactly the top-k
/// of the permitted set. Scores use BM25 with the permitted set's statistics (`vault_bm25`),
/// and every text field leaves through the Redactor.
///
/// ```swift
/// let retriever = Retriever(vault: vault)
/// let alice = try Principal.impersonating(tenant: "acme", subject: "alice", roles: ["eng"])
/// let result = try retriever.search(SearchRequest(query: "rotate the signing key"), as: alice)
/// ```
public final class Retriever: @unchecked Sendable {
    public let vault: Vault
    let compiler = QueryCompiler()
    let statistics = ScopeStatisticsCache()
    /// What the detectors found in each returned chunk body, by tenant + store generation + row.
    package let detections = DetectionCache()
    /// The index tokenizer's tokens of each returned chunk body (for highlights), the same way;
    /// about 2 KB a chunk, so fewer are kept.
    package let tokens = TokenCache(capacity: 8192)
    /// What the detectors found in each returned chunk's title and heading parts, the same way.
    package let fieldDetections = FieldDetectionCache()
    /// Tenants' vectors by store generation, under a byte budget.
    let vectors = VectorMatrixCache()
    /// ACL expressions by ACL signature: each principal name costs a normalisation and a hash.
    private let aclExpressions = BoundedMemo<String, MatchExpression>(capacity: 4096)
    /// Column weights: title and heading matches count more than body matches. A PII token
    /// match (`pii` column) counts as a body match.
    public var weights = Weights()

    public struct Weights: Sendable {
        public var title = 3.0, heading = 2.0, body = 1.0
        public init() {}
    }

    public init(vault: Vault) {
        self.vault = vault
    }

    /// Searches as `principal`, recording the search in the tenant's audit log (`audit` says
    /// through which door; nil: the vault's default interface).
    public func search(_ request: SearchRequest, as principal: Principal, audit: AuditContext? = nil) throws -> SearchResult {
        try vault.audited(audit, "search", tenant: principal.tenant, subject: principal.subject, query: request.query) { record in
            let result: SearchResult
            do {
                result = try searchOnce(request, as: principal)
            } catch let error as RAGVaultError where error.code == .storeRetired {
                // Another process re-keyed the tenant while its old store was open here.
                try vault.reopenStore(for: principal.tenant)
                result = try searchOnce(request, as: principal)
            }
            record.chunkIDs = result.results.map(\.chunkID)
            record.redactions = Self.total(result.results.map(\.redactions))
            record.flags = Array(Set(result.results.flatMap(\.flags))).sorted()
            return result
        }
    }

    static func total(_ counts: [[String: Int]]) -> [String: Int] {
        counts.reduce(into: [:]) { sum, next in for (k, v) in next { sum[k, default: 0] += v } }
    }

    private func searchOnce(_ request: SearchRequest, as principal: Principal) throws -> SearchResult {
        let started = DispatchTime.now().uptimeNanoseconds
        try principal.require([.search], to: "search")
        try request.validate()
        let prepared = try prepare(request, as: principal)
        let (store, settings, redactor, policy, compiled) = (prepared.store, prepared.settings, prepared.redactor, prepared.policy, prepared.compiled)
        let ranking = try ranking(prepared, request: request, principal: principal)
        let hits = ranking.hits
        let builder = PassageBuilder(
            redactor: redactor, policy: policy, principal: principal, detections: detections, tokens: tokens,
            fieldDetections: fieldDetections)
        let passages = try builder.passages(for: hits, compiled: compiled, request: request, store: store)
        // Opt-in latency floor: hides how long ranking took (hidden matches walked) behind a
        // constant; see docs/threat-model.md for what remains.
        LatencyFloor.wait(from: started, ms: settings.minSearchMs)
        let tookMs = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
        return SearchResult(
            results: passages, searchMode: ranking.mode, fallback: ranking.fallback, tookMs: (tookMs * 1000).rounded() / 1000,
            redactionMs: Double(builder.redactionClock.nanoseconds) / 1e6)
    }

    /// Everything a search needs before ranking: the tenant's store, settings and redaction,
    /// and the compiled query (stopwords of the tenant, PII the principal sees as tokens).
    package struct Prepared {
        let store: TenantStore
        let settings: TenantSettings
        let redactor: Redactor
        let policy: RedactionPolicy
        /// nil: the text has no searchable words — a vector or hybrid search ranks by the vector
        /// alone, a text search fails with `textError`.
        let compiled: QueryCompiler.Compiled?
        let acl: MatchExpression
        var textError: RAGVaultError? = nil
    }

    package func prepare(_ request: SearchRequest, as principal: Principal) throws -> Prepared {
        let acl = try aclExpressions.value(for: principal.aclSignature) { try Self.aclExpression(principal) }
        let (store, settings, redactor, policy) = try vault.searchConfiguration(for: principal.tenant)
        var compiler = self.compiler
        compiler.stopwords = settings.stopwordSet
        let compiled: QueryCompiler.Compiled?
        var textError: RAGVaultError?
        do {
            compiled = try compiler.compile(request.query, mode: request.match) { text in
                Self.keyedValues(in: text, redactor: redactor, policy: policy, principal: principal, keys: store.indexKeys)
            }
        } catch let error as RAGVaultError where error == QueryCompiler.nothingSearchable && request.mode != .text {
            // Whether a vector ranks instead is known once the tenant's configuration is read.
            (compiled, textError) = (nil, error)
        }
        return Prepared(store: store, settings: settings, redactor: redactor, policy: policy, compiled: compiled, acl: acl, textError: textError)
    }

    /// Ranks a prepared query (metadata filters on values the principal would see masked match nothing).
    package func rank(_ prepared: Prepared, request: SearchRequest, principal: Principal) throws -> [Hit] {
        try ranking(prepared, request: request, principal: principal).hits
    }

    package func ranking(_ prepared: Prepared, request: SearchRequest, principal: Principal) throws -> Ranking {
        try rank(prepared.compiled, acl: prepared.acl, request: request, principal: principal, store: prepared.store, textError: prepared.textError) {
            value in
            !prepared.redactor.redact(value, policy: prepared.policy, roles: principal.exemptionNames).spans.isEmpty
        }
    }

    /// PII values in the query that this principal sees unmasked, as `pii` column tokens: the
    /// index holds PII only that way (`IndexForm`). Values the principal would see masked are
    /// left as words, which match no chunk that holds them as PII.
    static func keyedValues(
        in text: String, redactor: Redactor, policy: RedactionPolicy, principal: Principal,
        keys: IndexKeys
    ) -> [QueryCompiler.KeyedValue] {
        guard policy.showsSomePII(to: principal.exemptionNames) else { return [] } // most searches
        let spans = redactor.redact(text, policy: .maskEverything).spans
        guard !spans.isEmpty else { return [] }
        let scalars = Array(text.unicodeScalars)
        return spans.compactMap { span in
            guard !span.type.isSecret, policy.mode(for: span.type, roles: principal.exemptionNames) == .allow,
                span.start >= 0, span.end <= scalars.count
            else { return nil }
            let value = String(String.UnicodeScalarView(scalars[span.start..<span.end]))
            return QueryCompiler.KeyedValue(
                range: span.start..<span.end,
                token: keys.piiToken(IndexForm.PIIValue(type: span.type, bytes: Array(value.utf8))))
        }
    }

    /// `allow:(…) NOT deny:(…)` over the principal's opaque ACL tokens.
    static func aclExpression(_ principal: Principal) throws -> MatchExpression {
        .permitted(tokens: try principal.aclPrincipals().map(AccessList.token(for:)))
    }

    /// A ranked hit before redaction: never encodable, never returned.
    package struct Hit {
        package let chunkID: Int64
        package let score: Double
        /// The row as ranked (same read snapshot), and the store generation it belongs to.
        let row: ChunkRow?
        let generation: Int
        /// Its rank in each leg (vector and hybrid searches).
        var ranks: Passage.Ranks? = nil
    }

    /// Ranked hits and how they were ranked.
    package struct Ranking {
        package var hits: [Hit]
        package var mode: SearchMode
        /// `.text` when the embedder was unavailable and the request allowed text alone.
        package var fallback: SearchMode? = nil
    }

    /// Below this share of the tenant's rows, the ACL is also put into the ranking MATCH
    /// (measured with `ragvault bench hidden` and `bench search`).
    var narrowScope = 0.2

    /// Exact top-k of the permitted set with scoped statistics, all in one read snapshot. A
    /// search the tenant's embedder must make a vector for is ranked once it has one; when the
    /// embedder is unavailable it fails, or ranks by text alone if the request asked for that.
    func rank(
        _ compiled: QueryCompiler.Compiled?, acl: MatchExpression, request: SearchRequest, principal: Principal,
        store: TenantStore, textError: RAGVaultError? = nil, hides: (String) -> Bool = { _ in false }
    ) throws -> Ranking {
        try withoutActuallyEscaping(hides) { hides in
            let once = { (request: SearchRequest) in
                try self.rankOnce(compiled, acl: acl, request: request, principal: principal, store: store, textError: textError, hides: hides)
            }
            return try rank(request, once: once, store: store)
        }
    }

    private func rank(_ request: SearchRequest, once: (SearchRequest) throws -> Ranking, store: TenantStore) throws -> Ranking {
        do {
            return try once(request)
        } catch let needed as QueryEmbeddingNeeded {
            var embedded = request
            do {
                if let failure = request.endpointEmbeddingFailure { throw failure }
                if request.defersEndpointEmbedding, needed.config.embedder == .endpoint {
                    let embedder = try EndpointEmbedder(config: needed.config, key: try store.embedderKey())
                    throw QueryEmbeddingDeferred(call: try embedder.prepare([Self.embeddingText(request.query, store: store)]))
                }
                embedded.vector = try Self.queryVector(request.query, config: needed.config, store: store)
            } catch let error as RAGVaultError where error.code == .embedderUnavailable && request.fallback == .text {
                var text = request
                text.mode = .text
                var ranking = try once(text)
                ranking.fallback = .text
                return ranking
            }
            return try once(embedded)
        }
    }

    private func rankOnce(
        _ compiled: QueryCompiler.Compiled?, acl: MatchExpression, request: SearchRequest, principal: Principal,
        store: TenantStore, textError: RAGVaultError?, hides: (String) -> Bool
    ) throws -> Ranking {
        let filter = try Self.filter(request, principals: try principal.aclPrincipals(), hides: hides)
        return try store.readSnapshot { index in
            guard let generation = try index.liveGeneration() else {
                throw RAGVaultError(.storeRetired, "tenant '\(principal.tenant)' was re-keyed while its store was open here")
            }
            let vectorQuery = try vectorQuery(request, index: index, generation: generation)
            if vectorQuery == nil, compiled == nil { throw textError ?? QueryCompiler.nothingSearchable }
            let mode = vectorQuery?.mode ?? .text
            let stats = try scopeStatistics(principal: principal, acl: acl, index: index, generation: generation)
            guard stats.rows > 0 else { return Ranking(hits: [], mode: mode) }
            // A caller who may read a small share of the tenant walks, without this, every
            // match of its words among rows it cannot see, and the time taken counts them.
            // Then the ACL goes into the MATCH too, and FTS5 skips through the posting lists
            // to the permitted rows; for broad callers the bitmap alone is cheaper.
            let narrow = Double(stats.rows) / Double(max(1, stats.permitted.count * 8)) < narrowScope
            let scoped = { (e: MatchExpression) in narrow ? e.and(acl) : e }
            return try index.withPermittedRows(stats.permitted, documents: stats.documentMap) {
                let text = { (limit: Int) throws -> [(rowid: Int64, score: Double)] in
                    guard let compiled else { return [] }
                    let dfs = try self.documentFrequencies(compiled, scoped: scoped, stats: stats, index: index)
                    let w = self.weights
                    let bm25 = IndexSnapshot.BM25(
                        rows: stats.documents, averageLength: stats.averageLength, title: w.title, heading: w.heading, body: w.body,
                        frequencies: dfs)
                    return try index.rank(scoped(compiled.expression), bm25: bm25, filter: filter, limit: limit)
                }
                var ranked: [(rowid: Int64, score: Double, ranks: Passage.Ranks?)]
                switch vectorQuery {
                case nil:
                    ranked = try bestPerDocument(request: request, map: stats.documentMap, rank: text).map { ($0.rowid, $0.score, nil) }
                case let query?:
                    let admits = try filter.isEmpty ? nil : index.chunkIDs(filter)
                    let vector = { (limit: Int) in query.matrix.top(query.vector, permitted: stats.permitted, admits: admits, limit: limit) }
                    ranked = try fused(
                        query, request: request, map: stats.documentMap, text: text, vector: vector)
                }
                let rows = try index.chunkRows(ids: ranked.map(\.rowid))
                return Ranking(
                    hits: ranked.map { Hit(chunkID: $0.rowid, score: $0.score, row: rows[$0.rowid], generation: generation, ranks: $0.ranks) },
                    mode: mode)
            }
        }
    }

    /// The top-k of a ranking in which each document counts once, at its best chunks (at most
    /// `request.perDocument` of them): chunks are ranked until k documents are filled or
    /// nothing is left.
    func bestPerDocument(
        request: SearchRequest, map: DocumentMap, rank: (_ limit: Int) throws -> [(rowid: Int64, score: Double)]
    ) throws -> [(rowid: Int64, score: Double)] {
        try bestPerDocument(request: request, map: map, rowid: \.rowid, rank: rank)
    }

    /// The same over any ranked items that name their chunk row.
    func bestPerDocument<T>(request: SearchRequest, map: DocumentMap, rowid: (T) -> Int64, rank: (_ limit: Int) throws -> [T]) throws -> [T] {
        var limit = request.perDocument >= request.topK ? request.topK : request.topK * 3
        while true {
            let ranked = try rank(limit)
            let kept = Self.perDocument(ranked, request: request, map: map, rowid)
            if kept.count == request.topK || ranked.count < limit { return kept }
            limit *= 4
        }
    }

    /// The first `request.topK` of `ranked` with at most `request.perDocument` per document.
    static func perDocument<T>(_ ranked: [T], request: SearchRequest, map: DocumentMap, _ rowid: (T) -> Int64) -> [T] {
        var taken: [CInt: Int] = [:]
        var kept: [T] = []
        for hit in ranked where kept.count < request.topK {
            let document = map.document(of: rowid(hit))
            guard taken[document, default: 0] < request.perDocument else { continue }
            taken[document, default: 0] += 1
            kept.append(hit)
        }
        return kept
    }

    /// Chunk and document counts, average chunk length and the permitted-rows bitmap of what
    /// the principal may read, from FTS5 evaluating the ACL tokens; cached per opened store +
    /// ACL signature + generation.
    func scopeStatistics(principal: Principal, acl: MatchExpression, index: IndexSnapshot, generation: Int) throws -> ScopeStatisticsCache.Entry {
        let key = ScopeStatisticsCache.Key(store: index.store, acl: principal.aclSignature, generation: generation)
        return try statistics.entry(key) {
            let map = try statistics.documentMap(store: index.store, generation: generation) { try index.documentMap() }
            let maxRowid = map.documents.count - 1
            var bits = [UInt8](repeating: 0, count: max(0, maxRowid) / 8 + 1)
            var seen = Set<CInt>()
            var rows = 0
            var total = 0.0
            try index.forEachMatch(acl, lengths: map) { rowid, length in
                guard rowid >= 0, rowid <= maxRowid else { return }
                bits[rowid >> 3] |= UInt8(1 << (rowid & 7))
                if map.documents[rowid] >= 0 { seen.insert(map.documents[rowid]) }
                rows += 1
                total += Double(length)
            }
            return ScopeStatisticsCache.Entry(
                rows: rows, documents: seen.count, averageLength: rows > 0 ? total / Double(rows) : 0, permitted: bits, documentMap: map)
        }
    }

    /// Document frequencies of the query's phrases over the permitted rows, in documents
    /// (`scoped`: with the ACL in the MATCH for narrow callers). Cached ones are reused; each missing one is one
    /// count over its own posting list. Needs the row filter installed.
    func documentFrequencies(
        _ compiled: QueryCompiler.Compiled, scoped: (MatchExpression) -> MatchExpression, stats: ScopeStatisticsCache.Entry,
        index: IndexSnapshot
    ) throws -> [Int] {
        let scored = compiled.phrases.enumerated().filter { $0.element.scored && $0.offset < 64 }
        var known = statistics.cachedFrequencies(stats, phrases: scored.map(\.element.match.fts))
        let missing = Array(Set(scored.filter { known[$0.element.match.fts] == nil }.map(\.element.match))).sorted { $0.fts < $1.fts }
        if !missing.isEmpty {
            // One count per phrase: each walks only its own posting list, without merging
            // them all or calling an auxiliary function per row.
            let counts = try missing.map { try index.countDocuments(scoped($0)) }
            for (phrase, count) in zip(missing, counts) { known[phrase.fts] = count }
            statistics.store(stats, frequencies: Dictionary(uniqueKeysWithValues: zip(missing.map(\.fts), counts)))
        }
        return compiled.phrases.map { $0.scored ? (known[$0.match.fts] ?? 0) : -1 }
    }

    /// Caller filters as typed conditions: they can only remove rows, never add any. A
    /// metadata value the principal would see masked (`hides`) matches nothing: an exact
    /// filter on it would confirm a value the output hides.
    static func filter(_ request: SearchRequest, principals: [String], hides: (String) -> Bool) throws -> ChunkFilter {
        var filter = ChunkFilter()
        if let ids = request.documentIDs { filter.conditions.append(.documents(ids: ids, readableBy: principals)) }
        for (rawKey, rawValue) in (request.metadata ?? [:]).sorted(by: { $0.key < $1.key }) {
            // Compared as ingest stored them (normalised).
            let key = Normaliser.normalise(rawKey).text, value = Normaliser.normalise(rawValue).text
            filter.conditions.append(hides(value) ? .nothing : .metadata(key: key, value: value))
        }
        if let after = request.updatedAfter {
            guard (try? Date(after, strategy: .iso8601)) != nil else {
                throw RAGVaultError(.queryInvalid, "updated_after must be an ISO-8601 time such as 2026-01-31T00:00:00Z")
            }
            filter.conditions.append(.updatedAfter(after))
        }
        return filter
    }
}
