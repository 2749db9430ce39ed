import Foundation
import MCP
import RAGVault
import RAGVaultTestSupport
import Testing

/// Each tenant's MCP tools as an OAuth 2.1 protected resource (`--public-url`): metadata
/// discovery (RFC 9728), a `401` challenge naming it, access tokens audience-bound to the
/// tenant's resource URL (RFC 8707) as the bearer — and API keys still working at `/mcp`.
@Suite struct OAuthResourceTests {
    static let publicURL = "https://rag.example.test"
    static func resource(_ tenant: String) -> String { "\(publicURL)/t/\(tenant)" }

    struct Setup {
        let f: APIFixture
        let acme: TestIdentityProvider
        let globex: TestIdentityProvider
    }

    static func setUp() async throws -> Setup {
        let f = try await APIFixture.make { $0.publicURL = publicURL }
        let acme = try await TestIdentityProvider.make(issuer: "https://auth.acme.test", audience: resource("acme"))
        let globex = try await TestIdentityProvider.make(issuer: "https://auth.globex.test", audience: resource("globex"))
        try f.server.vault.setIdentityProviders([acme.provider()], tenant: "acme")
        try f.server.vault.setIdentityProviders([globex.provider()], tenant: "globex")
        return Setup(f: f, acme: acme, globex: globex)
    }

    static func client(_ s: Setup, tenant: String, token: String) async throws -> Client {
        let transport = HTTPClientTransport(
            endpoint: URL(string: s.f.server.base + "/t/\(tenant)/mcp")!, streaming: false,
            requestModifier: { request in
                var r = request
                r.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
                return r
            })
        let client = Client(name: "oauth-tests", version: "1")
        _ = try await client.connect(transport: transport)
        return client
    }

