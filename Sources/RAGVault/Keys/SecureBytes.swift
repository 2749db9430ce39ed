import CSodium

/// Key material in libsodium guarded memory: locked against swapping, surrounded by guard
/// pages, and zeroed when released. Never printed: `description` is redacted.
public final class SecureBytes: @unchecked Sendable, CustomStringConvertible {
    // Immutable after init; the pointer is only read, so sharing across threads is safe.
    private let pointer: UnsafeMutableRawPointer
    public let count: Int

    /// Copies `bytes` into guarded memory. The caller should wipe its own copy.
    public init(copying bytes: UnsafeRawBufferPointer) throws {
        try Sodium.ensureInitialised()
        guard let p = sodium_malloc(max(bytes.count, 1)) else {
            throw RAGVaultError(.internalError, "could not allocate guarded memory for key material")
        }
        pointer = p
        count = bytes.count
        if let base = bytes.baseAddress { pointer.copyMemory(from: base, byteCount: bytes.count) }
    }

    /// Fills guarded memory with `count` random bytes.
    public init(randomCount: Int) throws {
        try Sodium.ensureInitialised()
        guard let p = sodium_malloc(max(randomCount, 1)) else {
            throw RAGVaultError(.internalError, "could not allocate guarded memory for key material")
        }
        pointer = p
        count = randomCount
        randombytes_buf(pointer, randomCount)
    }

    /// Lets `body` fill freshly allocated guarded memory (for derivations and unwrapping).
    public init(count: Int, fill body: (UnsafeMutableRawBufferPointer) throws -> Void) throws {
        try Sodium.ensureInitialised()
        guard let p = sodium_malloc(max(count, 1)) else {
            throw RAGVaultError(.internalError, "could not allocate guarded memory for key material")
        }
        pointer = p
        self.count = count
        do {
            try body(UnsafeMutableRawBufferPointer(start: p, count: count))
        } catch {
            sodium_free(p)
            throw error
        }
    }

    convenience init(copying array: [UInt8]) throws {
        try self.init(count: array.count) { $0.copyBytes(from: array) }
    }

    deinit { sodium_free(pointer) }

    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// Constant-time comparison.
    public func equals(_ other: SecureBytes) -> Bool {
        count == other.count && sodium_memcmp(pointer, other.pointer, count) == 0
    }

    public var description: String { "SecureBytes(\(count) bytes, redacted)" }
}

extension Array where Element == UInt8 {
    /// Overwrites the array's storage with zeros (best effort for transient copies).
    mutating func wipe() {
        withUnsafeMutableBytes { sodium_memzero($0.baseAddress, $0.count) }
    }
}
