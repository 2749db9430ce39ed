/// Small helpers over UTF-8 bytes of valid text.
enum UTF8Text {
    /// The string's UTF-8 bytes in place when it stores them contiguously (native strings do),
    /// else a copy.
    static func withBytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try text.utf8.withContiguousStorageIfAvailable(body) { return result }
        return try Array(text.utf8).withUnsafeBufferPointer(body)
    }

    @inline(__always) static func isContinuation(_ b: UInt8) -> Bool { b & 0xC0 == 0x80 }

    /// Code points in a run of UTF-8: every byte that is not a continuation byte starts one.
    static func scalarCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var n = 0
        for b in bytes { n &+= isContinuation(b) ? 0 : 1 }
        return n
    }

    /// Whether one scalar's bytes are white space (ASCII fast path, Unicode properties otherwise).
    static func isSpace(_ scalar: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = scalar.first else { return false }
        if first < 0x80 { return first == 0x20 || first == 0x0A || first == 0x09 }
        return String(decoding: scalar, as: UTF8.self).unicodeScalars.first?.properties.isWhitespace ?? false
    }
}
