import Foundation
import Hummingbird
import RAGVault

/// An error as the API answers it: a status, a stable code and a message that names the
/// thing and the next step — never query text, passage text or key material.
public struct APIError: Error, Sendable {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String
    /// Seconds, for `429` and `503` answers.
    public var retryAfter: Int?
    /// The challenge of a `401` (default `Bearer`; OAuth routes name their resource metadata).
    public var wwwAuthenticate: String?

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    /// The library's stable codes, with the HTTP status each one means.
    public init(_ error: RAGVaultError) {
        let status: HTTPResponse.Status
        var retry: Int?
        switch error.code {
        case .unauthenticated, .userTokenMissing, .userTokenInvalid, .userTokenExpired, .userTokenNotYetValid, .userTokenIssuer,
            .userTokenAudience, .userTokenUnknownKey, .userTokenAlgorithm, .userTokenNoPrincipal, .userTokenClaims:
            status = .unauthorized
        case .idpUnavailable, .embedderUnavailable: (status, retry) = (.serviceUnavailable, 5)
        case .forbidden, .emptyScope: status = .forbidden
        case .notFound, .tenantNotFound: status = .notFound
        case .tenantExists, .syncRefused, .alreadyInitialised, .idpTaken, .vectorsNotConfigured, .vectorsStale: status = .conflict
        case .invalidInput, .invalidID, .queryInvalid, .tenantNameInvalid: status = .badRequest
        case .busy, .storeRetired: (status, retry) = (.serviceUnavailable, 1)
        case .storeTampered, .storeMissing, .storeNotVault, .storeIO, .storeConfiguration, .keyUnwrapFailed,
            .wrongMasterKey, .masterKeyMissing, .masterKeyInvalid, .insecurePermissions, .dataDirectoryInvalid,
            .auditUnavailable, .auditDamaged, .auditTruncated:
            // The data needs an operator; the request itself was fine.
            status = .serviceUnavailable
        case .internalError, .addressInUse: status = .internalServerError
        }
        self.init(status, error.code.rawValue, error.message, retryAfter: retry)
    }

    /// The JSON body `{"error": {"code", "message", "request_id"}}`.
    func response(requestID: String) -> Response {
        struct Body: Encodable {
            struct Inner: Encodable { let code: String; let message: String; let request_id: String }
            let error: Inner
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Body(error: .init(code: code, message: message, request_id: requestID)))) ?? Data()
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        if status == .unauthorized { headers[.wwwAuthenticate] = wwwAuthenticate ?? "Bearer" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func invalid(_ code: String, _ message: String) -> APIError { APIError(.badRequest, code, message) }
}
