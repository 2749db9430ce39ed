import Foundation
import RAGVault

/// Proves, against a real deployment, that no tenant or principal reaches data it may not
/// read: plants canary documents in throw-away tenants under a matrix of access rules, asks for
/// them through the target as every identity that may not read them — exact words, prefixes,
/// phrases, `OR` chains, FTS5 syntax, ACL tokens typed as text, id guessing, filters naming
/// another tenant's documents, the largest `top_k` — checks that visible answers are unchanged
/// by what is hidden and that "forbidden" reads answer exactly like "does not exist", and
/// removes everything it planted (the tenants are deleted, their keys shredded).
///
/// ```swift
/// let report = try IsolationProbe(target: LibraryTarget(vault: vault)).run()
/// #expect(report.passed, "\(report.text)")
/// ```
public struct IsolationProbe {
    public let target: ProbeTarget
    /// Requests per second at most (nil: as fast as the target answers).
    public var rate: Double?

    public init(target: ProbeTarget, rate: Double? = nil) {
        self.target = target
        self.rate = rate
    }

    /// Runs the whole matrix; the probe tenants are gone afterwards, whatever happened.
    public func run() throws -> ProbeReport {
        let started = Date()
        var report = ProbeReport(interface: target.interface)
        report.removedLeftovers = try removeLeftovers()
        let plan = ProbePlan(run: String(UInt64.random(in: 0...UInt64.max), radix: 36))
        defer { for tenant in plan.allTenants { try? target.deleteTenant(tenant) } }
        var session = Session(target: target, report: report, limiter: RateLimiter(perSecond: rate))
        session.redacted = plan.redactedValues
        try plant(plan)
        // Chunk ids of the documents about to change or go, as readers saw them before.
        let earlier = try session.positiveControls(plan, initially: true)
        try change(plan)
        let chunkIDs = try session.positiveControls(plan).merging(earlier) { now, before in Array(Set(now + before)) }
        try session.searches(plan)
        try session.reads(plan, chunkIDs: chunkIDs)
        try session.sideChannels(plan)
        try session.redaction(plan)
        report = session.report
        for tenant in plan.allTenants {
            try target.deleteTenant(tenant)
        }
        report.cleanedUp = try target.tenantNames().allSatisfy { !$0.hasPrefix(ProbePlan.prefix) }
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// Deletes probe tenants an interrupted earlier run left behind.
    func removeLeftovers() throws -> [String] {
        let leftovers = try target.tenantNames().filter { $0.hasPrefix(ProbePlan.prefix) }
        for name in leftovers { try target.deleteTenant(name) }
        return leftovers
    }

    private func plant(_ plan: ProbePlan) throws {
        for tenant in plan.allTenants {
            try target.createTenant(tenant)
            try target.setVectors(ProbePlan.vectorConfig, tenant: tenant)
        }
        for (tenant, documents) in plan.visible {
            for document in documents { try target.put(document, tenant: tenant) }
        }
        for planted in plan.planted { try target.put(planted.document, tenant: planted.tenant) }
    }

    /// The access list changed after indexing, and the document deleted.
    private func change(_ plan: ProbePlan) throws {
        for planted in plan.planted {
            if let changed = planted.changedACL { try target.setACL(planted.document.id, to: changed, tenant: planted.tenant) }
            if planted.deleted { try target.delete(planted.document.id, tenant: planted.tenant) }
        }
    }
}

/// One run's requests and findings.
struct Session {
    let target: ProbeTarget
    var report: ProbeReport
    var limiter: RateLimiter

    /// The run's planted credential and personal value: checked in every answer of every probe.
    var redacted: [String] = []

    private mutating func ask(_ probe: String, _ body: (ProbeTarget) throws -> ProbeAnswer) throws -> ProbeAnswer {
        limiter.wait()
        report.count(probe)
        let answer = try body(target)
        for value in redacted where answer.passages.contains(where: { $0.text.contains(value) || $0.snippet.contains(value) }) {
            report.leaks.append(
                ProbeReport.Leak(
                    probe: "redaction: value in output", identity: "(\(probe))", request: probe,
                    detail: "an answer held a planted \(value.hasPrefix("ghp_") ? "credential" : "e-mail address") unmasked"))
        }
        return answer
    }

    /// The passage holding the planted values is found, by search and by id, by every
    /// identity — masked (`ask` checks each answer for the raw values).
    mutating func redaction(_ plan: ProbePlan) throws {
        for identity in plan.identities {
            let answer = try ask("redaction: search") { try $0.search(SearchRequest(query: ProbePlan.secretWords, topK: 5), as: identity) }
            guard let passage = answer.passages.first(where: { $0.documentID == "visible-3" }) else {
                report.ineffective.append("\(identity) did not find the passage holding the planted credential (\(answer.status))")
                continue
            }
            _ = try ask("redaction: read by id") { try $0.chunk(passage.chunkID, as: identity) }
        }
    }

