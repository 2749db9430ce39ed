import Hummingbird
import Logging
import RAGVault

/// Per-request state: the request id and, once authenticated, the verified credential — the
/// only source of a tenant and a principal.
public struct APIContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var requestID = ""
    public var credential: Credential?
    /// Set by the library operation that recorded this request in the audit trail.
    public let auditReceipt = AuditReceipt()

    /// How library calls made for this request record it.
    var audit: AuditContext {
        AuditContext(interface: .http, requestID: requestID, keyID: credential?.keyID, receipt: auditReceipt)
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

    /// The tenant principal of the key, or `forbidden` for an operator key.
    func principal() throws -> Principal {
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
        guard let credential, credential.isOperator, credential.scopes.contains("operator") else {
            throw APIError(.forbidden, "forbidden", "this route needs an operator key")
        }
    }
}
