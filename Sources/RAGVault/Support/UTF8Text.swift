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
        guard let base = bytes.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        var continuations = 0, i = 0
        // Eight bytes at a time: a continuation byte has bit 7 set and bit 6 clear, and
        // shifting left by one puts each byte's bit 6 under its bit 7.
        while i + 8 <= bytes.count {
            let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            continuations &+= (x & ~(x << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
            i += 8
        }
        while i < bytes.count { continuations &+= isContinuation(base[i]) ? 1 : 0; i += 1 }
        return bytes.count - continuations
    }

    /// Whether one scalar's bytes are white space (ASCII fast path, Unicode properties otherwise).
    static func isSpace(_ scalar: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = scalar.first else { return false }
        if first < 0x80 { return first == 0x20 || first == 0x0A || first == 0x09 }
        return String(decoding: scalar, as: UTF8.self).unicodeScalars.first?.properties.isWhitespace ?? false
    }

    /// Whether every byte is ASCII (eight at a time).
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var i = 0, high: UInt64 = 0
        while i + 8 <= bytes.count {
            high |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < bytes.count { high |= UInt64(base[i]); i += 1 }
        return high & 0x8080_8080_8080_8080 == 0
    }

    /// A hash of a word compared case-insensitively: ASCII letters folded in place, other
    /// text through Unicode lower-casing (rare).
    static func foldedHash(_ word: UnsafeBufferPointer<UInt8>) -> Int {
        guard isASCII(word) else { return String(decoding: word, as: UTF8.self).lowercased().hashValue }
        var hasher = Hasher()
        for b in word { hasher.combine(Bytes.lower(b)) }
        return hasher.finalize()
    }
}
