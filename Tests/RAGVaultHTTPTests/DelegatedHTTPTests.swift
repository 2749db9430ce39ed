import Foundation
import MCP
import RAGVault
import RAGVaultTestSupport
import Testing

/// Delegated search over real HTTP, at `/mcp` and through `ragvault mcp`: the identity
/// providers are set by a tenant admin (`PUT /v1/idp`), the user token rides in
/// `X-RAGVault-User-Token`, and every refusal is a `401` with its code — never the key's own
/// principal.
@Suite struct DelegatedHTTPTests {
    struct Setup {
        let f: APIFixture
        let idp: TestIdentityProvider
        let delegatedKey: String
    }

    static func setUp() async throws -> Setup {
        let f = try await APIFixture.make()
        let idp = try await TestIdentityProvider.make(issuer: "https://login.acme.test/", audience: "https://ragvault.acme.test")
        let body: [String: Any] = [
            "providers": [
                [
                    "issuer": idp.issuer, "audience": idp.audience, "jwks": idp.jwks, "roles_claim": "roles", "groups_claim": "groups"
                ]
            ]
        ]
        let put = try await f.server.json(.PUT, "/v1/idp", key: f.acmeAdmin, body)
        #expect(put.status == 200, "\(put.text)")
        let key = try await f.server.json(.POST, "/v1/keys", key: f.acmeAdmin, ["scopes": ["search:delegated"], "roles": ["eng"]])
        #expect(key.status == 403, "an admin without search:delegated cannot mint one: \(key.text)")
        let delegated = try f.server.vault.createAPIKey(tenant: "acme", subject: "assistant", roles: ["eng", "hr"], scopes: [.searchDelegated]).key
        return Setup(f: f, idp: idp, delegatedKey: delegated)
    }

