import ArgumentParser
import Foundation
import Logging
import RAGVault
import RAGVaultHTTP

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the retrieval API over HTTP (the main job).",
        discussion: """
            Binds 127.0.0.1 unless --host says otherwise. Every request carries an API key \
            ('Authorization: Bearer rvk_…', see 'ragvault apikey'); the key alone decides the tenant \
            and the principal. --demo builds a demo data directory from fixtures/ (two tenants, keys \
            printed once, example curl lines) and serves it. Logs are JSON lines on stderr. \
            SIGINT/SIGTERM: in-flight requests finish, then the stores close.
            """)
    @OptionGroup var options: DataOptions
    @OptionGroup var audit: AuditOptions
    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port to bind (0: any free port).") var port = 8480
    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain (with --tls-key: serve HTTPS).") var tlsCert: String?
    @Option(name: .customLong("tls-key"), help: "PEM private key.") var tlsKey: String?
    @Option(name: .customLong("rate-limit"), help: "Requests per second per key (token bucket, bursts of twice that).")
    var rateLimit = 200.0
    @Option(name: .customLong("refusal-rate"), help: "Refused authentications per second per client address (bursts of 30 times that) before '429'.")
    var refusalRate = 2.0
    @Option(name: .customLong("max-concurrent"), help: "Requests in flight before '503 overloaded'.") var maxConcurrent = 256
    @Option(name: .customLong("timeout"), help: "Seconds before a read answers '503 timeout'.") var timeout = 10.0
    @Option(
        name: .customLong("public-url"),
        help: "This server's public base URL: serves each tenant's MCP tools as an OAuth 2.1 resource at URL/t/TENANT/mcp.")
    var publicURL: String?
    @Flag(help: "Build a demo data directory from fixtures/ (default ./ragvault-demo) and serve it.") var demo = false
    @Option(help: "With --demo: the fixture tenants' folder.") var fixtures = "fixtures/tenants"

    func run() async throws {
        let demoDefault = demo && options.data == nil && ProcessInfo.processInfo.environment["RAGVAULT_DATA"] == nil
        let directory = demoDefault ? FileManager.default.currentDirectoryPath + "/ragvault-demo" : options.directory
        let vault = try CLI.run { try demo ? DemoVault.prepare(at: directory, fixtures: fixtures) : Vault.open(at: directory) }
        vault.auditDurability = audit.durability
        vault.defaultAuditInterface = .http
        var configuration = APIServer.Configuration()
        configuration.host = host
        configuration.port = port
        configuration.tlsCertificatePath = tlsCert
        configuration.tlsKeyPath = tlsKey
        configuration.rateLimitPerSecond = rateLimit
        configuration.rateLimitBurst = rateLimit * 2
        configuration.refusalRatePerSecond = refusalRate
        configuration.refusalBurst = refusalRate * 30
        configuration.maxConcurrentRequests = maxConcurrent
        configuration.requestTimeout = timeout
        if let publicURL {
            try CLI.run {
                guard let url = URL(string: publicURL), let scheme = url.scheme, ["https", "http"].contains(scheme), url.host != nil, url.query == nil
                else {
                    throw RAGVaultError(.invalidInput, "--public-url must be an absolute http(s) URL without a query, e.g. https://rag.example.com")
                }
            }
            configuration.publicURL = publicURL
        }
        let keys = demo ? try CLI.run { try DemoVault.keys(vault, directory: directory) } : []
        let scheme = tlsCert == nil ? "http" : "https"
        let server = APIServer(vault: vault, configuration: configuration)
        do {
            try await server.run { bound in
                if demo { DemoVault.printWelcome(keys: keys, base: "\(scheme)://\(host):\(bound)", directory: directory) }
                FileHandle.standardError.write(Data("serving \(directory) on \(scheme)://\(host):\(bound)\n".utf8))
            }
        } catch let error as RAGVaultError {
            _ = try CLI.run { throw error }
        }
    }
}