    static func listTools(_ s: Setup, tenant: String, authorization: String?) async throws -> LiveServer.Reply {
        try await s.f.server.send(
            .POST, "/t/\(tenant)/mcp", authorization: authorization,
            body: Data(#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#.utf8), headers: ["Accept": "application/json, text/event-stream"])
    }

    @Test func metadataNamesTheTenantsAuthorizationServer() async throws {
        let s = try await Self.setUp()
        defer { Task { try? await s.f.server.stop() } }
        for path in ["/.well-known/oauth-protected-resource/t/acme", "/.well-known/oauth-protected-resource/t/acme/mcp"] {
            let meta = try await s.f.server.send(.GET, path)
            #expect(meta.status == 200, "\(meta.text)")
            #expect(meta.json["resource"] as? String == Self.resource("acme"))
            #expect(meta.json["authorization_servers"] as? [String] == [s.acme.issuer])
        }
        // Nonexistent tenants and tenants without OAuth answer alike.
        try s.f.server.vault.setIdentityProviders([], tenant: "globex")
        let none = try await s.f.server.send(.GET, "/.well-known/oauth-protected-resource/t/globex/mcp")
        let ghost = try await s.f.server.send(.GET, "/.well-known/oauth-protected-resource/t/ghost/mcp")
        #expect(none.status == 404 && ghost.status == 404 && none.errorCode == ghost.errorCode)
    }

    @Test func aMissingOrBadTokenIsChallengedWithTheMetadataURL() async throws {
        let s = try await Self.setUp()
        defer { Task { try? await s.f.server.stop() } }
        let bare = try await Self.listTools(s, tenant: "acme", authorization: nil)
        #expect(bare.status == 401)
        #expect(
            bare.header("WWW-Authenticate") == #"Bearer resource_metadata="https://rag.example.test/.well-known/oauth-protected-resource/t/acme""#,
            "\(bare.header("WWW-Authenticate") ?? "none")")
        let now = Date().timeIntervalSince1970.rounded()
        let bad: [(String, String)] = [
            ("user_token_invalid", "garbage"),
            ("user_token_expired", try await s.globex.token(s.globex.claims("alice", ["roles": .array([.string("ops")]), "exp": .number(now - 3600)]))),
            // acme's token sent to globex's resource: globex does not trust acme's issuer.
            ("user_token_wrong_issuer", try await s.acme.token(s.acme.claims("alice", ["roles": .array([.string("eng")])]))),
            // globex's own issuer, but the token was minted for acme's resource URL.
            (
                "user_token_wrong_audience",
                try await s.globex.token(s.globex.claims("alice", ["roles": .array([.string("ops")]), "aud": .string(Self.resource("acme"))]))
            )
        ]
        for (code, token) in bad {
            let reply = try await Self.listTools(s, tenant: "globex", authorization: "Bearer \(token)")
            #expect(reply.status == 401 && reply.errorCode == code, "\(code): \(reply.text)")
            #expect(reply.header("WWW-Authenticate")?.contains(#"error="invalid_token""#) == true)
        }
        // An API key is not an access token for this resource.
        let key = try await Self.listTools(s, tenant: "acme", authorization: "Bearer \(s.f.alice)")
        #expect(key.status == 401 && key.errorCode == "user_token_invalid")
        // Another tenant's name in the path never reaches that tenant's data with acme's token.
        let crossed = try await Self.listTools(s, tenant: "ghost", authorization: "Bearer \(bad[2].1)")
        #expect(crossed.status == 401 && crossed.errorCode == "user_token_wrong_issuer")
    }

    @Test func aTokenForAnotherAudienceOfTheSameTenantIsNotAnAccessTokenHere() async throws {
        let s = try await Self.setUp()
        defer { Task { try? await s.f.server.stop() } }
        // acme also trusts its issuer for delegated search under another audience.
        var delegated = s.acme.provider()
        delegated.audience = "assistant-delegation"
        try s.f.server.vault.setIdentityProviders([s.acme.provider(), delegated], tenant: "acme")
        let token = try await s.acme.token(s.acme.claims("erin", ["roles": .array([.string("hr")]), "aud": .string("assistant-delegation")]))
        let reply = try await Self.listTools(s, tenant: "acme", authorization: "Bearer \(token)")
        #expect(reply.status == 401 && reply.errorCode == "user_token_wrong_audience", "RFC 8707: bound to this resource only: \(reply.text)")
        let search = try await s.f.server.send(.POST, "/t/acme/v1/search", authorization: "Bearer \(token)", body: Data(#"{"query":"salary"}"#.utf8))
        #expect(search.status == 401 && APIFixture.results(search).isEmpty)
    }

    @Test func anAccessTokenSearchesAsItsUserAndKeysStillWork() async throws {
        let s = try await Self.setUp()
        defer { Task { try? await s.f.server.stop() } }
        let hr = try await s.acme.token(s.acme.claims("erin", ["roles": .array([.string("hr")]), "scope": .string("search")]), key: .ed)
        let client = try await Self.client(s, tenant: "acme", token: hr)
        let result = try await MCPToolTests.call(client, "search", ["query": "salary signing key"])
        let text = MCPToolTests.text(result)
        #expect(result.isError != true && text.contains("hr%2Fsalaries.md") && !text.contains("deploy.md"), "\(text.prefix(300))")
        let records = try s.f.server.vault.auditRecords(tenant: "acme").records
        #expect(records.contains { $0.action == "search" && $0.subject == "user:erin" && $0.tokenIssuer == s.acme.issuer && $0.interface == .mcp })
        // API keys beside it, at /mcp.
        let keyed = try await MCPToolTests.overHTTP(s.f, key: s.f.alice)
        let keyedText = MCPToolTests.text(try await MCPToolTests.call(keyed, "search", ["query": "rotate signing key"]))
        #expect(keyedText.contains("eng%2Fdeploy.md"))
        // The same token reads through /v1 under the tenant's resource: search, chunk, document.
        let search = try await s.f.server.send(
            .POST, "/t/acme/v1/search", authorization: "Bearer \(hr)", body: Data(#"{"query":"salary signing key"}"#.utf8))
        let found = APIFixture.results(search).compactMap { $0["document_id"] as? String }
        #expect(search.status == 200 && found == ["hr/salaries.md"], "\(search.text)")
        let chunkID = try #require(APIFixture.results(search).first?["chunk_id"] as? String)
        #expect(try await s.f.server.send(.GET, "/t/acme/v1/chunks/\(chunkID)", authorization: "Bearer \(hr)").status == 200)
        #expect(try await s.f.server.send(.GET, "/t/acme/v1/documents/hr%2Fsalaries.md", authorization: "Bearer \(hr)").status == 200)
        #expect(try await s.f.server.send(.GET, "/t/acme/v1/documents/eng%2Fdeploy.md", authorization: "Bearer \(hr)").status == 404)
        // Only reads: writes, policy and keys are not served to access tokens.
        #expect(try await s.f.server.send(.GET, "/t/acme/v1/policy", authorization: "Bearer \(hr)").status == 404)
        let write = try await s.f.server.send(
            .PUT, "/t/acme/v1/documents/x.md", authorization: "Bearer \(hr)", body: Data(#"{"text":"x","acl":{"allow":["role:hr"]}}"#.utf8))
        #expect(write.status == 404 || write.status == 405, "\(write.status)")
        // Without a token: the challenge, at /v1 too.
        let bare = try await s.f.server.send(.POST, "/t/acme/v1/search", body: Data(#"{"query":"salary"}"#.utf8))
        #expect(bare.status == 401 && bare.header("WWW-Authenticate")?.contains("resource_metadata=") == true)
    }

    @Test func withoutAPublicURLThereIsNoOAuthResource() async throws {
        let f = try await APIFixture.make()
        defer { Task { try? await f.server.stop() } }
        #expect(try await f.server.send(.GET, "/.well-known/oauth-protected-resource/t/acme/mcp").status == 404)
        #expect(try await f.server.send(.POST, "/t/acme/mcp", body: Data("{}".utf8)).status == 404)
    }
}
