import AsyncHTTPClient
import Foundation
import NIOSSL
import RAGVault
import RAGVaultHTTP
import RAGVaultTestSupport
import Testing

/// `--tls-cert`/`--tls-key`: the same routes over HTTPS, with a certificate made by openssl.
@Suite struct TLSTests {
    @Test func servesHTTPSWithAGivenCertificate() async throws {
        let dir = try TemporaryDirectory("ragvault-tls")
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1", "-keyout", dir.file("key.pem"), "-out", dir.file("cert.pem")
        ]
        openssl.standardError = Pipe()
        try openssl.run()
        openssl.waitUntilExit()
        try #require(openssl.terminationStatus == 0, "openssl (Debian package openssl) made the certificate")
        let server = try await LiveServer { configuration in
            configuration.tlsCertificatePath = dir.file("cert.pem")
            configuration.tlsKeyPath = dir.file("key.pem")
        }
        let port = server.base.split(separator: ":").last.map(String.init) ?? ""
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none // self-signed for the test
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        let response = try await client.execute(HTTPClientRequest(url: "https://127.0.0.1:\(port)/healthz"), timeout: .seconds(10))
        #expect(response.status == .ok)
        let key = try server.vault.createAPIKey(tenant: "acme", subject: "ann", roles: ["eng"], scopes: [.search]).key
        var search = HTTPClientRequest(url: "https://127.0.0.1:\(port)/v1/search")
        search.method = .POST
        search.headers.add(name: "Authorization", value: "Bearer \(key)")
        search.headers.add(name: "Content-Type", value: "application/json")
        search.body = .bytes(.init(string: #"{"query": "anything"}"#))
        #expect(try await client.execute(search, timeout: .seconds(10)).status == .ok)
        // Plain HTTP to the TLS port gets no answer.
        let plain = try? await server.send(.GET, "/healthz")
        #expect(plain == nil || plain?.status != 200)
        try await client.shutdown()
        try await server.stop()
    }

    @Test func halfATLSConfigurationIsRefused() async throws {
        let dir = try TemporaryDirectory("ragvault-tls")
        let vault = try Vault.initialize(at: dir.file("data"), keySource: .generatedKeyFile)
        var configuration = APIServer.Configuration()
        configuration.tlsCertificatePath = dir.file("cert.pem")
        #expect(throws: RAGVaultError.self) { _ = try APIServer(vault: vault, configuration: configuration).application() }
    }
}