    /// Every entitled identity finds its canary (else the probe would prove nothing); returns
    /// each planted document's chunk ids, as an entitled reader saw them. `initially`: before
    /// the changes, for the documents that change or go.
    mutating func positiveControls(_ plan: ProbePlan, initially: Bool = false) throws -> [String: [String]] {
        var chunkIDs: [String: [String]] = [:]
        for planted in plan.planted where !initially || planted.changedACL != nil || planted.deleted {
            for identity in plan.identities where plan.entitled(identity, planted, initially: initially) {
                let answer = try ask("control") { try $0.search(SearchRequest(query: planted.canary), as: identity) }
                let found = answer.passages.filter { $0.text.contains(planted.canary) }
                if found.isEmpty {
                    report.ineffective.append("\(identity) did not find \(planted.kind) in \(planted.tenant) (\(answer.status))")
                }
                chunkIDs[planted.document.id] = found.map(\.chunkID)
                guard target.sendsVectors, let vector = planted.document.embedding else { continue }
                let nearest = try ask("control: vector") { try $0.search(SearchRequest(query: "", topK: 3, mode: .vector, vector: vector), as: identity) }
                if nearest.passages.first?.text.contains(planted.canary) != true {
                    report.ineffective.append("\(identity) did not find \(planted.kind) in \(planted.tenant) by its vector (\(nearest.status))")
                }
            }
        }
        return chunkIDs
    }

    /// The query forms tried for one canary: each either names only the canary (so any result
    /// at all is a leak) or may legitimately match other documents (then only the canary's
    /// presence is).
    static func queries(for canary: String, other: ProbePlan.Planted?, vector: [Float]? = nil) -> [(
        probe: String, request: SearchRequest, onlyCanary: Bool
    )] {
        var forms: [(String, SearchRequest, Bool)] = [
            ("exact term", SearchRequest(query: canary, topK: SearchRequest.maxTopK), true),
            ("prefix", SearchRequest(query: String(canary.prefix(6)) + "*", topK: SearchRequest.maxTopK), false),
            ("phrase", SearchRequest(query: "\"\(canary)\"", topK: SearchRequest.maxTopK), true),
            ("required term", SearchRequest(query: "+\(canary)", topK: SearchRequest.maxTopK), true),
            ("OR chain", SearchRequest(query: "harbor OR \(canary) OR lantern", topK: SearchRequest.maxTopK, match: .all), false),
            ("any mode", SearchRequest(query: "the \(canary)", topK: SearchRequest.maxTopK, match: .any), false),
            ("column filter", SearchRequest(query: "body:\(canary)", topK: SearchRequest.maxTopK), false),
            ("column set", SearchRequest(query: "{title heading body allow deny}: \(canary)", topK: SearchRequest.maxTopK), false),
            ("NEAR", SearchRequest(query: "NEAR(\(canary) harbor, 50)", topK: SearchRequest.maxTopK), false),
            ("FTS5 operators", SearchRequest(query: "\(canary) NOT zzzz AND \(canary)*", topK: SearchRequest.maxTopK, match: .all), false),
            ("ACL column wildcard", SearchRequest(query: "allow:* OR deny:* OR \(canary)", topK: SearchRequest.maxTopK, match: .all), false)
        ]
        if let other {
            forms.append(("filter naming its document", SearchRequest(query: canary, topK: SearchRequest.maxTopK, documentIDs: [other.document.id]), true))
        }
        if let vector {
            // Its own vector is its nearest match: the vector leg must not have scored it at all.
            forms += [
                ("vector: its own vector", SearchRequest(query: "", topK: SearchRequest.maxTopK, mode: .vector, vector: vector), false),
                ("hybrid: its word and vector", SearchRequest(query: canary, topK: SearchRequest.maxTopK, mode: .hybrid, vector: vector), false),
                (
                    "hybrid: filter naming its document",
                    SearchRequest(query: canary, topK: SearchRequest.maxTopK, documentIDs: other.map { [$0.document.id] }, mode: .hybrid, vector: vector),
                    other != nil
                )
            ]
        }
        return forms
    }

