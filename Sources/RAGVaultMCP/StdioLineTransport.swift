import Foundation
import Logging
import MCP
import RAGVault

/// MCP over stdio (one JSON-RPC message per line), reading in linear time with a size limit
/// and a JSON pre-check: a line over `maxMessageBytes`, nested past `JSONCheck.maxDepth` or not
/// JSON is answered with a JSON-RPC parse error (id null) and never reaches the server.
public actor StdioLineTransport: Transport {
    public nonisolated let logger: Logger
    public let maxMessageBytes: Int
    private let output: LockedWriter
    private let input: Int32
    private let messages: AsyncThrowingStream<Data, Swift.Error>
    private let continuation: AsyncThrowingStream<Data, Swift.Error>.Continuation
    private var started = false

    public init(input: Int32 = 0, output: Int32 = 1, maxMessageBytes: Int = 1 << 20, logger: Logger) {
        self.input = input
        self.output = LockedWriter(fd: output)
        self.maxMessageBytes = maxMessageBytes
        self.logger = logger
        (messages, continuation) = AsyncThrowingStream<Data, Swift.Error>.makeStream()
    }

    public func connect() async throws {
        guard !started else { return }
        started = true
        let (input, limit, output, continuation, logger) = (self.input, maxMessageBytes, self.output, self.continuation, self.logger)
        // Blocking reads on a thread of their own: no polling, and no cooperative thread held.
        let reader = Thread {
            var splitter = LineSplitter(limit: limit)
            var buffer = [UInt8](repeating: 0, count: 64 << 10)
            func deliver(_ pieces: [LineSplitter.Piece]) {
                for piece in pieces {
                    switch piece {
                    case .tooLong:
                        logger.warning("mcp message refused", metadata: ["code": "payload_too_large"])
                        output.write(Self.parseError("a message is limited to \(limit) bytes"))
                    case .line(let bytes):
                        let data = Data(bytes)
                        if let problem = JSONCheck.problem(in: data) {
                            logger.warning("mcp message refused", metadata: ["code": .string(problem.code)])
                            output.write(Self.parseError(problem.message))
                        } else {
                            continuation.yield(data)
                        }
                    }
                }
            }
            while true {
                let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                deliver(buffer.withUnsafeBufferPointer { splitter.feed(UnsafeBufferPointer(rebasing: $0[..<count])) })
            }
            deliver(splitter.finish())
            continuation.finish()
        }
        reader.stackSize = 1 << 20
        reader.start()
    }

    public func disconnect() async {
        continuation.finish()
    }

    public func send(_ data: Data) async throws {
        var line = data
        line.append(0x0A)
        guard output.write(line) else { throw MCPError.transportError(POSIXError(.EPIPE)) }
    }

    public nonisolated func receive() -> AsyncThrowingStream<Data, Swift.Error> { messages }

    /// JSON-RPC's answer to a message that cannot be parsed (its id is unknown, so null).
    public static func parseError(_ message: String) -> Data {
        let body: [String: Any] = ["jsonrpc": "2.0", "id": NSNull(), "error": ["code": -32700, "message": "Parse error: " + message]]
        var data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
        data.append(0x0A)
        return data
    }
}

/// Whole lines to a file descriptor, one writer at a time (the reader thread answers refused
/// lines while the server answers others).
final class LockedWriter: @unchecked Sendable {
    private let fd: Int32
    private let lock = NSLock() // protects writes to `fd`, so lines never interleave

    init(fd: Int32) {
        self.fd = fd
    }

    @discardableResult
    func write(_ data: Data) -> Bool {
        lock.withLock {
            data.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if written < 0 { if errno == EINTR { continue }; return false }
                    offset += written
                }
                return true
            }
        }
    }
}