    static func search(_ s: Setup, token: String?, key: String? = nil) async throws -> LiveServer.Reply {
        try await s.f.server.send(
            .POST, "/v1/search", key: key ?? s.delegatedKey, body: Data(#"{"query":"rotate signing key salary"}"#.utf8),
            headers: token.map { ["X-RAGVault-User-Token": $0] } ?? [:])
    }

    static func documents(_ reply: LiveServer.Reply) -> Set<String> {
        Set(APIFixture.results(reply).compactMap { $0["document_id"] as? String })
    }

    @Test func tenantAdminsManageTheProvidersAndNobodyElse() async throws {
        let s = try await Self.setUp()
        defer { Task { try? await s.f.server.stop() } }
        let listed = try await s.f.server.send(.GET, "/v1/idp", key: s.f.acmeAdmin)
        #expect(listed.status == 200 && (listed.json["providers"] as? [[String: Any]])?.first?["issuer"] as? String == s.idp.issuer)
        for key in [s.f.alice, s.f.ingestOnly, s.delegatedKey] {
            #expect(try await s.f.server.send(.GET, "/v1/idp", key: key).status != 200)
        }
        #expect(try await s.f.server.send(.GET, "/v1/idp", key: s.f.operatorKey).status == 403)
        // Globex cannot claim acme's issuer + audience.
        let taken = try await s.f.server.json(
            .PUT, "/v1/idp", key: s.f.globexAdmin, ["providers": [["issuer": s.idp.issuer, "audience": s.idp.audience, "jwks": s.idp.jwks]]])
        #expect(taken.status == 409 && taken.errorCode == "idp_taken", "\(taken.text)")
        for bad in [
            #"{"providers":[{"issuer":"i","audience":"a"}]}"#, #"{"providers":[{"issuer":"i","audience":"a","jwks_url":"http://example.com/k"}]}"#,
            #"{"providers":[{"issuer":"i","audience":"a","jwks":"{}","extra":1}]}"#, #"{"providers":{}}"#, #"[]"#
        ] {
            let reply = try await s.f.server.send(.PUT, "/v1/idp", key: s.f.acmeAdmin, body: Data(bad.utf8))
            #expect(reply.status == 400, "\(bad): \(reply.text)")
        }
    }

    @Test func aDelegatedKeySearchesAsTheTokensUserOnly() async throws {
        let s = try await Self.setUp()
        defer { Task { try? await s.f.server.stop() } }
        let eng = try await s.idp.token(s.idp.claims("dana", ["roles": .array([.string("eng")])]))
        let hr = try await s.idp.token(s.idp.claims("erin", ["roles": .array([.string("hr")])]), key: .ed)
        let asEng = try await Self.search(s, token: eng)
        let asHR = try await Self.search(s, token: hr)
        #expect(asEng.status == 200 && asHR.status == 200)
        #expect(Self.documents(asEng) == ["eng/deploy.md"], "\(asEng.text)")
        #expect(Self.documents(asHR) == ["hr/salaries.md"], "\(asHR.text)")
        // The same as a plain key for the same user sees.
        let alice = try await s.f.search("rotate signing key salary", key: s.f.alice)
        #expect(Self.documents(alice) == Self.documents(asEng))
        // Refusals: each a 401 with its own code, none falling back to the key's roles (eng + hr).
        let now = Date().timeIntervalSince1970.rounded()
        let refusals: [(String?, String)] = [
            (nil, "user_token_missing"),
            ("garbage", "user_token_invalid"),
            (try await s.idp.token(s.idp.claims("dana", ["exp": .number(now - 3600)])), "user_token_expired"),
            (try await s.idp.token(s.idp.claims("dana", ["aud": .string("https://other.test")])), "user_token_wrong_audience"),
            (try s.idp.unsigned(s.idp.claims("dana")), "user_token_algorithm")
        ]
        for (token, code) in refusals {
            let reply = try await Self.search(s, token: token)
            #expect(reply.status == 401 && reply.errorCode == code, "\(code): \(reply.text)")
            #expect(Self.documents(reply).isEmpty)
        }
        // A user token sent with a plain key changes nothing: that key speaks for itself.
        #expect(Self.documents(try await Self.search(s, token: hr, key: s.f.alice)) == ["eng/deploy.md"])
        // The delegated user cannot administer, whatever its token says.
        let admin = try await s.idp.token(s.idp.claims("mallory", ["roles": .array([.string("eng")]), "scope": .string("admin")]))
        let policy = try await s.f.server.send(.GET, "/v1/policy", key: s.delegatedKey, headers: ["X-RAGVault-User-Token": admin])
        #expect(policy.status == 403)
        // Audit: the refused and the served requests are in the tenant's log with the token's identity.
        let records = try s.f.server.vault.auditRecords(tenant: "acme").records
        #expect(records.contains { $0.action == "search" && $0.subject == "user:erin" && $0.tokenIssuer == s.idp.issuer && $0.tokenSubject == "erin" })
        #expect(records.contains { $0.outcome == "denied" && $0.code == "user_token_expired" })
    }

    @Test func anotherTenantsIssuerIsRefused() async throws {
        let s = try await Self.setUp()
        defer { Task { try? await s.f.server.stop() } }
        // globex trusts its own provider; its user's valid token means nothing to acme's key.
        let globex = try await TestIdentityProvider.make(issuer: "https://login.globex.test/", audience: "https://ragvault.globex.test", keys: [.ed])
        let put = try await s.f.server.json(
            .PUT, "/v1/idp", key: s.f.globexAdmin,
            ["providers": [["issuer": globex.issuer, "audience": globex.audience, "jwks": globex.jwks, "roles_claim": "roles"]]])
        #expect(put.status == 200, "\(put.text)")
        let token = try await globex.token(globex.claims("dana", ["roles": .array([.string("hr"), .string("eng")])]), key: .ed)
        let reply = try await Self.search(s, token: token)
        #expect(reply.status == 401 && reply.errorCode == "user_token_wrong_issuer", "\(reply.text)")
        #expect(Self.documents(reply).isEmpty)
    }

    @Test func mcpOverHTTPSearchesAsTheTokensUser() async throws {
        let s = try await Self.setUp()
        defer { Task { try? await s.f.server.stop() } }
        let hr = try await s.idp.token(s.idp.claims("erin", ["roles": .array([.string("hr")])]), key: .ec)
        let transport = HTTPClientTransport(
            endpoint: URL(string: s.f.server.base + "/mcp")!, streaming: false,
            requestModifier: { request in
                var r = request
                r.setValue("Bearer \(s.delegatedKey)", forHTTPHeaderField: "Authorization")
                r.setValue(hr, forHTTPHeaderField: "X-RAGVault-User-Token")
                return r
            })
        let client = Client(name: "delegated-tests", version: "1")
        _ = try await client.connect(transport: transport)
        let result = try await MCPToolTests.call(client, "search", ["query": "salary signing key"])
        let text = MCPToolTests.text(result)
        #expect(result.isError != true && text.contains("hr%2Fsalaries.md") && !text.contains("deploy.md"), "\(text.prefix(400))")
        // Without the token the endpoint refuses before any tool runs.
        let bare = try await s.f.server.send(
            .POST, "/mcp", key: s.delegatedKey, body: Data(#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#.utf8),
            headers: ["Accept": "application/json, text/event-stream"])
        #expect(bare.status == 401 && bare.errorCode == "user_token_missing", "\(bare.text)")
    }

    @Test func ragvaultMCPTakesTheUserTokenFromItsEnvironment() async throws {
        let s = try await Self.setUp()
        defer { Task { try? await s.f.server.stop() } }
        let hr = try await s.idp.token(s.idp.claims("erin", ["roles": .array([.string("hr")])]))
        let lines =
            MCPStdioProcessTests.handshake + [
                #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"search","arguments":{"query":"salary signing key"}}}"#
            ]
        let env = ["RAGVAULT_API_KEY": s.delegatedKey, "RAGVAULT_USER_TOKEN": hr]
        let run = try CLIBinary.run(["mcp", "--data", s.f.server.dir.path], environment: env, stdin: lines.joined(separator: "\n") + "\n")
        #expect(run.status == 0, "\(run.stderr.suffix(400))")
        #expect(run.stdout.contains("hr/salaries.md") && !run.stdout.contains("eng/deploy.md"), "\(run.stdout.suffix(600))")
        // No token, or a bad one: refuses to start, saying why.
        let missing = try CLIBinary.run(["mcp", "--data", s.f.server.dir.path], environment: ["RAGVAULT_API_KEY": s.delegatedKey], stdin: "")
        #expect(missing.status != 0 && missing.stderr.contains("user_token_missing") && missing.stdout.isEmpty, "\(missing.stderr)")
        let forged = try CLIBinary.run(
            ["mcp", "--data", s.f.server.dir.path], environment: ["RAGVAULT_API_KEY": s.delegatedKey, "RAGVAULT_USER_TOKEN": "x.y.z"], stdin: "")
        #expect(forged.status != 0 && forged.stderr.contains("user_token_invalid"), "\(forged.stderr)")
    }

    @Test func aProviderWhoseKeysCannotBeHadIs503NeverAFallback() async throws {
        let s = try await Self.setUp()
        defer { Task { try? await s.f.server.stop() } }
        let jwks = try JWKSServer(jwks: s.idp.jwks)
        let put = try await s.f.server.json(
            .PUT, "/v1/idp", key: s.f.acmeAdmin,
            ["providers": [["issuer": s.idp.issuer, "audience": s.idp.audience, "jwks_url": jwks.url, "roles_claim": "roles"]]])
        #expect(put.status == 200, "\(put.text)")
        jwks.stop()
        let token = try await s.idp.token(s.idp.claims("dana", ["roles": .array([.string("eng")])]))
        let reply = try await Self.search(s, token: token)
        #expect(reply.status == 503 && reply.errorCode == "idp_unavailable" && reply.header("Retry-After") != nil, "\(reply.text)")
        #expect(Self.documents(reply).isEmpty)
    }
}
