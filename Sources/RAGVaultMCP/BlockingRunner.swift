import Foundation

/// Where the tools run the library's blocking calls (SQLite, libsodium): never on Swift's
/// cooperative threads. The HTTP server passes its worker pool; stdio uses a queue.
public protocol BlockingRunner: Sendable {
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T
}

/// A concurrent dispatch queue, for the stdio server.
public struct DispatchRunner: BlockingRunner {
    let queue = DispatchQueue(label: "ragvault.mcp.work", attributes: .concurrent)

    public init() {}

    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
