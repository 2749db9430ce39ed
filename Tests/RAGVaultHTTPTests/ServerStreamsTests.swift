import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault

/// What the server writes where, below the routes: a request the HTTP parser refuses still gets
/// the JSON error shape, and `ragvault serve`'s stdout carries JSON log lines only — human
/// lines and crash reports (the Swift runtime writes those to stderr) stay out of it.
@Suite struct ServerStreamsTests {
    /// One request as raw bytes over a loopback socket (a client library would refuse to send
    /// a NUL in a header); the whole answer, read until the server closes.
    static func exchange(port: Int, _ request: [UInt8]) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            answer += buffer[0..<n]
        }
        return String(decoding: answer, as: UTF8.self)
    }

    /// `exchange` on a thread of its own: blocking a cooperative thread in `recv` could starve
    /// the in-process server, whose handlers run on that same pool.
    static func exchange(port: Int, _ request: [UInt8]) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try exchange(port: port, request) as String }) }.start()
        }
    }

    @Test(arguments: [
        "GET /v1/policy HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer rvk_\u{0}abc\r\n\r\n",
        "GET /v1/search HTTP/1.1\r\nHost: x\r\nX-Note: a\u{1}b\r\n\r\n",
        "GET /v1/policy\u{7} HTTP/1.1\r\nHost: x\r\n\r\n"
    ])
    func unparseableRequestsGetTheJSONErrorShape(request: String) async throws {
        let server = try await LiveServer()
        defer { Task { try? await server.stop() } }
        let port = try #require(Int(server.base.split(separator: ":").last ?? ""))
        let answer = try await Self.exchange(port: port, Array(request.utf8))
        #expect(answer.hasPrefix("HTTP/1.1 400"), "\(answer)")
        let body = try #require(answer.components(separatedBy: "\r\n\r\n").last)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        let error = try #require(json["error"] as? [String: Any])
        #expect(error["code"] as? String == "bad_request" && (error["request_id"] as? String)?.count == 16)
        // The server goes on serving.
        let after = try await Self.exchange(port: port, Array("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
        #expect(after.contains("200 OK"), "\(after.debugDescription)")
    }

    @Test func serveWritesJSONLinesOnlyToStdout() throws {
        let dir = try TemporaryDirectory()
        let data = dir.file("data")
        _ = try CLIBinary.run(["init", "--data", data])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIBinary.path)
        process.arguments = ["serve", "--data", data, "--port", "0"]
        process.environment = ["PATH": "/usr/bin:/bin"]
        let out = Pipe(), err = Pipe()
        (process.standardOutput, process.standardError) = (out, err)
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        // The human line with the port comes on stderr.
        var errText = ""
        let portLine = waitUntil(timeout: 60) {
            errText += String(decoding: err.fileHandleForReading.availableData, as: UTF8.self)
            return errText.contains("serving ")
        }
        #expect(portLine, "\(errText)")
        let port = try #require(Int(errText.split(separator: ":").last?.prefix { $0.isNumber } ?? ""))
        _ = try Self.exchange(port: port, Array("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
        _ = try Self.exchange(port: port, Array("GET /v1/policy HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer rvk_nope\r\nConnection: close\r\n\r\n".utf8))
        kill(process.processIdentifier, SIGTERM)
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let lines = stdout.split(separator: "\n")
        #expect(lines.count >= 2 && lines.contains { $0.contains("\"msg\":\"request\"") }, "\(stdout)")
        for line in lines {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "not JSON on stdout: \(line)")
        }
        #expect(!stdout.contains("serving "))
    }
}
