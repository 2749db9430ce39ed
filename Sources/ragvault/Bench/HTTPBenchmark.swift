import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import RAGVault
import RAGVaultHTTP
import RAGVaultBench

/// `ragvault bench http`: the API on loopback against the in-process `Retriever`, in one run.
///
/// 1. A 10k-chunk tenant: sequential p50/p99 of the same queries through HTTP and in process
///    (the difference is what HTTP adds), then throughput with `concurrency` clients for
///    `seconds` each way (in process: one thread per core).
/// 2. Many tenants: `tenants` small tenants behind a store pool of `pool`; cold-open p50/p99
///    of a store, resident memory per open store, and HTTP search latency spread over them.
enum HTTPBenchmark {
    struct Report: Encodable {
        var chunks = 0
        var queries = 0
        var inProcessP50Micros = 0.0, inProcessP99Micros = 0.0
        var httpP50Micros = 0.0, httpP99Micros = 0.0
        var addedP50Micros: Double { httpP50Micros - inProcessP50Micros }
        var inProcessPerSecond = 0.0
        var httpPerSecond = 0.0
        var httpErrors = 0
        /// The same searches from `wrk` (`WrkLoad`): one connection (sequential) and
        /// `concurrency` connections; nil without wrk.
        var wrkSequentialP50Micros: Double?, wrkSequentialP99Micros: Double?
        var wrkPerSecond: Double?
        var wrkAddedP50Micros: Double? { wrkSequentialP50Micros.map { $0 - inProcessP50Micros } }
        /// The floor of a round trip (`GET /healthz`) and of authentication alone (a revoked key).
        var healthP50Micros = 0.0, authOnlyP50Micros = 0.0
        /// `GET /v1/chunks/{id}` answering 404 for another tenant's chunk, a chunk behind the
        /// ACL and an id that exists nowhere (the same answer must take the same time).
        var foreignChunkP50Micros = 0.0, forbiddenChunkP50Micros = 0.0, missingChunkP50Micros = 0.0
        /// `401` for a wrong secret of an existing key id and for an id that exists nowhere
        /// (the same refusal must take the same time, or it tells which ids exist).
        var wrongSecretP50Micros = 0.0, unknownKeyP50Micros = 0.0
        var wrongSecretMeanMicros = 0.0, unknownKeyMeanMicros = 0.0
        /// One tenant's sequential searches alone, and while two connections of another tenant
        /// send 64 KB bodies nested past the limit (each refused `400 invalid_json`).
        var victimAloneP50Micros = 0.0, victimUnderAttackP50Micros = 0.0
        var victimAlonePerSecond = 0.0, victimUnderAttackPerSecond = 0.0
        var hostileBodiesRefused = 0
        var concurrency = 0
        var tenants = 0
        var pool = 0
        var coldOpenP50Micros = 0.0, coldOpenP99Micros = 0.0
        var residentKBPerOpenStore = 0.0
        var spreadP50Micros = 0.0, spreadP99Micros = 0.0
        var spreadErrors = 0
        /// Encoding one top-10 search response: the direct writer and `JSONEncoder`, interleaved.
        var responseWriterMicros = 0.0, responseEncoderMicros = 0.0
    }

