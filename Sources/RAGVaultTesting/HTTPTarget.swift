import AsyncHTTPClient
import Foundation
import JWTKit
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
    public var interface: String { "http" }
    let url: String
    let operatorKey: String
    private let client: HTTPClient
    private let issuer: String
    private let signer = JWTKeyCollection()
    private let jwks: String
    /// Per probe tenant: its admin key and its delegated key (guarded by `lock`).
    private var keys: [String: (admin: String, delegated: String)] = [:]
    private let lock = NSLock()

    /// Every role and group the probe's identities hold: the admin key holds them all, so the
    /// keys it makes may too.
    static let roles = ["r0", "r1", "r2", "r3", "r9"], groups = ["g1"]

    public init(url: String, operatorKey: String) throws {
        self.url = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.operatorKey = operatorKey
        client = HTTPClient(eventLoopGroupProvider: .singleton)
        issuer = "urn:ragvault:probe:" + UUID().uuidString.lowercased()
        let key = ES256PrivateKey()
        guard let (x, y) = key.publicKey.parameters else { throw RAGVaultError(.internalError, "the probe's signing key has no public parameters") }
        let jwk = JWK.ecdsa(.es256, identifier: "probe-1", x: x, y: y, curve: .p256)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        jwks = String(decoding: try encoder.encode(JWKS(keys: [jwk])), as: UTF8.self)
        let signer = self.signer
        try Self.blocking { await signer.add(ecdsa: key, kid: "probe-1") }
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

    public func put(_ document: ProbeDocument, tenant: String) throws {
        let body: [String: Any] = ["title": document.title, "text": document.text, "acl": ["allow": document.acl.allow, "deny": document.acl.deny]]
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
        var body: [String: Any] = ["query": request.query, "top_k": request.topK, "match": request.match.rawValue]
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
        try read("GET", "/v1/chunks/\(Self.escape(chunkID))", nil, as: identity) { json in
            [
                ProbePassage(
                    documentID: json["document_id"] as? String ?? "", chunkID: json["chunk_id"] as? String ?? "", score: 0,
                    text: json["text"] as? String ?? "", snippet: "")
            ]
        }
    }

    public func document(_ documentID: String, as identity: ProbeIdentity) throws -> ProbeAnswer {
        try read("GET", "/v1/documents/\(Self.escape(documentID))", nil, as: identity) { json in
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

    /// A user token for `identity`, signed by the probe's own provider, valid for five minutes.
    private func token(for identity: ProbeIdentity) throws -> String {
        let now = Date().timeIntervalSince1970.rounded()
        var claims: [String: JSONValue] = [
            "iss": .string(issuer), "aud": .string(Self.audience(identity.tenant)), "iat": .number(now), "exp": .number(now + 300),
            "jti": .string(UUID().uuidString), "roles": .array(identity.roles.map { .string($0) }),
            "groups": .array(identity.groups.map { .string($0) })
        ]
        if let user = identity.user { claims["sub"] = .string(user) }
        let payload = ProbeClaims(claims: claims)
        let signer = self.signer
        return try Self.blocking { try await signer.sign(payload, kid: "probe-1") }
    }

    // MARK: - transport

    /// A request whose status must be `expect` (any 2xx when nil); the decoded JSON object.
    private func call(_ method: String, _ path: String, key: String, json: [String: Any]?, expect: Int?) throws -> [String: Any] {
        let (status, body) = try send(method, path, key: key, json: json, userToken: nil)
        guard expect.map({ $0 == status }) ?? (200..<300).contains(status) else {
            let error = body["error"] as? [String: Any]
            throw RAGVaultError(
                .invalidInput,
                "\(method) \(path) answered \(status) \(error?["code"] as? String ?? ""): \(error?["message"] as? String ?? "") (is the key an operator key, and the server this version?)"
            )
        }
        return body
    }

    private func send(_ method: String, _ path: String, key: String, json: [String: Any]?, userToken: String?) throws -> (Int, [String: Any]) {
        var request = HTTPClientRequest(url: url + path)
        request.method = HTTPMethod(rawValue: method)
        request.headers.add(name: "Authorization", value: "Bearer \(key)")
        if let userToken { request.headers.add(name: "X-RAGVault-User-Token", value: userToken) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
        }
        let client = self.client, prepared = request
        let (status, data) = try Self.blocking { () async throws -> (Int, Data) in
            let response = try await client.execute(prepared, timeout: .seconds(30))
            let body = try await response.body.collect(upTo: 16 << 20)
            return (Int(response.status.code), Data(body.readableBytesView))
        }
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return (status, object)
    }

    /// One issuer for the run, one audience per tenant (a server lets one issuer and audience
    /// belong to one tenant).
    static func audience(_ tenant: String) -> String { "urn:ragvault:probe:" + tenant }

    static func escape(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? segment
    }

    /// Runs async work to completion from the probe's synchronous calls (a CLI or a test thread,
    /// never an event loop).
    static func blocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let box = ResultBox<T>(), done = DispatchSemaphore(value: 0)
        Task {
            do { box.result = .success(try await work()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }
}

/// Where `HTTPTarget.blocking` leaves its result (written once, read after the semaphore).
private final class ResultBox<T>: @unchecked Sendable { var result: Result<T, Error>? }

/// The claims of a probe user token, as JSON values.
struct ProbeClaims: JWTPayload {
    let claims: [String: JSONValue]
    func verify(using algorithm: some JWTAlgorithm) throws {}
    func encode(to encoder: Encoder) throws { try claims.encode(to: encoder) }
    init(claims: [String: JSONValue]) { self.claims = claims }
    init(from decoder: Decoder) throws { claims = try [String: JSONValue](from: decoder) }
}
