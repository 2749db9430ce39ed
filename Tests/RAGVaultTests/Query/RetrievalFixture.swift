import RAGVaultTestSupport
import Foundation
@testable import RAGVault

/// (Unchecked Sendable: shared read-only by serialized suites; the vault locks internally.)
/// A randomly generated multi-tenant world with known ACLs, plus a brute-force reference
/// search that filters and scores without the ACL-in-MATCH machinery under test.
struct RetrievalWorld: @unchecked Sendable {
    static let vocabulary = [
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
        "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"
    ]
    static let roles = (0..<5).map { "role:r\($0)" }
    static let groups = (0..<3).map { "group:g\($0)" }
    static let users = (0..<6).map { "user:u\($0)" }

    let dir: TemporaryDirectory
    let vault: Vault
    let retriever: Retriever
    let tenants: [String]
    /// tenant → external id → ACL (ground truth)
    var acls: [String: [String: AccessList]] = [:]

    init(seed: UInt64, tenants count: Int = 3, documents: Int = 50) throws {
        dir = try TemporaryDirectory()
        vault = try Vault.initialize(at: dir.file("data"), keySource: .generatedKeyFile)
        retriever = Retriever(vault: vault)
        tenants = (0..<count).map { "t\($0)" }
        var random = SplitMix64(seed: seed)
        for tenant in tenants {
            try vault.createTenant(tenant)
            let store = try vault.store(for: tenant)
            for i in 0..<documents {
                let doc = Self.randomDocument("\(tenant)-doc\(i)", tenant: tenant, &random)
                try store.putDocument(doc)
                acls[tenant, default: [:]][doc.externalID] = doc.acl
            }
        }
    }

    static func pick<T>(_ items: [T], _ random: inout SplitMix64) -> T { items[Int(random.next() % UInt64(items.count))] }

    static func randomACL(_ random: inout SplitMix64) -> AccessList {
        let pool = roles + groups + users
        var allow = Set<String>()
        for _ in 0..<(1 + Int(random.next() % 3)) { allow.insert(pick(pool, &random)) }
        if random.next() % 10 == 0 { allow.insert("tenant:*") }
        var deny = Set<String>()
        if random.next() % 4 == 0 { deny.insert(pick(users + groups, &random)) }
        return AccessList(allow: allow.sorted(), deny: deny.sorted())
    }

    static func randomDocument(_ id: String, tenant: String, _ random: inout SplitMix64) -> DocumentRecord {
        let chunks = (0..<(1 + Int(random.next() % 3))).map { c -> ChunkRecord in
            let words = (0..<(5 + Int(random.next() % 60))).map { _ -> String in
                let u = Double(random.next() % 10_000) / 10_000
                return vocabulary[Int(u * u * Double(vocabulary.count))]
            }
            // Each tenant's text carries its own marker word.
            return ChunkRecord(
                ordinal: c, headingPath: [pick(vocabulary, &random)], startOffset: 0, endOffset: 0,
                text: (words + ["marker\(tenant)"]).joined(separator: " "))
        }
        return DocumentRecord(
            externalID: id, title: pick(vocabulary, &random) + " " + pick(vocabulary, &random),
            contentHash: id, acl: randomACL(&random), chunks: chunks)
    }

    static func randomPrincipal(tenant: String, _ random: inout SplitMix64) throws -> Principal {
        let roles = Self.roles.filter { _ in random.next() % 3 == 0 }
        let groups = Self.groups.filter { _ in random.next() % 4 == 0 }
        let user = random.next() % 5 == 0 ? nil : pick(users, &random)
        if user == nil && roles.isEmpty && groups.isEmpty {
            return try Principal.impersonating(tenant: tenant, subject: "u0", roles: [])
        }
        return try Principal.impersonating(tenant: tenant, subject: user, roles: roles, groups: groups)
    }

    static func randomQuery(_ random: inout SplitMix64) -> String {
        switch random.next() % 5 {
        case 0: return pick(vocabulary, &random)
        case 1: return pick(vocabulary, &random) + " " + pick(vocabulary, &random)
        case 2: return "\"\(pick(vocabulary, &random)) \(pick(vocabulary, &random))\""
        case 3: return pick(vocabulary, &random) + " OR " + pick(vocabulary, &random)
        default: return String(pick(vocabulary, &random).prefix(3)) + "* -" + pick(vocabulary, &random)
        }
    }

