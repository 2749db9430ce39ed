import Foundation
import Testing
@testable import RAGVault

/// Invariants 1–4: property-based over random tenants, ACLs, principals and queries.
@Suite(.serialized) struct CrossTenantLeakTests {
    /// Both ranking paths: the permitted-rows bitmap alone (broad callers) and the ACL also
    /// inside the MATCH (narrow callers, `Retriever.narrowScope`), forced here for every caller.
    @Test(arguments: [(101, 0.0), (202, 0.2), (303, 1.1), (404, 1.1)] as [(UInt64, Double)])
    func resultsAreExactlyTheTopKOfThePermittedSet(seed: UInt64, narrowScope: Double) throws {
        let world = try RetrievalWorld(seed: seed)
        defer { world.vault.close() }
        world.retriever.narrowScope = narrowScope
        var random = SplitMix64(seed: seed &* 7)
        var nonEmpty = 0
        for _ in 0..<120 {
            let tenant = RetrievalWorld.pick(world.tenants, &random)
            let principal = try RetrievalWorld.randomPrincipal(tenant: tenant, &random)
            let query = RetrievalWorld.randomQuery(&random)
            let topK = 1 + Int(random.next() % 10)
            let result = try world.retriever.search(SearchRequest(query: query, topK: topK), as: principal)
            for passage in result.results {
                let acl = try #require(world.acls[tenant]?[passage.documentID], "\(passage.documentID) is not in tenant \(tenant)")
                #expect(RetrievalWorld.permits(acl, principal), "\(passage.documentID) returned to \(principal)")
                for other in world.tenants where other != tenant { #expect(!passage.text.contains("marker\(other)")) }
            }
            let ranked = try world.ranked(tenant: tenant, principal: principal, query: query, topK: topK)
            let reference = try world.reference(tenant: tenant, principal: principal, query: query, topK: topK)
            #expect(ranked.map(\.0) == reference.map(\.0), "\(query) as \(principal)")
            #expect(ranked.map(\.1) == reference.map(\.1), "scores differ for \(query)")
            #expect(result.results.map(\.chunkID) == (try world.publicIDs(tenant: tenant, ranked.map(\.0))))
            if !ranked.isEmpty { nonEmpty += 1 }
        }
        #expect(nonEmpty > 40, "too few queries returned anything to prove much")
    }

    @Test func invisibleDocumentsChangeNoVisibleScore() throws {
        let world = try RetrievalWorld(seed: 9)
        defer { world.vault.close() }
        var random = SplitMix64(seed: 99)
        let store = try world.vault.store(for: "t0")
        for _ in 0..<25 {
            let principal = try RetrievalWorld.randomPrincipal(tenant: "t0", &random)
            let query = RetrievalWorld.randomQuery(&random)
            let before = try world.ranked(tenant: "t0", principal: principal, query: query, topK: 10)
            // A document stuffed with every word, readable by everyone except this principal.
            let mine = try principal.aclPrincipals().filter { $0 != "tenant:*" }
            let hidden = DocumentRecord(
                externalID: "hidden", title: RetrievalWorld.vocabulary.joined(separator: " "), contentHash: "h",
                acl: AccessList(allow: RetrievalWorld.roles + RetrievalWorld.groups + RetrievalWorld.users + ["tenant:*"], deny: mine),
                chunks: [
                    ChunkRecord(
                        ordinal: 0, startOffset: 0, endOffset: 0,
                        text: String(repeating: RetrievalWorld.vocabulary.joined(separator: " ") + " ", count: 5))
                ])
            try store.putDocument(hidden)
            let during = try world.ranked(tenant: "t0", principal: principal, query: query, topK: 10)
            #expect(during.map(\.0) == before.map(\.0), "\(query)")
            #expect(during.map(\.1) == before.map(\.1), "a hidden document changed visible scores for \(query)")
            try store.deleteDocument(externalID: "hidden")
            let after = try world.ranked(tenant: "t0", principal: principal, query: query, topK: 10)
            #expect(after.map(\.1) == before.map(\.1))
        }
    }

    @Test func noQueryReachesAnotherTenant() throws {
        let world = try RetrievalWorld(seed: 5)
        defer { world.vault.close() }
        let everyone = try Principal.impersonating(
            tenant: "t0", subject: "u0", roles: RetrievalWorld.roles.map { String($0.dropFirst(5)) },
            groups: RetrievalWorld.groups.map { String($0.dropFirst(6)) })
        for other in ["markert1", "markert2", "markert1 OR markert2", "\"markert1\"", "marker*"] {
            let result = try world.retriever.search(SearchRequest(query: other, topK: 50), as: everyone)
            #expect(result.results.allSatisfy { $0.documentID.hasPrefix("t0-") }, "\(other)")
            #expect(result.results.allSatisfy { !$0.text.contains("markert1") && !$0.text.contains("markert2") })
        }
    }

    @Test func identityWithoutScopeFailsClosed() throws {
        let world = try RetrievalWorld(seed: 6, tenants: 1, documents: 5)
        defer { world.vault.close() }
        let nobody = Principal(tenant: "t0", subject: nil, roles: [], groups: [], scopes: [.search])
        #expect(throws: RAGVaultError(.emptyScope, "the credential for tenant 't0' carries no user, role or group; nothing can be searched")) {
            _ = try world.retriever.search(SearchRequest(query: "alpha"), as: nobody)
        }
        let noScope = Principal(tenant: "t0", subject: "user:u0", roles: [], groups: [], scopes: [.ingest])
        #expect(throws: RAGVaultError.self) { _ = try world.retriever.search(SearchRequest(query: "alpha"), as: noScope) }
        let unknown = try Principal.impersonating(tenant: "nosuch", subject: "u0", roles: [])
        do {
            _ = try world.retriever.search(SearchRequest(query: "alpha"), as: unknown)
            Issue.record("an unknown tenant returned results")
        } catch let error as RAGVaultError {
            #expect(error.code == .tenantNotFound)
        }
    }
}
