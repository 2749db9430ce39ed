import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// Embeds texts with an OpenAI-compatible service: `POST {base}/embeddings` with
/// `{"model", "input": [...]}`, answered `{"data": [{"index", "embedding"}]}`. Blocking (ingest
/// and search run on blocking-work threads, never an event loop). Every failure — unreachable,
/// slow, redirected, refused, a malformed or wrongly sized answer — is `embedder_unavailable`,
/// whose message names the cause and never the key or the texts.
struct EndpointEmbedder: Sendable {
    let endpoint: EmbeddingEndpoint
    let model: String
    let dims: Int
    let key: String?

    /// Texts per request, and the part of a text that is sent (the model reads far less).
    static let batchSize = 32
    static let maxInputBytes = 32 << 10

    /// No redirects (a redirect is a failure, never followed), bounded connect and read; one
    /// client for the process.
    static let client = HTTPClient(
        eventLoopGroupProvider: .singleton,
        configuration: HTTPClient.Configuration(
            redirectConfiguration: .disallow, timeout: .init(connect: .seconds(2), read: .seconds(120)), decompression: .disabled))

    /// Endpoints that could not be reached, or did not answer within their time, and until when
    /// calls to them fail at once: a batch of documents or a burst of searches against a service
    /// that is down does not wait out the connection attempts again for each one.
    static let unreachable = Mutex<[String: ContinuousClock.Instant]>([:])
    static let retryAfter = Duration.seconds(5)

    init(config: VectorConfig, key: String?) throws {
        guard let endpoint = config.endpoint else { throw RAGVaultError(.embedderUnavailable, "the tenant's vector configuration names no endpoint") }
        (self.endpoint, self.model, self.dims, self.key) = (endpoint, endpoint.model ?? config.model, config.dims, key)
    }

    /// One vector per text, in order.
    func embed(_ texts: [String]) throws -> [[Float]] {
        var vectors: [[Float]] = []
        vectors.reserveCapacity(texts.count)
        var start = 0
        while start < texts.count {
            let batch = Array(texts[start..<min(texts.count, start + Self.batchSize)])
            vectors += try call(batch)
            start += batch.count
        }
        return vectors
    }

    private func unavailable(_ why: String) -> RAGVaultError { Self.unavailable(why) }

    static func unavailable(_ why: String) -> RAGVaultError {
        RAGVaultError(.embedderUnavailable, "the embedding endpoint cannot embed now (\(why)); retry later")
    }

    private func call(_ texts: [String]) throws -> [[Float]] {
        let call = try prepare(texts)
        return try call.finish(Result { try call.start().wait() })
    }

    /// One call's request, checked and built on the calling (blocking) thread — address
    /// resolution included — so that it can be sent from an async context without blocking.
    struct PreparedCall: Sendable {
        let request: HTTPClient.Request
        /// `{base}/embeddings`, which `unreachable` is keyed by.
        let url: String
        let count: Int, cap: Int, timeoutMs: Int
        let embedder: EndpointEmbedder

        func start() -> EventLoopFuture<HTTPClient.Response> {
            EndpointEmbedder.client.execute(
                request: request, delegate: ResponseAccumulator(request: request, maxBodySize: cap),
                deadline: .now() + .milliseconds(Int64(timeoutMs))
            ).futureResult
        }

        /// The vectors, or the failure as `embedder_unavailable`.
        func finish(_ outcome: Result<HTTPClient.Response, Error>) throws -> [[Float]] {
            let response: HTTPClient.Response
            do {
                response = try outcome.get()
            } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
                markUnreachable()
                throw EndpointEmbedder.unavailable("no answer within \(timeoutMs) ms")
            } catch is ResponseAccumulator.ResponseTooBigError {
                throw EndpointEmbedder.unavailable("its answer is larger than \(cap) bytes")
            } catch {
                markUnreachable()
                throw EndpointEmbedder.unavailable("it cannot be reached")
            }
            _ = EndpointEmbedder.unreachable.withLock { $0.removeValue(forKey: url) }
            guard response.status == .ok else {
                let redirect = (300..<400).contains(response.status.code) ? ", a redirect, which is not followed" : ""
                throw EndpointEmbedder.unavailable("it answered \(response.status.code)\(redirect)")
            }
            return try embedder.vectors(from: response.body.map { Data($0.readableBytesView) } ?? Data(), count: count)
        }

