import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import RAGVault

/// A probe target over a running server's HTTP API, with nothing but an operator key: each
/// probe tenant is made with its first admin key (`POST /v1/tenants` with `admin_key`), trusts
/// an identity provider the probe makes for this run (an ES256 key of its own, given inline as
/// a JWKS), and every identity reads through a `search:delegated` key and a user token the probe
/// signs — the path an assistant searching as each of its users takes. Requests are made one at
/// a time; the probe's `rate` bounds them.
public final class HTTPTarget: ProbeTarget, @unchecked Sendable {
    /// How reads reach the server: the REST routes, or the MCP tools (`search`, `fetch`) at
    /// `/mcp`. Tenants and documents are made over REST either way.
    public enum Reads: String, Sendable, CaseIterable { case http, mcp }

    public var interface: String { reads.rawValue }
    public let reads: Reads
    let url: String
    let operatorKey: String
    private let client: HTTPClient
    private let issuer: String
    private let signingKey = P256.Signing.PrivateKey()
    private let jwks: String
    /// Per probe tenant: its admin key and its delegated key (guarded by `lock`).
    private var keys: [String: (admin: String, delegated: String)] = [:]
    private let lock = NSLock()

    /// Every role and group the probe's identities hold: the admin key holds them all, so the
    /// keys it makes may too.
    static let roles = ["r0", "r1", "r2", "r3", "r9"], groups = ["g1"]

    /// Everything here is synchronous (NIO futures, swift-crypto): a caller on Swift's
    /// cooperative pool blocks one of its threads, never waits for another.
    public init(url: String, operatorKey: String, reads: Reads = .http) throws {
        self.reads = reads
        self.url = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.operatorKey = operatorKey
        client = HTTPClient(eventLoopGroupProvider: .singleton)
        issuer = "urn:ragvault:probe:" + UUID().uuidString.lowercased()
        // The public key as a JWK (RFC 7518 §6.2): x and y, 32 bytes each, base64url.
        let point = signingKey.publicKey.rawRepresentation
        let jwk: [String: String] = [
            "kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig", "kid": "probe-1",
            "x": Self.base64url(point.prefix(32)), "y": Self.base64url(point.suffix(32))
        ]
        jwks = String(decoding: try JSONSerialization.data(withJSONObject: ["keys": [jwk]], options: [.sortedKeys]), as: UTF8.self)
    }

    deinit { try? client.syncShutdown() }

    // MARK: - tenants

    public func createTenant(_ name: String) throws {
        let created = try call(
            "POST", "/v1/tenants", key: operatorKey,
            json: ["name": name, "admin_key": ["roles": Self.roles, "groups": Self.groups], "delegated_key": true], expect: 201)
        guard let admin = ((created["admin_key"] as? [String: Any])?["key"] as? String),
            let key = ((created["delegated_key"] as? [String: Any])?["key"] as? String)
        else {
            throw RAGVaultError(.internalError, "the server made tenant \(name) without its first keys: is it older than the probe?")
        }
        let provider: [String: Any] = [
            "issuer": issuer, "audience": Self.audience(name), "jwks": jwks, "roles_claim": "roles", "groups_claim": "groups"
        ]
        _ = try call("PUT", "/v1/idp", key: admin, json: ["providers": [provider]], expect: 200)
        lock.withLock { keys[name] = (admin, key) }
    }

    public func deleteTenant(_ name: String) throws {
        _ = try call("DELETE", "/v1/tenants/\(Self.escape(name))", key: operatorKey, json: nil, expect: 200)
        _ = lock.withLock { keys.removeValue(forKey: name) }
    }

