import Foundation
import RAGVaultTestSupport
import Testing
@testable import RAGVault

/// Delegated search: a `search:delegated` key searches only as the end user a token from the
/// tenant's identity provider proves. Tokens are minted here by jwt-kit with keys made here.
@Suite struct DelegatedSearchTests {
    struct Setup {
        let dir: TemporaryDirectory
        let vault: Vault
        let retriever: Retriever
        let acme: TestIdentityProvider
        let globex: TestIdentityProvider
        let credential: Credential
    }

    static func setUp(rolesClaim: String? = "roles", groupsClaim: String? = "groups") async throws -> Setup {
        let dir = try TemporaryDirectory()
        let vault = try Vault.initialize(at: dir.file("data"), keySource: .generatedKeyFile)
        for tenant in ["acme", "globex"] { try vault.createTenant(tenant) }
        let store = try vault.store(for: "acme")
        try store.putDocument(RetrieverTests.doc("eng.md", ["walrus engineering runbook"], allow: ["role:eng"]))
        try store.putDocument(RetrieverTests.doc("hr.md", ["walrus salary bands"], allow: ["role:hr"]))
        try store.putDocument(RetrieverTests.doc("board.md", ["walrus board minutes"], allow: ["group:board"]))
        try store.putDocument(RetrieverTests.doc("alice.md", ["walrus notes of alice"], allow: ["user:alice"]))
        try store.putDocument(
            DocumentRecord(
                externalID: "contractors.md", title: "Doc", contentHash: "c", acl: AccessList(allow: ["role:eng"], deny: ["group:contractors"]),
                chunks: [ChunkRecord(ordinal: 0, headingPath: [], startOffset: 0, endOffset: 20, text: "walrus internal roadmap")]))
        try vault.store(for: "globex").putDocument(RetrieverTests.doc("g.md", ["walrus globex secret plan"], allow: ["role:eng"]))
        let acme = try await TestIdentityProvider.make(issuer: "https://idp.acme.test/realms/acme", audience: "ragvault-acme")
        let globex = try await TestIdentityProvider.make(issuer: "https://idp.globex.test", audience: "ragvault-globex")
        try vault.setIdentityProviders([acme.provider(rolesClaim: rolesClaim, groupsClaim: groupsClaim)], tenant: "acme")
        try vault.setIdentityProviders([globex.provider()], tenant: "globex")
        // The assistant's key carries a role of its own: none of it may reach a delegated search.
        let key = try vault.createAPIKey(tenant: "acme", subject: "assistant", roles: ["eng"], groups: ["board"], scopes: [.searchDelegated]).key
        return Setup(dir: dir, vault: vault, retriever: Retriever(vault: vault), acme: acme, globex: globex, credential: try vault.authenticate(apiKey: key))
    }

    static func ids(_ s: Setup, _ principal: Principal) throws -> [String] {
        try s.retriever.access(as: principal).search(SearchRequest(query: "walrus", topK: 50)).results.map(\.documentID).sorted()
    }