        private func markUnreachable() {
            let until = ContinuousClock.now + EndpointEmbedder.retryAfter
            EndpointEmbedder.unreachable.withLock { $0[url] = until }
        }

        /// Sent without holding a thread while the service answers.
        func send() async throws -> [[Float]] {
            let outcome: Result<HTTPClient.Response, Error>
            do { outcome = .success(try await start().get()) } catch { outcome = .failure(error) }
            return try finish(outcome)
        }
    }

    /// At most `batchSize` texts (a query's embedding is one).
    func prepare(_ texts: [String]) throws -> PreparedCall {
        precondition(texts.count <= Self.batchSize)
        let target = try endpoint.target()
        if let until = Self.unreachable.withLock({ $0[target.embeddingsURL] }), ContinuousClock.now < until {
            throw unavailable("it could not be reached or was too slow moments ago; calls resume within \(Self.retryAfter)")
        }
        try checkAddresses(of: target.host)
        struct Body: Encodable { let model: String; let input: [String] }
        let body = try JSONEncoder().encode(Body(model: model, input: texts.map(Self.cut)))
        var headers = HTTPHeaders([("Content-Type", "application/json"), ("Accept", "application/json")])
        if let key { headers.add(name: "Authorization", value: "Bearer " + key) }
        let request: HTTPClient.Request
        do {
            request = try HTTPClient.Request(url: target.embeddingsURL, method: .POST, headers: headers, body: .bytes(body))
        } catch {
            throw unavailable("its URL cannot be called")
        }
        // An answer for these texts needs at most ~24 bytes a number; anything longer is refused.
        let cap = 64 << 10 + texts.count * (dims * 24 + 256)
        return PreparedCall(
            request: request, url: target.embeddingsURL, count: texts.count, cap: cap, timeoutMs: endpoint.timeoutMs, embedder: self)
    }

    /// Loopback is always allowed; any other non-public address only when the operator allowed
    /// it. Checked on every call: a name may come to resolve elsewhere.
    private func checkAddresses(of host: String) throws {
        guard let addresses = NetworkAddress.resolve(host) else { throw unavailable("its host \(host) does not resolve") }
        for address in addresses where address.kind == .nonPublic && !endpoint.allowPrivate {
            throw unavailable("its host resolves to \(address.text), which is not a public address; the operator may allow it (--allow-private-endpoint)")
        }
    }

    func vectors(from data: Data, count: Int) throws -> [[Float]] {
        struct Answer: Decodable {
            struct Item: Decodable { let index: Int?; let embedding: [Float] }
            let data: [Item]
        }
        guard let answer = try? JSONDecoder().decode(Answer.self, from: data) else {
            throw unavailable("its answer is not {\"data\": [{\"index\", \"embedding\"}]}")
        }
        guard answer.data.count == count else { throw unavailable("it answered \(answer.data.count) vectors for \(count) texts") }
        var ordered = [[Float]?](repeating: nil, count: count)
        for (position, item) in answer.data.enumerated() {
            let index = item.index ?? position
            guard (0..<count).contains(index), ordered[index] == nil else { throw unavailable("its answer's indexes are not 0..<\(count)") }
            guard item.embedding.count == dims else {
                throw unavailable("it answered vectors of \(item.embedding.count) dimensions; the tenant's configuration says \(dims)")
            }
            guard item.embedding.allSatisfy(\.isFinite), item.embedding.contains(where: { $0 != 0 }) else {
                throw unavailable("it answered a vector holding NaN, infinity or only zeros")
            }
            ordered[index] = item.embedding
        }
        return ordered.map { $0! }
    }

    /// A text cut to `maxInputBytes` at a character boundary.
    static func cut(_ text: String) -> String {
        guard text.utf8.count > maxInputBytes else { return text }
        var bytes = Array(text.utf8.prefix(maxInputBytes))
        // Drop a character the cut went through: its continuation bytes, then its lead byte.
        while let last = bytes.last, last & 0xC0 == 0x80 { bytes.removeLast() }
        if let last = bytes.last, last >= 0xC0 { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}
