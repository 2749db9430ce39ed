import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import RAGVault
import ServiceLifecycle

/// The retrieval API over HTTP: every route goes through the library's `Retriever`, `Vault`
/// and indexing pipeline — there is no second path to the data.
public struct APIServer: Sendable {
    public struct Configuration: Sendable {
        public var host = "127.0.0.1"
        /// 0 picks a free port (tests); the bound port is reported through `onRunning`.
        public var port = 8480
        public var tlsCertificatePath: String?
        public var tlsKeyPath: String?
        /// Per-key token bucket.
        public var rateLimitPerSecond = 200.0
        public var rateLimitBurst = 400.0
        /// Refused authentications per client address (a second, and the burst): past them the
        /// address is answered `429` before any key is looked up.
        public var refusalRatePerSecond = 2.0
        public var refusalBurst = 60.0
        /// Refusals are written to the operator log as one aggregate record per address, key
        /// id and route at most this many seconds after the first.
        public var refusalAuditSeconds = 10.0
        public var maxConcurrentRequests = 256
        /// Seconds before a read answers `503 timeout`.
        public var requestTimeout = 10.0
        /// The server's public base URL (`https://rag.example.com`). When set, each tenant is also
        /// an OAuth 2.1 protected resource `<publicURL>/t/{tenant}` — its MCP tools at `…/mcp`, its
        /// reads at `…/v1/…` — taking access tokens of the tenant's identity providers whose
        /// audience is that URL.
        public var publicURL: String?
        /// Threads for the library's blocking work (SQLite, libsodium).
        public var workerThreads = max(2, ProcessInfo.processInfo.activeProcessorCount)

        public init() {}
    }

    public let vault: Vault
    public let configuration: Configuration
    public let logger: Logger
    let metrics = APIMetrics()
    let work: BlockingWork
    let retriever: Retriever
    let refusals: RefusalGuard

    public init(vault: Vault, configuration: Configuration = Configuration(), logger: Logger? = nil) {
        self.vault = vault
        self.configuration = configuration
        self.logger = logger ?? Logger(label: "ragvault", factory: { JSONLogHandler(label: $0) })
        work = BlockingWork(threads: configuration.workerThreads)
        retriever = Retriever(vault: vault)
        let log = self.logger
        refusals = RefusalGuard(
            rate: configuration.refusalRatePerSecond, burst: configuration.refusalBurst,
            window: configuration.refusalAuditSeconds
        ) { [vault] records in
            for record in records {
                do { try vault.recordAudit(record, tenant: nil) } catch {
                    log.error("refusal aggregate not recorded", metadata: ["code": .string((error as? RAGVaultError)?.code.rawValue ?? "internal")])
                }
            }
        }
    }

    func router() -> Router<APIContext> {
        let router = Router(context: APIContext.self)
        let buckets = TokenBuckets(rate: configuration.rateLimitPerSecond, burst: configuration.rateLimitBurst)
        router.add(
            middleware: RequestLifecycle(
                metrics: metrics, limiter: ConcurrencyLimiter(limit: configuration.maxConcurrentRequests),
                logger: logger))
        SystemRoutes(vault: vault, work: work).add(to: router)
        MetricsRoute(vault: vault, metrics: metrics).add(
            to: router.group("metrics")
                .add(middleware: Authentication(vault: vault, work: work, refusals: refusals))
                .add(middleware: RateLimiting(buckets: buckets)))
        let v1 = router.group("v1")
            .add(middleware: Authentication(vault: vault, work: work, refusals: refusals))
            .add(middleware: AuditRecording(vault: vault, work: work, logger: logger))
            .add(middleware: RateLimiting(buckets: buckets))
            .add(middleware: DelegatedIdentity(vault: vault, work: work))
        SearchRoutes(retriever: retriever, work: work, metrics: metrics, timeout: configuration.requestTimeout).add(to: v1)
        DocumentRoutes(retriever: retriever, work: work, timeout: configuration.requestTimeout).add(to: v1)
        AdminRoutes(retriever: retriever, work: work).add(to: v1)
        AuditRoutes(retriever: retriever, work: work).add(to: v1)
        OperatorRoutes(vault: vault, work: work).add(to: v1)
        let mcp = router.group("mcp")
            .add(middleware: Authentication(vault: vault, work: work, refusals: refusals))
            .add(middleware: AuditRecording(vault: vault, work: work, logger: logger, recordSuccesses: false))
            .add(middleware: RateLimiting(buckets: buckets))
            .add(middleware: DelegatedIdentity(vault: vault, work: work))
        MCPRoute(retriever: retriever, work: work).add(to: mcp)
        if let publicURL = configuration.publicURL {
            ProtectedResourceRoutes(vault: vault, work: work, publicURL: publicURL).add(to: router)
            let tenantMCP = router.group("t/{tenant}/mcp")
                .add(middleware: OAuthBearer(vault: vault, work: work, publicURL: publicURL, refusals: refusals))
                .add(middleware: AuditRecording(vault: vault, work: work, logger: logger, recordSuccesses: false))
                .add(middleware: RateLimiting(buckets: buckets))
            MCPRoute(retriever: retriever, work: work).add(to: tenantMCP)
            // The reads of /v1 for the same access tokens: search, chunks, documents.
            let tenantV1 = router.group("t/{tenant}/v1")
                .add(middleware: OAuthBearer(vault: vault, work: work, publicURL: publicURL, refusals: refusals))
                .add(middleware: AuditRecording(vault: vault, work: work, logger: logger))
                .add(middleware: RateLimiting(buckets: buckets))
            SearchRoutes(retriever: retriever, work: work, metrics: metrics, timeout: configuration.requestTimeout).add(to: tenantV1)
            DocumentRoutes(retriever: retriever, work: work, timeout: configuration.requestTimeout).addReads(to: tenantV1)
        }
        return router
    }

    /// The Hummingbird application (plain HTTP/1.1, or TLS when a certificate is configured).
    public func application(onRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        throws -> some ApplicationProtocol
    {
        let server: HTTPServerBuilder
        if let cert = configuration.tlsCertificatePath, let key = configuration.tlsKeyPath {
            let chain = try NIOSSLCertificate.fromPEMFile(cert).map { NIOSSLCertificateSource.certificate($0) }
            let tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .file(key))
            server = try .tls(.http1(additionalChannelHandlers: [ParseErrorResponder()]), tlsConfiguration: tls)
        } else if configuration.tlsCertificatePath != nil || configuration.tlsKeyPath != nil {
            throw RAGVaultError(.invalidInput, "TLS needs both --tls-cert and --tls-key")
        } else {
            server = .http1(additionalChannelHandlers: [ParseErrorResponder()])
        }
        return Application(
            router: router(), server: server,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// Serves until SIGINT/SIGTERM or cancellation: in-flight requests finish, then the
    /// worker threads stop and the vault's stores close.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = try application(onRunning: onRunning)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            refusals.flush()
            try? await work.shutdown()
            vault.close()
            if let io = error as? IOError, io.errnoCode == EADDRINUSE {
                throw RAGVaultError(.addressInUse, "\(configuration.host):\(configuration.port) is already in use; stop the other server or pass --port")
            }
            throw error
        }
        refusals.flush()
        try? await work.shutdown()
        vault.close()
    }
}
