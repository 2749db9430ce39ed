import CVault

/// FTS5's `<table>_docsize` rows: `sz` holds one varint per column, the column's token count
/// (SQLite's varint: big-endian groups of seven bits, the high bit set on all but the last,
/// a ninth byte whole). What `xColumnSize` answers from.
enum FTS5Docsize {
    /// Tokens in the scored columns (the first `VAULT_SCORED_COLUMNS`), as `vault_doclen`
    /// sums them; -1 when the blob is too short or malformed (the ranker then asks FTS5).
    static func scoredLength(_ sz: UnsafeRawBufferPointer) -> CInt {
        var offset = 0, total: Int64 = 0
        for _ in 0..<Int(VAULT_SCORED_COLUMNS) {
            guard let (value, next) = varint(sz, at: offset) else { return -1 }
            total += value
            offset = next
        }
        return total <= Int64(CInt.max) ? CInt(total) : -1
    }

    /// The varint at `offset` and the offset after it, or nil when the bytes end first or it
    /// does not fit a count.
    static func varint(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> (Int64, Int)? {
        var value: UInt64 = 0
        for k in 0..<9 {
            guard offset + k < bytes.count else { return nil }
            let b = bytes[offset + k]
            if k == 8 {
                value = value << 8 | UInt64(b)
            } else {
                value = value << 7 | UInt64(b & 0x7F)
                if b < 0x80 { return value <= UInt64(Int64.max) ? (Int64(value), offset + k + 1) : nil }
            }
        }
        return value <= UInt64(Int64.max) ? (Int64(value), offset + 9) : nil
    }
}
