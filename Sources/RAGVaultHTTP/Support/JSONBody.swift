import Foundation
import Hummingbird
import NIOCore
import RAGVault

/// Reads and decodes request bodies: size limit, media type, UTF-8, duplicate keys, then
/// strict decoding — each failure a `400` (or `413`) with its own code.
enum JSONBody {
    static func read(_ request: Request, limit: Int, mediaTypes: Set<String> = ["application/json"]) async throws -> Data {
        let type = HeaderValue.mediaType(request.headers[.contentType])
        guard let type, mediaTypes.contains(type) else {
            throw APIError.invalid("unsupported_media_type", "Content-Type must be \(mediaTypes.sorted().joined(separator: " or "))")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, "payload_too_large", "the body is over the limit of \(limit) bytes")
        }
        let bytes = Data(buffer: buffer)
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw APIError.invalid("invalid_utf8", "the body is not valid UTF-8")
        }
        return bytes
    }

    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int = 256 << 10) async throws -> T {
        try decode(type, data: try await read(request, limit: limit))
    }

    static func decode<T: Decodable>(_ type: T.Type, data: Data) throws -> T {
        if let problem = JSONCheck.problem(in: data) { throw APIError.invalid(problem.code, problem.message) }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as RAGVaultError {
            throw APIError(error)
        } catch let error as DecodingError {
            throw describe(error)
        }
    }

    /// A decoding failure as a precise code and the JSON path of the problem.
    static func describe(_ error: DecodingError) -> APIError {
        func path(_ c: DecodingError.Context) -> String {
            let p = c.codingPath.map(\.stringValue).joined(separator: ".")
            return p.isEmpty ? "" : "\(p): "
        }
        switch error {
        case .keyNotFound(let key, let c):
            return .invalid("missing_field", "\(path(c))'\(key.stringValue)' is required")
        case .typeMismatch(_, let c), .valueNotFound(_, let c):
            return .invalid("invalid_field", "\(path(c))\(c.debugDescription)")
        case .dataCorrupted(let c) where c.debugDescription.hasPrefix("unknown key"):
            return .invalid("unknown_field", "\(path(c))\(c.debugDescription)")
        case .dataCorrupted(let c) where !c.codingPath.isEmpty:
            return .invalid("invalid_field", "\(path(c))\(c.debugDescription)")
        default:
            return .invalid("invalid_json", "the body is not valid JSON")
        }
    }

    /// A JSON response with snake_case keys as the types declare them.
    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