    /// Independent of Principal.mayRead on purpose: the reference must not share code under test.
    static func permits(_ acl: AccessList, _ principal: Principal) -> Bool {
        var mine = Set(principal.roles + principal.groups + ["tenant:*"])
        if let subject = principal.subject { mine.insert(subject) }
        return !mine.isDisjoint(with: acl.allow) && mine.isDisjoint(with: acl.deny)
    }

    /// Top-k documents, each at its best chunk, by the same scoring function over exactly the
    /// permitted rows, computed the slow way: every row's ACL checked in Swift, statistics
    /// summed in Swift (N and document frequencies in documents, average length in chunks).
    /// (`perDocument` false: every chunk, as the text leg of a hybrid search ranks them.)
    func reference(tenant: String, principal: Principal, query: String, topK: Int, perDocument: Bool = true) throws -> [(Int64, Double)] {
        let compiled = try QueryCompiler().compile(query)
        let store = try vault.store(for: tenant)
        return try store.withConnection { db in
            var aclOfRow: [Int64: AccessList] = [:]
            var documentOfRow: [Int64: Int64] = [:]
            for row in try db.query("SELECT c.id, d.acl_json, d.id FROM chunks c JOIN documents d ON d.id = c.document_id") {
                aclOfRow[row[0].int!] = try JSONDecoder().decode(AccessList.self, from: Data(row[1].string!.utf8))
                documentOfRow[row[0].int!] = row[2].int!
            }
            let permitted = Set(aclOfRow.filter { Self.permits($0.value, principal) }.keys)
            // Lengths of every row: match all rows through their allow tokens.
            let everyToken = Set(aclOfRow.values.flatMap(\.allow)).map { QueryCompiler.quote(AccessList.token(for: $0)) }.joined(separator: " OR ")
            var total = 0.0
            for row in try db.query("SELECT rowid, vault_doclen(chunks_fts) FROM chunks_fts WHERE chunks_fts MATCH ?", [.text("allow : (\(everyToken))")])
            where permitted.contains(row[0].int!) { total += Double(row[1].int!) }
            let documents = Set(permitted.map { documentOfRow[$0]! }).count
            guard !permitted.isEmpty else { return [] }
            let dfs = try compiled.phrases.map { phrase -> Int64 in
                if !phrase.scored { return -1 }
                let rows = try db.query("SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ?", [.text(phrase.match.fts)])
                return Int64(Set(rows.map { $0[0].int! }.filter(permitted.contains).map { documentOfRow[$0]! }).count)
            }
            let sql =
                "SELECT rowid, vault_bm25(chunks_fts, ?, ?, 3.0, 2.0, 1.0" + dfs.map { _ in ", ?" }.joined() + ") FROM chunks_fts WHERE chunks_fts MATCH ?"
            let rows = try db.query(
                sql, [.integer(Int64(documents)), .real(total / Double(permitted.count))] + dfs.map { .integer($0) } + [.text(compiled.expression.fts)])
            var scored: [(Int64, Double)] = []
            for row in rows where permitted.contains(row[0].int!) { scored.append((row[0].int!, row[1].double!)) }
            scored.sort { (a: (Int64, Double), b: (Int64, Double)) -> Bool in a.1 != b.1 ? a.1 > b.1 : a.0 < b.0 }
            var seen = Set<Int64>()
            return Array(scored.filter { !perDocument || seen.insert(documentOfRow[$0.0]!).inserted }.prefix(topK))
        }
    }

    /// The public (opaque) ids of chunks by rowid.
    func publicIDs(tenant: String, _ rowids: [Int64]) throws -> [String] {
        try vault.store(for: tenant).withConnection { db in
            try rowids.map { try db.scalar("SELECT public_id FROM chunks WHERE id = ?", [.integer($0)]).string ?? "" }
        }
    }

    /// The retriever's own ranking (before redaction), for exact comparison.
    func ranked(tenant: String, principal: Principal, query: String, topK: Int) throws -> [(Int64, Double)] {
        let compiled = try QueryCompiler().compile(query)
        let hits = try retriever.rank(
            compiled, acl: try Retriever.aclExpression(principal), request: SearchRequest(query: query, topK: topK),
            principal: principal, store: try vault.store(for: tenant))
        return hits.hits.map { ($0.chunkID, $0.score) }
    }
}