    public func tenantNames() throws -> [String] {
        let list = try call("GET", "/v1/tenants", key: operatorKey, json: nil, expect: 200)
        return (list["tenants"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    }

    // MARK: - documents (the tenant's admin key)

    private func admin(_ tenant: String) throws -> String {
        guard let key = lock.withLock({ keys[tenant]?.admin }) else { throw RAGVaultError(.internalError, "no admin key for \(tenant)") }
        return key
    }

    public var sendsVectors: Bool { reads == .http }

    public func setVectors(_ config: VectorConfig, tenant: String) throws {
        let body = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(config))
        _ = try call("PUT", "/v1/vectors", key: try admin(tenant), json: body as? [String: Any], expect: 200)
    }

    public func put(_ document: ProbeDocument, tenant: String) throws {
        var body: [String: Any] = ["title": document.title, "text": document.text, "acl": ["allow": document.acl.allow, "deny": document.acl.deny]]
        if let embedding = document.embedding { body["embedding"] = embedding.map(Double.init) }
        _ = try call("PUT", "/v1/documents/\(Self.escape(document.id))", key: try admin(tenant), json: body, expect: nil)
    }

    public func setACL(_ documentID: String, to acl: AccessList, tenant: String) throws {
        _ = try call(
            "PATCH", "/v1/documents/\(Self.escape(documentID))/acl", key: try admin(tenant), json: ["allow": acl.allow, "deny": acl.deny],
            expect: 200)
    }

    public func delete(_ documentID: String, tenant: String) throws {
        _ = try call("DELETE", "/v1/documents/\(Self.escape(documentID))", key: try admin(tenant), json: nil, expect: 200)
    }

    // MARK: - reads (a delegated key and the identity's user token)

    public func search(_ request: SearchRequest, as identity: ProbeIdentity) throws -> ProbeAnswer {
        if reads == .mcp {
            // The tool takes no match mode: a probe of another mode asks in the natural one.
            var arguments: [String: Any] = ["query": request.query, "top_k": request.topK]
            if let ids = request.documentIDs { arguments["document_ids"] = ids }
            return try tool("search", arguments, as: identity) { output in
                // The tool returns snippets, not passages: the snippet is all the text a caller gets.
                (output["results"] as? [[String: Any]] ?? []).map {
                    ProbePassage(
                        documentID: $0["document_id"] as? String ?? "", chunkID: $0["id"] as? String ?? "", score: 0,
                        text: $0["snippet"] as? String ?? "", snippet: $0["snippet"] as? String ?? "")
                }
            }
        }
        var body: [String: Any] = ["query": request.query, "top_k": request.topK, "match": request.match.rawValue]
        if let mode = request.mode, mode != .text { body["match"] = mode.rawValue }
        if let vector = request.vector { body["vector"] = vector.map(Double.init) }
        if let ids = request.documentIDs { body["document_ids"] = ids }
        return try read("POST", "/v1/search", body, as: identity) { json in
            (json["results"] as? [[String: Any]] ?? []).map {
                ProbePassage(
                    documentID: $0["document_id"] as? String ?? "", chunkID: $0["chunk_id"] as? String ?? "",
                    score: ($0["score"] as? NSNumber)?.doubleValue ?? 0, text: $0["text"] as? String ?? "", snippet: $0["snippet"] as? String ?? "")
            }
        }
    }

    public func chunk(_ chunkID: String, as identity: ProbeIdentity) throws -> ProbeAnswer {
        if reads == .mcp { return try fetch(chunkID, as: identity) }
        return try read("GET", "/v1/chunks/\(Self.escape(chunkID))", nil, as: identity) { json in
            [
                ProbePassage(
                    documentID: json["document_id"] as? String ?? "", chunkID: json["chunk_id"] as? String ?? "", score: 0,
                    text: json["text"] as? String ?? "", snippet: "")
            ]
        }
    }

    public func document(_ documentID: String, as identity: ProbeIdentity) throws -> ProbeAnswer {
        // MCP has no document read: `fetch` of a document id must answer as for any unknown id.
        if reads == .mcp { return try fetch(documentID, as: identity) }
        return try read("GET", "/v1/documents/\(Self.escape(documentID))", nil, as: identity) { json in
            [ProbePassage(documentID: json["id"] as? String ?? "", chunkID: "", score: 0, text: json["title"] as? String ?? "", snippet: "")]
        }
    }

    private func read(
        _ method: String, _ path: String, _ body: [String: Any]?, as identity: ProbeIdentity, _ passages: ([String: Any]) -> [ProbePassage]
    ) throws -> ProbeAnswer {
        guard let key = lock.withLock({ keys[identity.tenant]?.delegated }) else {
            throw RAGVaultError(.internalError, "no delegated key for \(identity.tenant)")
        }
        let (status, json) = try send(method, path, key: key, json: body, userToken: try token(for: identity))
        guard status == 200 else {
            // The answer as a caller sees it: status, code and message (never the request id).
            let error = json["error"] as? [String: Any]
            let code = error?["code"] as? String ?? "http_\(status)"
            return ProbeAnswer(status: code, shape: "\(status) \(code): \(error?["message"] as? String ?? "")")
        }
        return ProbeAnswer(status: "ok", passages: passages(json), shape: "ok")
    }

    private func fetch(_ id: String, as identity: ProbeIdentity) throws -> ProbeAnswer {
        try tool("fetch", ["id": id], as: identity) { output in
            let metadata = output["metadata"] as? [String: Any]
            return [
                ProbePassage(
                    documentID: metadata?["document_id"] as? String ?? "", chunkID: output["id"] as? String ?? "", score: 0,
                    text: output["text"] as? String ?? "", snippet: "")
            ]
        }
    }

    /// A `tools/call` at `/mcp` (stateless Streamable HTTP: one JSON-RPC request per POST).
    private func tool(
        _ name: String, _ arguments: [String: Any], as identity: ProbeIdentity, _ passages: ([String: Any]) -> [ProbePassage]
    ) throws -> ProbeAnswer {
        guard let key = lock.withLock({ keys[identity.tenant]?.delegated }) else {
            throw RAGVaultError(.internalError, "no delegated key for \(identity.tenant)")
        }
        let message: [String: Any] = [
            "jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": ["name": name, "arguments": arguments]
        ]
        let (status, json) = try send("POST", "/mcp", key: key, json: message, userToken: try token(for: identity), mcp: true)
        guard status == 200, let result = json["result"] as? [String: Any] else {
            let error = (json["error"] as? [String: Any]) ?? [:]
            let code = error["code"].map { "\($0)" } ?? "http_\(status)"
            return ProbeAnswer(status: code, shape: "\(status) \(code): \(error["message"] as? String ?? "")")
        }
        let output = result["structuredContent"] as? [String: Any] ?? [:]
        if result["isError"] as? Bool == true {
            let error = output["error"] as? [String: Any]
            let code = error?["code"] as? String ?? "tool_error"
            return ProbeAnswer(status: code, shape: "\(code): \(error?["message"] as? String ?? "")")
        }
        return ProbeAnswer(status: "ok", passages: passages(output), shape: "ok")
    }

    /// A user token for `identity`, signed by the probe's own provider (ES256, RFC 7515),
    /// valid for five minutes.
    private func token(for identity: ProbeIdentity) throws -> String {
        let now = Int(Date().timeIntervalSince1970)
        var claims: [String: Any] = [
            "iss": issuer, "aud": Self.audience(identity.tenant), "iat": now, "exp": now + 300, "jti": UUID().uuidString,
            "roles": identity.roles, "groups": identity.groups
        ]
        if let user = identity.user { claims["sub"] = user }
        let header = Self.base64url(try JSONSerialization.data(withJSONObject: ["alg": "ES256", "typ": "JWT", "kid": "probe-1"], options: [.sortedKeys]))
        let payload = Self.base64url(try JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys]))
        let signature = try signingKey.signature(for: Data((header + "." + payload).utf8))
        return header + "." + payload + "." + Self.base64url(signature.rawRepresentation)
    }

    static func base64url<D: DataProtocol>(_ data: D) -> String {
        Data(data).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    // MARK: - transport

    /// A request whose status must be `expect` (any 2xx when nil); the decoded JSON object.
    private func call(_ method: String, _ path: String, key: String, json: [String: Any]?, expect: Int?) throws -> [String: Any] {
        let (status, body) = try send(method, path, key: key, json: json, userToken: nil)
        guard expect.map({ $0 == status }) ?? (200..<300).contains(status) else {
            let error = body["error"] as? [String: Any]
            throw RAGVaultError(
                status == 401 ? .unauthenticated : status == 403 ? .forbidden : .invalidInput,
                "\(method) \(path) answered \(status) \(error?["code"] as? String ?? ""): \(error?["message"] as? String ?? "") (is the key an operator key, and the server this version?)"
            )
        }
        return body
    }

    private func send(_ method: String, _ path: String, key: String, json: [String: Any]?, userToken: String?, mcp: Bool = false) throws -> (
        Int, [String: Any]
    ) {
        var headers = HTTPHeaders([("Authorization", "Bearer \(key)")])
        if mcp { headers.add(contentsOf: [("Accept", "application/json"), ("MCP-Protocol-Version", "2025-06-18")]) }
        if let userToken { headers.add(name: "X-RAGVault-User-Token", value: userToken) }
        var body: HTTPClient.Body?
        if let json {
            headers.add(name: "Content-Type", value: "application/json")
            body = .data(try JSONSerialization.data(withJSONObject: json))
        }
        let request = try HTTPClient.Request(url: url + path, method: HTTPMethod(rawValue: method), headers: headers, body: body)
        var response: HTTPClient.Response
        var attempt = 0
        while true {
            do {
                response = try client.execute(request: request, deadline: .now() + .seconds(30)).wait()
            } catch {
                throw RAGVaultError(.invalidInput, "cannot reach \(url) (\(method) \(path)): \(error) — is the server running at that URL?")
            }
            // The server's own rate limit (or a busy moment) is not an answer to compare: wait as
            // it says and ask again, so that a fast probe never reports a 429 as a difference.
            guard response.status.code == 429 || response.status.code == 503, attempt < 8 else { break }
            attempt += 1
            let wait = response.headers.first(name: "Retry-After").flatMap(Double.init) ?? 1
            Thread.sleep(forTimeInterval: min(max(wait, 0.05), 30))
        }
        let data = response.body.map { Data($0.readableBytesView) } ?? Data()
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return (Int(response.status.code), object)
    }

    /// One issuer for the run, one audience per tenant (a server lets one issuer and audience
    /// belong to one tenant).
    static func audience(_ tenant: String) -> String { "urn:ragvault:probe:" + tenant }

    static func escape(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? segment
    }
}
