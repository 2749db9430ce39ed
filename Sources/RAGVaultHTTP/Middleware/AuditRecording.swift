import Foundation
import Hummingbird
import Logging
import RAGVault

/// Records, after authentication, every request that no library operation recorded itself:
/// refusals before the operation (bad bodies, rate limits, missing scopes), and routes that
/// only read listings (keys, tenants, policy). One record per request; the answer waits for it
/// (strict durability), and a record that cannot be written turns the answer into
/// `503 audit_unavailable`.
struct AuditRecording: RouterMiddleware {
    typealias Context = APIContext
    let vault: Vault
    let work: BlockingWork
    let logger: Logger
    /// Successful requests on this route prefix are recorded by the tools they call (MCP).
    var recordSuccesses = true

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        let started = DispatchTime.now().uptimeNanoseconds
        let outcome: Result<Response, Error>
        do { outcome = .success(try await next(request, context)) } catch { outcome = .failure(error) }
        let status: Int
        var code: String?
        switch outcome {
        case .success(let response): status = Int(response.status.code)
        case .failure(let error):
            let apiError = RequestLifecycle.apiError(error, logger: logger, requestID: context.requestID)
            (status, code) = (Int(apiError.status.code), apiError.code)
        }
        if context.auditReceipt.isWritten || (!recordSuccesses && status < 400) { return try outcome.get() }
        var record = context.audit.recordForRequest(action: "request")
        record.subject = (context.delegated ?? context.credential?.principal)?.subject
        record.route = "\(request.method.rawValue) \(context.endpointPath ?? "unmatched")"
        record.outcome = status < 400 ? "ok" : ([401, 403, 404, 429].contains(status) ? "denied" : "error")
        record.code = code
        record.latencyMs = (Double(DispatchTime.now().uptimeNanoseconds - started) / 1e3).rounded() / 1e3
        let tenant = (context.delegated ?? context.credential?.principal)?.tenant
        let vault = self.vault
        let finished = record
        try await work.run { try vault.recordAudit(finished, tenant: tenant) }
        return try outcome.get()
    }
}
