import Foundation

/// An OpenAI-compatible embedding service (`POST {url}/embeddings`) a tenant's chunks and
/// queries are embedded by. Set by the operator (`ragvault vectors set --embedder endpoint`),
/// never by a tenant's admin over HTTP: it decides where the tenant's text goes. Its key is kept
/// apart, in the tenant's encrypted store, and is never part of this value.
public struct EmbeddingEndpoint: Codable, Equatable, Sendable {
    /// The base URL: https, or http to a loopback address.
    public var url: String
    /// The model name sent to the service (the tenant's `model` when nil).
    public var model: String?
    /// Lets the URL reach private, link-local and other non-public addresses (loopback is
    /// always allowed). Off by default: a name that resolves inside the network is refused.
    public var allowPrivate: Bool
    /// Time allowed for each call, connection included.
    public var timeoutMs: Int

    public static let defaultTimeoutMs = 10_000

    public init(url: String, model: String? = nil, allowPrivate: Bool = false, timeoutMs: Int = EmbeddingEndpoint.defaultTimeoutMs) {
        (self.url, self.model, self.allowPrivate, self.timeoutMs) = (url, model, allowPrivate, timeoutMs)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case url, model, allowPrivate = "allow_private", timeoutMs = "timeout_ms"
    }

    public init(from decoder: Decoder) throws {
        try StrictKeys.check(decoder, known: Set(CodingKeys.allCases.map(\.rawValue)))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        url = try c.decode(String.self, forKey: .url)
        model = try c.decodeIfPresent(String.self, forKey: .model)
        allowPrivate = try c.decodeIfPresent(Bool.self, forKey: .allowPrivate) ?? false
        timeoutMs = try c.decodeIfPresent(Int.self, forKey: .timeoutMs) ?? Self.defaultTimeoutMs
    }

    /// The URL's parts once checked: scheme, host (brackets removed) and the embeddings URL.
    struct Target {
        let secure: Bool
        let host: String
        let embeddingsURL: String
    }

    /// The URL's form: absolute, no credentials, query or fragment; https, or http to loopback.
    func target() throws -> Target {
        let bad = { (why: String) in RAGVaultError(.invalidInput, "embedding endpoint rejected: \(why)") }
        guard url.utf8.count <= 2048, let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(),
            var host = parts.host, !host.isEmpty
        else { throw bad("the URL must be absolute, e.g. https://embeddings.example.com/v1") }
        guard parts.user == nil, parts.password == nil, parts.query == nil, parts.fragment == nil else {
            throw bad("the URL may not hold credentials, a query or a fragment (the key is given apart)")
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let literal = NetworkAddress(literal: host)
        switch scheme {
        case "https": break
        case "http":
            guard host.lowercased() == "localhost" || literal?.kind == .loopback else {
                throw bad("the URL must be https (http only to a loopback address)")
            }
        default: throw bad("the URL must be https (http only to a loopback address)")
        }
        var base = url
        while base.hasSuffix("/") { base.removeLast() }
        return Target(secure: scheme == "https", host: host, embeddingsURL: base + "/embeddings")
    }

    /// The URL as `target()` reads it, with an address literal's kind checked now (a name's
    /// addresses are checked before each call).
    func validate() throws {
        let host = try target().host
        if let literal = NetworkAddress(literal: host), literal.kind == .nonPublic, !allowPrivate {
            throw RAGVaultError(.invalidInput, "embedding endpoint rejected: \(host) is not a public address (allow it with --allow-private-endpoint)")
        }
        guard (100...120_000).contains(timeoutMs) else { throw RAGVaultError(.invalidInput, "embedding endpoint rejected: timeout_ms must be 100-120000") }
        if let model, !(1...200).contains(model.unicodeScalars.count) || model.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw RAGVaultError(.invalidInput, "embedding endpoint rejected: model must be 1-200 printable characters")
        }
    }
}