    mutating func searches(_ plan: ProbePlan) throws {
        for planted in plan.planted {
            for identity in plan.identities where !plan.entitled(identity, planted) {
                let vector = target.sendsVectors ? planted.document.embedding : nil
                for (probe, request, onlyCanary) in Self.queries(for: planted.canary, other: planted, vector: vector) {
                    let answer = try ask("search: " + probe) { try $0.search(request, as: identity) }
                    let leaked = answer.passages.filter { $0.text.contains(planted.canary) || $0.snippet.contains(planted.canary) }
                    if !leaked.isEmpty || (onlyCanary && !answer.passages.isEmpty) {
                        report.leak(
                            "search: " + probe, identity: identity, request: "\(request.query) (top_k \(request.topK))",
                            detail: "\(planted.kind) of \(planted.tenant) reached a reader it does not admit: \(answer.passages.map(\.documentID))")
                    }
                }
                // The tenant's ACL tokens typed as text find nothing the identity may not read.
                for name in planted.finalACL?.allow ?? [] {
                    let request = SearchRequest(query: AccessList.token(for: name), topK: SearchRequest.maxTopK)
                    let answer = try ask("search: ACL token as text") { try $0.search(request, as: identity) }
                    if answer.passages.contains(where: { $0.text.contains(planted.canary) }) {
                        report.leak("search: ACL token as text", identity: identity, request: request.query, detail: "\(planted.kind) found by its ACL token")
                    }
                }
            }
        }
    }

    /// Reads by id: chunk ids seen by entitled readers, and document ids, asked for by every
    /// other identity; each must answer exactly like an id that does not exist.
    mutating func reads(_ plan: ProbePlan, chunkIDs: [String: [String]]) throws {
        for identity in Set(plan.identities.map { ProbeIdentity(tenant: $0.tenant, user: $0.user, roles: $0.roles, groups: $0.groups) }) {
            let missingChunk = try ask("read: chunk that does not exist") { try $0.chunk("0000000000000000", as: identity) }
            let missingDocument = try ask("read: document that does not exist") { try $0.document("rvprobe-none", as: identity) }
            for planted in plan.planted where !plan.entitled(identity, planted) {
                for chunkID in chunkIDs[planted.document.id] ?? [] {
                    let answer = try ask("read: chunk id guessed") { try $0.chunk(chunkID, as: identity) }
                    if answer.status == "ok" || answer.shape != missingChunk.shape {
                        report.leak(
                            "read: chunk id guessed", identity: identity, request: "chunk \(chunkID)",
                            detail: "\(planted.kind) of \(planted.tenant): \(answer.shape) vs \(missingChunk.shape)")
                    }
                }
                let answer = try ask("read: document id guessed") { try $0.document(planted.document.id, as: identity) }
                if answer.status == "ok" || answer.shape != missingDocument.shape {
                    report.leak(
                        "read: document id guessed", identity: identity, request: "document \(planted.document.id)",
                        detail: "\(planted.kind) of \(planted.tenant): \(answer.shape) vs \(missingDocument.shape)")
                }
            }
        }
    }

    /// An identity that may read only what everyone may read gets the same passages, scores
    /// and snippets as in a tenant that holds nothing else: hidden documents change no ranking,
    /// count or statistic it can see.
    mutating func sideChannels(_ plan: ProbePlan) throws {
        var requests = ["harbor", "lantern quarry", "meadow harbor lantern", "\"the harbor\""].map { SearchRequest(query: $0, topK: SearchRequest.maxTopK) }
        if target.sendsVectors {
            // Scores of the vector leg and of each fusion, which scales by what the legs found.
            let probe = ProbePlan.vector(3).enumerated().map { $1 + Float($0) / 40 }
            requests += [
                SearchRequest(query: "", topK: SearchRequest.maxTopK, mode: .vector, vector: probe),
                SearchRequest(query: "harbor lantern", topK: SearchRequest.maxTopK, mode: .hybrid, vector: probe),
                SearchRequest(query: "harbor", topK: SearchRequest.maxTopK, mode: .hybrid, vector: probe, fusion: .rrf(k: 60, text: 1, vector: 0.5))
            ]
        }
        for tenant in plan.tenants {
            let outsider = ProbePlan.outsider(in: tenant)
            let baseline = ProbePlan.outsider(in: plan.references[tenant]!)
            for request in requests {
                let query = request.mode.map { "\($0.rawValue): \(request.query)" } ?? request.query
                let seen = try ask("side channel: visible ranking") { try $0.search(request, as: outsider) }
                let reference = try ask("side channel: reference ranking") { try $0.search(request, as: baseline) }
                let shape = { (answer: ProbeAnswer) in answer.passages.map { "\($0.documentID) \($0.score) \($0.snippet)" } }
                if seen.status != reference.status || shape(seen) != shape(reference) {
                    report.leak(
                        "side channel: visible ranking", identity: outsider, request: query,
                        detail: "with hidden documents \(shape(seen)); without \(shape(reference))")
                }
            }
        }
    }
}

/// At most `perSecond` requests a second (nil: no limit).
struct RateLimiter {
    let interval: Double?
    private var next = Date.distantPast

    init(perSecond: Double?) { interval = perSecond.map { 1 / max($0, 0.001) } }

    mutating func wait() {
        guard let interval else { return }
        let now = Date()
        if next > now { Thread.sleep(forTimeInterval: next.timeIntervalSince(now)) }
        next = max(now, next).addingTimeInterval(interval)
    }
}
