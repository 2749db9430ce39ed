import Hummingbird
import Logging
import RAGVault

/// Per-request state: the request id and, once authenticated, the verified credential — the
/// only source of a tenant and a principal.
public struct APIContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var requestID = ""
    public var credential: Credential?
    /// The end user a `search:delegated` key acts for, once `DelegatedIdentity` verified the token.
    public var delegated: Principal?
    /// For a `search:delegated` key: its tenant's identity providers, read with the key.
    var identityProviders: [IdentityProvider]?
    /// Set by the library operation that recorded this request in the audit trail.
    public let auditReceipt = AuditReceipt()

    /// How library calls made for this request record it.
    var audit: AuditContext {
        var context = AuditContext(interface: .http, requestID: requestID, keyID: credential?.keyID, receipt: auditReceipt)
        context.delegation = delegated?.delegation
        return context
    }

    /// The peer's IP address (refusal budgets are kept per address).
    public let clientAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Bodies are read explicitly with per-route limits (`JSONBody`); this is the ceiling for
    /// anything else.
    public var maxUploadSize: Int { 64 << 10 }

    /// The principal the request acts as: the end user of a delegated key, else the key's
    /// own tenant principal, or `forbidden` for an operator key.
    func principal() throws -> Principal {
        if let delegated { return delegated }
        guard let principal = credential?.principal else {
            throw APIError(.forbidden, "forbidden", "operator keys manage tenants; they cannot read or write a tenant's data")
        }
        return principal
    }

    /// What the key's principal may do in its tenant (`forbidden` for an operator key).
    func access(_ retriever: Retriever) throws -> TenantAccess {
        retriever.access(as: try principal(), audit: audit)
    }

    /// Passes only operator keys.
    func requireOperator() throws {
        guard let credential, credential.isOperator, credential.scopes.contains(.operator) else {
            throw APIError(.forbidden, "forbidden", "this route needs an operator key")
        }
    }
}
