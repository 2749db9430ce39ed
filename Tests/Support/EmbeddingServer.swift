import Foundation

/// scripts/embedding_server.py on loopback: an OpenAI-compatible embedding service serving
/// all-MiniLM-L6-v2 with numpy, independent of the in-process model. `url(_:)` picks a path
/// that answers well, slowly, with a redirect, with vectors one number short or with garbage.
public final class EmbeddingServer: @unchecked Sendable {
    let process: Process
    public let port: Int
    public let key: String

    public enum Behaviour: String, Sendable { case normal = "", slow, stalled, redirect, wrongdims, garbage }

    /// The base URL of a behaviour (`{url}/embeddings` is what is called).
    public func url(_ behaviour: Behaviour = .normal) -> String {
        "http://127.0.0.1:\(port)" + (behaviour == .normal ? "" : "/" + behaviour.rawValue) + "/v1"
    }

    /// `RAGVAULT_PYTHON` (make test points it at the test virtual environment), else python3;
    /// either needs numpy. The model is the one `make` fetched.
    public init(model: String, key: String) throws {
        self.key = key
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let python = ProcessInfo.processInfo.environment["RAGVAULT_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3"
        process.arguments = [python, CLIBinary.packageRoot + "/scripts/embedding_server.py", model, key]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var line = Data()
        while let byte = try out.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line.append(byte) }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "the embedding server did not start (is numpy installed for \(python)?)"])
        }
        self.port = port
    }

    /// Every text the service received so far.
    public func received() throws -> [String] {
        let data = try Data(contentsOf: URL(string: "http://127.0.0.1:\(port)/received")!)
        return try JSONDecoder().decode([String].self, from: data)
    }

    /// SIGKILL (see JWKSServer.stop): the service is down from here on.
    public func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { if process.isRunning { stop() } }
}