    /// The code a delegated principal request is refused with, or nil when it passed.
    static func refusal(_ s: Setup, _ token: String?) async -> String? {
        do {
            _ = try await s.vault.delegatedPrincipal(for: s.credential, userToken: token)
            return nil
        } catch let error as RAGVaultError {
            return error.code.rawValue
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func eachAcceptedAlgorithmProvesTheUser() async throws {
        let s = try await Self.setUp()
        defer { withExtendedLifetime(s.dir) {}; s.vault.close() }
        for key in TestIdentityProvider.Key.allCases {
            let token = try await s.acme.token(s.acme.claims("Alice", ["roles": .array([.string("eng")])]), key: key)
            let user = try await s.vault.delegatedPrincipal(for: s.credential, userToken: token)
            #expect(user.tenant == "acme" && user.subject == "user:alice" && user.roles == ["role:eng"] && user.groups.isEmpty, "\(key)")
            #expect(user.scopes == [.search] && user.delegation?.issuer == s.acme.issuer)
        }
    }

    @Test func aDelegatedSearchReturnsExactlyWhatTheSameUserSees() async throws {
        let s = try await Self.setUp()
        defer { withExtendedLifetime(s.dir) {}; s.vault.close() }
        let cases: [(String, [String], [String])] = [
            ("alice", ["eng"], []), ("bob", ["hr"], []), ("carol", ["eng"], ["board"]), ("dave", ["eng"], ["contractors"]), ("erin", [], ["board"])
        ]
        for (user, roles, groups) in cases {
            let token = try await s.acme.token(
                s.acme.claims(user, ["roles": .array(roles.map(JSONValue.string)), "groups": .array(groups.map(JSONValue.string))]))
            let delegated = try await s.vault.delegatedPrincipal(for: s.credential, userToken: token)
            let same = try Principal.impersonating(tenant: "acme", subject: user, roles: roles, groups: groups)
            let seen = try Self.ids(s, delegated)
            #expect(seen == (try Self.ids(s, same)), "\(user)")
            #expect(delegated.roles == same.roles && delegated.groups == same.groups && delegated.subject == same.subject)
            #expect(!seen.contains("g.md"))
            if groups.contains("contractors") { #expect(!seen.contains("contractors.md"), "deny wins for \(user)") }
        }
    }

    @Test func theKeyAloneReadsNothing() async throws {
        let s = try await Self.setUp()
        defer { withExtendedLifetime(s.dir) {}; s.vault.close() }
        let keyPrincipal = try #require(s.credential.principal)
        let access = s.retriever.access(as: keyPrincipal)
        #expect(TenantAccessTests.forbidden { _ = try access.search(SearchRequest(query: "walrus")) }, "the key's own roles search nothing")
        #expect(TenantAccessTests.forbidden { _ = try access.chunk("0123456789abcdef") })
        #expect(TenantAccessTests.forbidden { _ = try access.document("eng.md") })
        #expect(await Self.refusal(s, nil) == "user_token_missing")
        #expect(await Self.refusal(s, "") == "user_token_missing")
        #expect(throws: RAGVaultError.self) {
            _ = try s.vault.createAPIKey(tenant: "acme", subject: "a", roles: ["eng"], scopes: [.search, .searchDelegated])
        }
        // A plain search key is not a delegated one.
        let plain = try s.vault.authenticate(apiKey: try s.vault.createAPIKey(tenant: "acme", subject: "svc", roles: ["eng"], scopes: [.search]).key)
        let token = try await s.acme.token(s.acme.claims("alice"))
        await #expect(throws: RAGVaultError.self) { _ = try await s.vault.delegatedPrincipal(for: plain, userToken: token) }
    }

    @Test func everyBadTokenIsRefusedWithItsOwnCode() async throws {
        let s = try await Self.setUp()
        defer { withExtendedLifetime(s.dir) {}; s.vault.close() }
        let a = s.acme
        let now = Date().timeIntervalSince1970.rounded()
        let eng: [String: JSONValue] = ["roles": .array([.string("eng")])]
        let cases: [(String, String?)] = [
            ("user_token_invalid", "not-a-token"),
            ("user_token_invalid", "a.b.c"),
            ("user_token_expired", try await a.token(a.claims("alice", eng.merging(["exp": .number(now - 120)]) { $1 }))),
            ("user_token_expired", try await a.token(a.claims("alice", eng).filter { $0.key != "exp" })),
            ("user_token_not_yet_valid", try await a.token(a.claims("alice", eng.merging(["nbf": .number(now + 600)]) { $1 }))),
            ("user_token_wrong_issuer", try await a.token(a.claims("alice", eng.merging(["iss": .string("https://evil.test")]) { $1 }))),
            ("user_token_wrong_issuer", try await a.token(a.claims("alice", eng).filter { $0.key != "iss" })),
            ("user_token_wrong_audience", try await a.token(a.claims("alice", eng.merging(["aud": .string("someone-else")]) { $1 }))),
            ("user_token_wrong_audience", try await a.token(a.claims("alice", eng.merging(["aud": .array([.string("x"), .string("y")])]) { $1 }))),
            ("user_token_unknown_key", try await a.token(a.claims("alice", eng), unpublished: true)),
            ("user_token_algorithm", try a.unsigned(a.claims("alice", eng))),
            ("user_token_algorithm", try await a.forgedHS256(a.claims("alice", eng))),
            // Another tenant's issuer, even with a valid signature of its own.
            ("user_token_wrong_issuer", try await s.globex.token(s.globex.claims("alice", eng))),
            ("user_token_no_principal", try await a.token(a.claims("x", eng).filter { $0.key != "sub" }.merging(["roles": .array([])]) { $1 })),
            ("user_token_claims", try await a.token(a.claims("alice", ["groups": .array([.string("Sales Team")])]))),
            ("user_token_claims", try await a.token(a.claims("alice", ["roles": .number(3)]))),
            ("user_token_claims", try await a.token(a.claims("alice bob", eng)))
        ]
        for (code, token) in cases { #expect(await Self.refusal(s, token) == code, "\(code): \(token ?? "nil")") }
        // A valid token with a flipped payload byte fails its signature.
        let good = try await a.token(a.claims("alice", eng))
        var parts = good.split(separator: ".").map(String.init)
        let forged = try JSONEncoder().encode(a.claims("alice", ["roles": .array([.string("hr")])]))
        parts[1] = TestIdentityProvider.base64url(forged)
        #expect(await Self.refusal(s, parts.joined(separator: ".")) == "user_token_invalid")
        // Within the skew (60 s) an expired token still passes, beyond it not.
        #expect(await Self.refusal(s, try await a.token(a.claims("alice", eng.merging(["exp": .number(now - 30)]) { $1 }))) == nil)
        #expect(await Self.refusal(s, good) == nil)
    }

    @Test func aTenantWithoutAProviderRefusesEveryToken() async throws {
        let s = try await Self.setUp()
        defer { withExtendedLifetime(s.dir) {}; s.vault.close() }
        try s.vault.setIdentityProviders([], tenant: "acme")
        #expect(await Self.refusal(s, try await s.acme.token(s.acme.claims("alice"))) == "user_token_wrong_issuer")
    }

    @Test func anIssuerAndAudienceBelongToOneTenant() async throws {
        let s = try await Self.setUp()
        defer { withExtendedLifetime(s.dir) {}; s.vault.close() }
        #expect(throws: RAGVaultError.self) { try s.vault.setIdentityProviders([s.acme.provider()], tenant: "globex") }
        // The same issuer for another audience is another tenant's to trust.
        var other = s.acme.provider()
        other.audience = "ragvault-globex-2"
        try s.vault.addIdentityProvider(other, tenant: "globex")
        #expect(try s.vault.identityProviders(tenant: "globex").count == 2)
        // ...and acme's key still refuses a token made for globex's audience.
        let token = try await s.acme.token(s.acme.claims("alice", ["aud": .string("ragvault-globex-2")]))
        #expect(await Self.refusal(s, token) == "user_token_wrong_audience")
        #expect(try s.vault.removeIdentityProvider(issuer: s.acme.issuer, audience: "ragvault-globex-2", tenant: "globex") == 1)
        // Deleting a tenant frees its issuers.
        try s.vault.deleteTenant("acme")
        try s.vault.setIdentityProviders([s.acme.provider()], tenant: "globex")
    }

    @Test func providerConfigurationsThatCouldNotWorkAreRefused() async throws {
        let s = try await Self.setUp()
        defer { withExtendedLifetime(s.dir) {}; s.vault.close() }
        let bad: [IdentityProvider] = [
            IdentityProvider(issuer: "", audience: "a", jwks: s.acme.jwks),
            IdentityProvider(issuer: "i", audience: "", jwks: s.acme.jwks),
            IdentityProvider(issuer: "i", audience: "a"),
            IdentityProvider(issuer: "i", audience: "a", jwks: s.acme.jwks, jwksURL: "https://idp.test/jwks"),
            IdentityProvider(issuer: "i", audience: "a", jwksURL: "http://idp.example.com/jwks"),
            IdentityProvider(issuer: "i", audience: "a", jwksURL: "file:///etc/passwd"),
            IdentityProvider(issuer: "i", audience: "a", jwks: #"{"keys":[]}"#),
            IdentityProvider(issuer: "i", audience: "a", jwks: "not json"),
            IdentityProvider(issuer: "i", audience: "a", jwks: s.acme.jwks, clockSkewSeconds: 3600)
        ]
        for provider in bad {
            #expect(throws: RAGVaultError.self, "\(provider)") { try s.vault.setIdentityProviders([provider], tenant: "acme") }
        }
        #expect(try s.vault.identityProviders(tenant: "acme") == [s.acme.provider()], "a refused change leaves the providers as they were")
    }

    @Test func keycloakEntraAndOktaShapedClaimsMap() async throws {
        // Keycloak: realm roles nested under realm_access, groups without the full path.
        let k = try await Self.setUp(rolesClaim: "realm_access.roles", groupsClaim: "groups")
        defer { withExtendedLifetime(k.dir) {}; k.vault.close() }
        let keycloak = try await k.acme.token(
            k.acme.claims(
                "0b6f6a3e-5d55-4bb6-9d55-7b6d1f0c2a11",
                [
                    "preferred_username": .string("alice"), "realm_access": .object(["roles": .array([.string("eng"), .string("offline_access")])]),
                    "groups": .array([.string("board")]), "azp": .string("assistant"), "typ": .string("Bearer")
                ]))
        let kc = try await k.vault.delegatedPrincipal(for: k.credential, userToken: keycloak)
        #expect(kc.subject == "user:0b6f6a3e-5d55-4bb6-9d55-7b6d1f0c2a11" && kc.roles == ["role:eng", "role:offline_access"] && kc.groups == ["group:board"])
        #expect(try Self.ids(k, kc) == ["board.md", "contractors.md", "eng.md"])

        // Entra ID: the user is `oid`, app roles in `roles`, groups as object ids.
        let e = try await Self.setUp()
        defer { withExtendedLifetime(e.dir) {}; e.vault.close() }
        try e.vault.setIdentityProviders([e.acme.provider(subjectClaim: "oid")], tenant: "acme")
        let entra = try await e.acme.token(
            e.acme.claims(
                "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ",
                [
                    "oid": .string("00000000-0000-0000-66f3-3332eca7ea81"), "tid": .string("9122040d-6c67-4c5b-b112-36a304b66dad"),
                    "roles": .array([.string("HR")]), "groups": .array([.string("f5a1e2c4-0000-4000-8000-000000000001")]), "ver": .string("2.0")
                ]))
        let en = try await e.vault.delegatedPrincipal(for: e.credential, userToken: entra)
        #expect(en.subject == "user:00000000-0000-0000-66f3-3332eca7ea81" && en.roles == ["role:hr"])
        #expect(en.delegation?.tokenSubject == "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ")
        #expect(try Self.ids(e, en) == ["hr.md"])

        // Okta: an email-like subject, groups as display names, no roles claim.
        let o = try await Self.setUp(rolesClaim: nil, groupsClaim: "groups")
        defer { withExtendedLifetime(o.dir) {}; o.vault.close() }
        let okta = try await o.acme.token(
            o.acme.claims(
                "Alice@Example.com",
                ["uid": .string("00u1a2b3c4"), "groups": .array([.string("Everyone"), .string("Board")]), "scp": .array([.string("openid")])]
            ))
        let ok = try await o.vault.delegatedPrincipal(for: o.credential, userToken: okta)
        #expect(ok.subject == "user:alice@example.com" && ok.roles.isEmpty && ok.groups == ["group:board", "group:everyone"])
        #expect(try Self.ids(o, ok) == ["board.md"])
    }

    @Test func delegatedSearchesAreAuditedWithTheTokenAndTheChunksReturned() async throws {
        let s = try await Self.setUp()
        defer { withExtendedLifetime(s.dir) {}; s.vault.close() }
        var claims = s.acme.claims("alice", ["roles": .array([.string("eng")])])
        claims["jti"] = .string("jti-42")
        let user = try await s.vault.delegatedPrincipal(for: s.credential, userToken: try await s.acme.token(claims))
        let result = try s.retriever.access(as: user, audit: AuditContext(interface: .http, keyID: s.credential.keyID))
            .search(SearchRequest(query: "walrus"))
        let record = try #require(try s.vault.auditRecords(tenant: "acme").records.last { $0.action == "search" })
        #expect(record.tokenIssuer == s.acme.issuer && record.tokenSubject == "alice" && record.tokenID == "jti-42")
        #expect(record.subject == "user:alice" && record.keyID == s.credential.keyID)
        #expect(record.chunkIDs == result.results.map(\.chunkID) && !result.results.isEmpty)
    }

    @Test func keysFetchedFromAURLRotateAndAnUnreachableProviderIsUnavailable() async throws {
        let s = try await Self.setUp()
        defer { withExtendedLifetime(s.dir) {}; s.vault.close() }
        let server = try JWKSServer(jwks: s.acme.jwks)
        var provider = s.acme.provider()
        (provider.jwks, provider.jwksURL) = (nil, server.url)
        try s.vault.setIdentityProviders([provider], tenant: "acme")
        await s.vault.identityKeys.setRefetchInterval(0)
        let eng: [String: JSONValue] = ["roles": .array([.string("eng")])]
        #expect(await Self.refusal(s, try await s.acme.token(s.acme.claims("alice", eng))) == nil)
        // The provider rotates: a new key (new kid) is published beside the old one.
        let rotated = try await TestIdentityProvider.make(issuer: s.acme.issuer, audience: s.acme.audience, keys: [.rsa], rsaKid: "rsa-2")
        let newToken = try await rotated.token(rotated.claims("alice", eng))
        #expect(await Self.refusal(s, newToken) == "user_token_unknown_key", "not yet published")
        let both =
            try JSONDecoder().decode(JWKSDocument.self, from: Data(s.acme.jwks.utf8)).keys
            + (try JSONDecoder().decode(JWKSDocument.self, from: Data(rotated.jwks.utf8)).keys)
        try server.publish(String(decoding: try JSONEncoder().encode(JWKSDocument(keys: both)), as: UTF8.self))
        #expect(await Self.refusal(s, newToken) == nil, "refetched on the unknown kid")
        #expect(await Self.refusal(s, try await s.acme.token(s.acme.claims("alice", eng), key: .ec)) == nil, "old keys still work")
        // Down: a token naming a kid not cached must be refused as unavailable, never let through.
        server.stop()
        let third = try await TestIdentityProvider.make(issuer: s.acme.issuer, audience: s.acme.audience, keys: [.rsa], rsaKid: "rsa-3")
        #expect(await Self.refusal(s, try await third.token(third.claims("alice", eng))) == "idp_unavailable")
        // A provider whose URL never answered refuses every token as unavailable.
        (provider.jwksURL) = "http://127.0.0.1:\(server.port)/gone.json"
        try s.vault.setIdentityProviders([provider], tenant: "acme")
        #expect(await Self.refusal(s, try await s.acme.token(s.acme.claims("alice", eng))) == "idp_unavailable")
    }

    /// A JWKS as JSON values, to merge two key sets.
    struct JWKSDocument: Codable { var keys: [JSONValue] }
}
