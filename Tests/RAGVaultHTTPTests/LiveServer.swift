import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import RAGVault
import RAGVaultHTTP
import RAGVaultTestSupport

/// A real server on a loopback port over a fresh data directory with two tenants, and a real
/// HTTP client. Every log line the server writes is kept for canary scans.
final class LiveServer: @unchecked Sendable {
    let dir: TemporaryDirectory
    let vault: Vault
    let base: String
    let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: LiveServer.clientConfiguration)
    private let task: Task<Void, Error>

    /// The planted values every test can look for: none may reach a log or an unexempt reader.
    static let canarySecret = "ghp_Q7zW4kLm9Xc2Vb8Nn5Rt1Yp6Sd3Fg0Hj4Ka7"
    static let canarySSN = "536-22-8471"

    /// Enough connections that a test's burst reaches the server at once rather than queueing
    /// in the client, and a connect wait long enough for a loaded parallel run (the default
    /// 10 s failed an overload test with `getConnectionFromPoolTimeout` in CI).
    static let clientConfiguration = HTTPClient.Configuration(
        timeout: .init(connect: .seconds(90)),
        connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 32))

    init(configure: (inout APIServer.Configuration) -> Void = { _ in }) async throws {
        dir = try TemporaryDirectory("ragvault-http")
        vault = try Vault.initialize(at: dir.path, keySource: .generatedKeyFile)
        for tenant in ["acme", "globex"] { _ = try vault.createTenant(tenant) }
        var configuration = APIServer.Configuration()
        configuration.port = 0
        configure(&configuration)
        let collector = LogCollector()
        let logger = Logger(label: "ragvault-test", factory: { JSONLogHandler(label: $0, sink: collector.append) })
        self.collector = collector
        let server = APIServer(vault: vault, configuration: configuration, logger: logger)
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = try server.application(onRunning: { port in continuation.yield(port) })
        task = Task { try await app.runService() }
        var port = 0
        for await p in stream { port = p; break }
        base = "http://127.0.0.1:\(port)"
    }

    let collector: LogCollector

    /// Every log line written so far.
    var log: [String] { collector.lines }

    func stop() async throws {
        task.cancel()
        _ = await task.result
        try await client.shutdown()
    }

    /// A test that threw before `stop()` must fail as itself, not crash the whole test process
    /// in the client's "not shut down" check (seen once under a mutant run's load).
    deinit {
        task.cancel()
        try? client.syncShutdown()
    }

    struct Reply {
        let status: Int
        let headers: [(String, String)]
        let body: Data
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
        var text: String { String(decoding: body, as: UTF8.self) }
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    }

    func send(
        _ method: HTTPMethod, _ path: String, key: String? = nil, authorization: String? = nil, body: Data? = nil,
        contentType: String? = "application/json", headers: [String: String] = [:]
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let authorization = authorization ?? key.map({ "Bearer \($0)" }) { request.headers.add(name: "Authorization", value: authorization) }
        if let body {
            if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await client.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: Data(buffer: buffer))
    }

    func json(_ method: HTTPMethod, _ path: String, key: String?, _ object: Any) async throws -> Reply {
        try await send(method, path, key: key, body: try JSONSerialization.data(withJSONObject: object))
    }

    /// Puts a document through the API with an ingest key.
    @discardableResult
    func put(_ id: String, key: String, markdown: String, allow: [String], deny: [String] = [], title: String? = nil) async throws -> Reply {
        var body: [String: Any] = ["markdown": markdown, "acl": ["allow": allow, "deny": deny]]
        if let title { body["title"] = title }
        return try await json(.PUT, "/v1/documents/" + LiveServer.escape(id), key: key, body)
    }

    static func escape(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? id
    }
}

final class LogCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ line: String) { lock.withLock { stored.append(line) } }
    var lines: [String] { lock.withLock { stored } }
}