    static func run(chunks target: Int, tenants: Int, pool: Int, concurrency: Int, seconds: Double) async throws -> Report {
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency)))
        // The timing comparisons use one connection of their own: spread over the pool's
        // connections (and so over the server's event loops), a fixed order of kinds could line
        // one kind up with one loop.
        let probe = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 1)))
        do {
            let report = try await run(
                client, probe: probe, chunks: target, tenants: tenants, pool: pool, concurrency: concurrency, seconds: seconds)
            try await client.shutdown()
            try await probe.shutdown()
            return report
        } catch {
            try? await client.shutdown()
            try? await probe.shutdown()
            throw error
        }
    }

    private static func run(
        _ client: HTTPClient, probe: HTTPClient, chunks target: Int, tenants: Int, pool: Int, concurrency: Int,
        seconds: Double
    ) async throws -> Report {
        var report = Report()
        report.concurrency = concurrency
        let work = NSTemporaryDirectory() + "ragvault-bench-http-\(UInt32.random(in: 0 ... .max))"
        defer { try? FileManager.default.removeItem(atPath: work) }

        // Part 1: one 10k-chunk tenant.
        let vault = try Vault.initialize(at: work + "/one", keySource: .generatedKeyFile)
        vault.auditDisabled = true // HTTP's own cost, as before the trail; `bench audit` measures the trail
        try vault.createTenant("demo")
        let corpus = BenchCorpus.synthetic(count: target / 3)
        var documents: [DocumentRecord] = []
        for d in corpus.documents where report.chunks < target {
            documents.append(d)
            report.chunks += d.chunks.count
        }
        let store = try vault.store(for: "demo")
        for start in stride(from: 0, to: documents.count, by: 500) {
            try store.putDocuments(Array(documents[start..<min(documents.count, start + 500)]))
        }
        try store.optimize()
        let key = try vault.createAPIKey(tenant: "demo", subject: "bench", roles: ["eng", "sales"], scopes: [.search]).key
        let principal = try vault.authenticate(apiKey: key).principal!
        // A chunk of another tenant and one this key may not read (role:hr), for the 404 timing.
        try vault.createTenant("other")
        try vault.store(for: "other").putDocuments(Array(corpus.documents.prefix(1)))
        let otherKey = try vault.createAPIKey(tenant: "other", subject: "bench", roles: ["eng"], scopes: [.search]).key
        let otherPrincipal = try vault.authenticate(apiKey: otherKey).principal!
        let firstWords = corpus.documents[0].chunks[0].text.split(separator: " ").prefix(3).joined(separator: " ")
        let otherChunk = try Retriever(vault: vault).search(SearchRequest(query: firstWords), as: otherPrincipal).results.first?.chunkID ?? ""
        let hrKey = try vault.createAPIKey(tenant: "demo", subject: "hr-bench", roles: ["hr"], scopes: [.search]).key
        let hrPrincipal = try vault.authenticate(apiKey: hrKey).principal!
        let hrDocument = documents.first { $0.acl.allow == ["role:hr"] }!
        let hrWords = hrDocument.chunks[0].text.split(separator: " ").prefix(3).joined(separator: " ")
        let hiddenChunk =
            try Retriever(vault: vault).search(SearchRequest(query: hrWords, documentIDs: [hrDocument.externalID]), as: hrPrincipal)
            .results.first?.chunkID ?? ""
        guard otherChunk.count == 16, hiddenChunk.count == 16 else {
            throw RAGVaultError(.internalError, "bench http: could not find the chunks for the 404 timing")
        }
        var random = SplitMix64(seed: 7)
        let middle = Array(corpus.vocabulary[50..<1500])
        let queries = (0..<400).map { _ in
            (0..<(2 + Int(random.next() % 2))).map { _ in middle[Int(random.next() % UInt64(middle.count))] }.joined(separator: " ")
        }
        report.queries = queries.count

        var configuration = APIServer.Configuration()
        configuration.port = 0
        configuration.rateLimitPerSecond = 1e9
        configuration.rateLimitBurst = 1e9
        configuration.maxConcurrentRequests = 4096
        configuration.refusalRatePerSecond = 1e9 // the 401 timing sends thousands of refusals
        configuration.refusalBurst = 1e9
        let retriever = Retriever(vault: vault)
        try await serving(vault, configuration) { base in
            let bodies = try queries.map { ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["query": $0, "top_k": 10])) }
            func post(_ body: ByteBuffer) async throws -> Bool {
                let request = searchRequest(base, key: key, body: body)
                let response = try await client.execute(request, timeout: .seconds(30))
                _ = try await response.body.collect(upTo: 16 << 20)
                return response.status == .ok
            }
            for body in bodies.prefix(50) { _ = try await post(body) } // warm: connections, pages
            for q in queries.prefix(50) { _ = try retriever.search(SearchRequest(query: q, topK: 10), as: principal) }
            // Sequential latency, interleaved so both sides see the same machine.
            var local: [Double] = [], remote: [Double] = []
            for (i, q) in queries.enumerated() {
                var t = DispatchTime.now().uptimeNanoseconds
                _ = try retriever.search(SearchRequest(query: q, topK: 10), as: principal)
                local.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1000)
                t = DispatchTime.now().uptimeNanoseconds
                if try await !post(bodies[i]) { report.httpErrors += 1 }
                remote.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1000)
            }
            (report.inProcessP50Micros, report.inProcessP99Micros) = (percentile(local, 0.5), percentile(local, 0.99))
            // The response body alone, both ways, on the same results.
            let results = try queries.prefix(50).map { try retriever.search(SearchRequest(query: $0, topK: 10), as: principal) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var written: [Double] = [], encoded: [Double] = []
            for _ in 0..<10 {
                for result in results {
                    var t = DispatchTime.now().uptimeNanoseconds
                    _ = SearchResultJSON.encode(result)
                    written.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1000)
                    t = DispatchTime.now().uptimeNanoseconds
                    _ = try encoder.encode(result)
                    encoded.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1000)
                }
            }
            (report.responseWriterMicros, report.responseEncoderMicros) = (percentile(written, 0.5), percentile(encoded, 0.5))
            var health: [Double] = [], auth: [Double] = []
            for _ in 0..<300 {
                var t = DispatchTime.now().uptimeNanoseconds
                _ = try await client.execute(HTTPClientRequest(url: base + "/healthz"), timeout: .seconds(30)).body.collect(upTo: 1 << 20)
                health.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1000)
                var request = HTTPClientRequest(url: base + "/v1/policy")
                request.headers.add(name: "Authorization", value: "Bearer \(key)")
                t = DispatchTime.now().uptimeNanoseconds
                _ = try await client.execute(request, timeout: .seconds(30)).body.collect(upTo: 1 << 20) // 403 after authentication
                auth.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1000)
            }
            (report.healthP50Micros, report.authOnlyP50Micros) = (percentile(health, 0.5), percentile(auth, 0.5))
            (report.httpP50Micros, report.httpP99Micros) = (percentile(remote, 0.5), percentile(remote, 0.99))
            // Throughput: in process on every core, then over HTTP with `concurrency` clients.
            let cores = ProcessInfo.processInfo.activeProcessorCount
            let counter = Counter()
            let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
            DispatchQueue.concurrentPerform(iterations: cores) { worker in
                var i = worker
                while DispatchTime.now().uptimeNanoseconds < deadline {
                    _ = try? retriever.search(SearchRequest(query: queries[i % queries.count], topK: 10), as: principal)
                    counter.add(ok: true)
                    i += cores
                }
            }
            report.inProcessPerSecond = Double(counter.ok) / seconds
            let remoteCounter = Counter()
            let httpDeadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<concurrency {
                    group.addTask {
                        var i = worker
                        while DispatchTime.now().uptimeNanoseconds < httpDeadline {
                            let ok = (try? await post(bodies[i % bodies.count])) ?? false
                            remoteCounter.add(ok: ok)
                            i += concurrency
                        }
                    }
                }
                try await group.waitForAll()
            }
            report.httpPerSecond = Double(remoteCounter.ok) / seconds
            report.httpErrors += remoteCounter.failed
            let texts = bodies.map { String(buffer: $0) }
            if let one = try WrkLoad.run(base: base, key: key, bodies: texts, connections: 1, seconds: seconds),
                let loaded = try WrkLoad.run(base: base, key: key, bodies: texts, connections: concurrency, seconds: seconds)
            {
                (report.wrkSequentialP50Micros, report.wrkSequentialP99Micros) = (one.p50Micros, one.p99Micros)
                report.wrkPerSecond = loaded.perSecond
                report.httpErrors += one.non2xx + loaded.non2xx
            }

            // Same answer, same time? The kinds interleaved in a seeded random order, so drift and
            // any periodic work hit all of them alike.
            let chunkTimings = try await sameAnswerTimings(kinds: 3, each: 180, warmup: 60) { kind, i in
                let path = [otherChunk, hiddenChunk, String(format: "%016llx", UInt64(i) &* 0x9E3779B97F4A7C15)][kind]
                let (status, micros) = try await timedGet(probe, base + "/v1/chunks/" + path, key: key)
                if status != 404 { report.httpErrors += 1 }
                return micros
            }
            (report.foreignChunkP50Micros, report.forbiddenChunkP50Micros, report.missingChunkP50Micros) =
                (percentile(chunkTimings[0], 0.5), percentile(chunkTimings[1], 0.5), percentile(chunkTimings[2], 0.5))

            // 401s: the real key's id with another secret, and an unknown id.
            let wrongSecret = String(key.prefix(21)) + String(repeating: "A", count: 43)
            let refusalTimings = try await sameAnswerTimings(kinds: 2, each: 2000, warmup: 200) { kind, i in
                let presented =
                    kind == 0 ? wrongSecret : "rvk_" + String(format: "%016llx", UInt64(i) &* 0x9E3779B97F4A7C15) + "_" + String(repeating: "A", count: 43)
                let (status, micros) = try await timedGet(probe, base + "/v1/policy", key: presented)
                if status != 401 { report.httpErrors += 1 }
                return micros
            }
            let (wrong, unknown) = (refusalTimings[0], refusalTimings[1])
            (report.wrongSecretP50Micros, report.unknownKeyP50Micros) = (percentile(wrong, 0.5), percentile(unknown, 0.5))
            (report.wrongSecretMeanMicros, report.unknownKeyMeanMicros) = (trimmedMean(wrong), trimmedMean(unknown))

            // Fairness: the victim's searches alone, then beside two hostile connections.
            let hostile = ByteBuffer(string: String(repeating: #"{"a":"#, count: 13_000))
            let refused = Counter()
            func victim(for seconds: Double) async throws -> (p50: Double, perSecond: Double) {
                var latencies: [Double] = []
                let end = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
                var i = 0
                while DispatchTime.now().uptimeNanoseconds < end {
                    let t = DispatchTime.now().uptimeNanoseconds
                    if try await !post(bodies[i % bodies.count]) { report.httpErrors += 1 }
                    latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1000)
                    i += 1
                }
                return (percentile(latencies, 0.5), Double(latencies.count) / seconds)
            }
            let alone = try await victim(for: seconds)
            let attackEnd = DispatchTime.now().uptimeNanoseconds + UInt64((seconds + 0.5) * 1e9)
            let attackers = (0..<2).map { _ in
                Task {
                    while DispatchTime.now().uptimeNanoseconds < attackEnd {
                        guard
                            let response = try? await client.execute(
                                searchRequest(base, key: otherKey, body: hostile),
                                timeout: .seconds(30))
                        else { continue }
                        _ = try? await response.body.collect(upTo: 1 << 20)
                        refused.add(ok: response.status == .badRequest)
                    }
                }
            }
            let attacked = try await victim(for: seconds)
            for attacker in attackers { await attacker.value }
            (report.victimAloneP50Micros, report.victimAlonePerSecond) = alone
            (report.victimUnderAttackP50Micros, report.victimUnderAttackPerSecond) = attacked
            report.hostileBodiesRefused = refused.ok
            report.httpErrors += refused.failed
        }
        vault.close()

        // Part 2: many small tenants behind a bounded pool.
        report.tenants = tenants
        report.pool = pool
        let setup = try Vault.initialize(at: work + "/many", keySource: .generatedKeyFile)
        setup.auditDisabled = true // setting up 1,000 tenants is not what is measured
        var keys: [String] = []
        let small = BenchCorpus.synthetic(count: 5, seed: 9).documents
        for t in 0..<tenants {
            let name = "t\(t)"
            try setup.createTenant(name)
            try setup.store(for: name).putDocuments(small)
            keys.append(try setup.createAPIKey(tenant: name, subject: "bench", roles: ["eng", "sales", "hr", "finance", "support"], scopes: [.search]).key)
        }
        setup.close()
        let many = try Vault.open(at: work + "/many", poolCapacity: pool)
        many.auditDisabled = true
        // Cold opens: round-robin over more tenants than the pool holds, so every open is cold.
        let before = residentBytes()
        var opens: [Double] = []
        for t in 0..<tenants {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try many.store(for: "t\(t)")
            opens.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1000)
        }
        (report.coldOpenP50Micros, report.coldOpenP99Micros) = (percentile(opens, 0.5), percentile(opens, 0.99))
        let full = residentBytes()
        many.close()
        let empty = residentBytes()
        report.residentKBPerOpenStore = Double(max(0, full - min(empty, before))) / 1024 / Double(pool)
        let spreadQueries = small.prefix(3).flatMap { $0.chunks.prefix(1) }.map { String($0.text.split(separator: " ").prefix(2).joined(separator: " ")) }
        let served = try Vault.open(at: work + "/many", poolCapacity: pool)
        served.auditDisabled = true
        try await serving(served, configuration) { base in
            var latencies: [Double] = []
            var generator = SplitMix64(seed: 11)
            for i in 0..<600 {
                let k = keys[Int(generator.next() % UInt64(keys.count))]
                let request = searchRequest(
                    base, key: k,
                    body: ByteBuffer(
                        bytes: try JSONSerialization.data(
                            withJSONObject: ["query": spreadQueries[i % spreadQueries.count]])))
                let start = DispatchTime.now().uptimeNanoseconds
                let response = try await client.execute(request, timeout: .seconds(30))
                let answer = try await response.body.collect(upTo: 16 << 20)
                if response.status != .ok {
                    if report.spreadErrors == 0 {
                        FileHandle.standardError.write(Data("first error: \(response.status.code) \(String(buffer: answer).prefix(300))\n".utf8))
                    }
                    report.spreadErrors += 1
                }
                if i >= 100 { latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1000) }
            }
            (report.spreadP50Micros, report.spreadP99Micros) = (percentile(latencies, 0.5), percentile(latencies, 0.99))
        }
        served.close()
        return report
    }

    /// Runs `body` against a server on a free loopback port, then stops the server.
    static func serving(
        _ vault: Vault, _ configuration: APIServer.Configuration,
        _ body: (String) async throws -> Void
    ) async throws {
        let server = APIServer(vault: vault, configuration: configuration, logger: .init(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = try server.application(onRunning: { continuation.yield($0) })
        let task = Task { try await app.runService() }
        var port = 0
        for await p in ports { port = p; break }
        do { try await body("http://127.0.0.1:\(port)") } catch { task.cancel(); throw error }
        task.cancel()
        _ = await task.result
    }

    /// `POST /v1/search` with `body` as `key`.
    static func searchRequest(_ base: String, key: String, body: ByteBuffer) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: base + "/v1/search")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(key)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(body)
        return request
    }

    /// A GET as `key`: its status code and the microseconds to the end of its body.
    /// `each` timings of every kind of request, sent one at a time in a seeded random order
    /// after `warmup` untimed ones: `send(kind, i)` sends the `i`th request, of kind `kind`.
    static func sameAnswerTimings(
        kinds: Int, each: Int, warmup: Int, _ send: (_ kind: Int, _ i: Int) async throws -> Double
    ) async throws -> [[Double]] {
        var order = (0..<warmup).map { $0 % kinds } + (0..<kinds * each).map { $0 % kinds }
        var random = SplitMix64(seed: 0x5EED)
        order[warmup...].shuffle(using: &random)
        var timings = [[Double]](repeating: [], count: kinds)
        for (i, kind) in order.enumerated() {
            let micros = try await send(kind, i)
            if i >= warmup { timings[kind].append(micros) }
        }
        return timings
    }

    static func timedGet(_ client: HTTPClient, _ url: String, key: String) async throws -> (status: UInt, micros: Double) {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Authorization", value: "Bearer \(key)")
        let t = DispatchTime.now().uptimeNanoseconds
        let response = try await client.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 1 << 20)
        return (response.status.code, Double(DispatchTime.now().uptimeNanoseconds - t) / 1000)
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }

    /// The mean of the middle 90 % (a few scheduler stalls would otherwise decide it).
    static func trimmedMean(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let kept = sorted.dropFirst(sorted.count / 20).dropLast(sorted.count / 20)
        return kept.isEmpty ? 0 : kept.reduce(0, +) / Double(kept.count)
    }

    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var ok = 0
        private(set) var failed = 0
        func add(ok success: Bool) { lock.withLock { if success { ok += 1 } else { failed += 1 } } }
    }
}
