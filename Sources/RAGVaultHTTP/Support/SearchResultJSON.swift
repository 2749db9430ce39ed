import NIOCore
import RAGVault

/// `SearchResult` as JSON, written straight into a buffer: the same document `JSONEncoder`
/// makes with sorted keys (nil `context` left out), at a fraction of its cost — on a search of
/// ten passages the generic encoder took about a third as long as the search itself.
/// `SearchResultJSONTests` holds the two to the same parsed value over generated passages.
package enum SearchResultJSON {
    package static func encode(_ result: SearchResult) -> ByteBuffer {
        var writer = JSONWriter(capacity: result.results.reduce(64) { $0 + $1.text.utf8.count * 2 + $1.snippet.utf8.count + 256 })
        writer.raw("{")
        if let fallback = result.fallback {
            writer.raw("\"fallback\":")
            writer.string(fallback.rawValue)
            writer.raw(",")
        }
        writer.raw("\"results\":[")
        for (i, passage) in result.results.enumerated() {
            if i > 0 { writer.raw(",") }
            write(passage, into: &writer)
        }
        writer.raw("],\"search_mode\":")
        writer.string(result.searchMode.rawValue)
        writer.raw(",\"took_ms\":")
        writer.number(result.tookMs)
        writer.raw("}")
        return writer.buffer
    }

    /// Keys in sorted order, as `JSONEncoder` with `.sortedKeys` writes them.
    private static func write(_ p: Passage, into w: inout JSONWriter) {
        w.raw("{\"chunk_id\":")
        w.string(p.chunkID)
        if let context = p.context {
            w.raw(",\"context\":[")
            for (i, c) in context.enumerated() {
                if i > 0 { w.raw(",") }
                w.raw("{\"chunk_id\":")
                w.string(c.chunkID)
                w.raw(",\"offsets\":")
                w.integers(c.offsets)
                w.raw(",\"text\":")
                w.string(c.text)
                w.raw("}")
            }
            w.raw("]")
        }
        w.raw(",\"document_id\":")
        w.string(p.documentID)
        w.raw(",\"flags\":")
        w.strings(p.flags)
        w.raw(",\"heading_path\":")
        w.strings(p.headingPath)
        w.raw(",\"highlights\":[")
        for (i, h) in p.highlights.enumerated() {
            if i > 0 { w.raw(",") }
            w.integers(h)
        }
        w.raw("],\"offsets\":")
        w.integers(p.offsets)
        if let ranks = p.ranks {
            w.raw(",\"ranks\":{\"text\":")
            w.optionalInteger(ranks.text)
            w.raw(",\"vector\":")
            w.optionalInteger(ranks.vector)
            w.raw("}")
        }
        w.raw(",\"redactions\":{")
        for (i, (type, count)) in p.redactions.sorted(by: { $0.key < $1.key }).enumerated() {
            if i > 0 { w.raw(",") }
            w.string(type)
            w.raw(":")
            w.integer(count)
        }
        w.raw("},\"score\":")
        w.number(p.score)
        w.raw(",\"snippet\":")
        w.string(p.snippet)
        w.raw(",\"text\":")
        w.string(p.text)
        w.raw(",\"title\":")
        w.string(p.title)
        w.raw("}")
    }
}

/// The few JSON forms a search result needs, appended to one buffer.
struct JSONWriter {
    var buffer: ByteBuffer

    init(capacity: Int) { buffer = ByteBufferAllocator().buffer(capacity: capacity) }

    mutating func raw(_ s: StaticString) {
        buffer.writeStaticString(s)
    }

    /// A JSON string: `"` and `\` escaped, control characters as `\n`, `\t`… or `\u00XX`;
    /// everything else as its UTF-8 bytes (`/` unescaped, as `.withoutEscapingSlashes`).
    mutating func string(_ s: String) {
        buffer.writeInteger(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            var start = 0
            for (i, b) in bytes.enumerated() where b < 0x20 || b == 0x22 || b == 0x5C {
                if i > start { buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start..<i])) }
                switch b {
                case 0x22: buffer.writeStaticString("\\\"")
                case 0x5C: buffer.writeStaticString("\\\\")
                case 0x0A: buffer.writeStaticString("\\n")
                case 0x0D: buffer.writeStaticString("\\r")
                case 0x09: buffer.writeStaticString("\\t")
                case 0x08: buffer.writeStaticString("\\b")
                case 0x0C: buffer.writeStaticString("\\f")
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    buffer.writeBytes([0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
                }
                start = i + 1
            }
            if bytes.count > start { buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start...])) }
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }

    mutating func strings(_ values: [String]) {
        buffer.writeInteger(UInt8(ascii: "["))
        for (i, v) in values.enumerated() {
            if i > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
            string(v)
        }
        buffer.writeInteger(UInt8(ascii: "]"))
    }

    mutating func integer(_ n: Int) { buffer.writeString(String(n)) }

    mutating func optionalInteger(_ n: Int?) {
        if let n { integer(n) } else { raw("null") }
    }

    mutating func integers(_ values: [Int]) {
        buffer.writeInteger(UInt8(ascii: "["))
        for (i, v) in values.enumerated() {
            if i > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
            integer(v)
        }
        buffer.writeInteger(UInt8(ascii: "]"))
    }

    /// A finite number in its shortest round-trip form; whole values without a fraction, as
    /// JSONEncoder writes them. (Scores and times are always finite.)
    mutating func number(_ x: Double) {
        guard x.isFinite else {
            buffer.writeStaticString("0")
            return
        }
        if x == x.rounded(), abs(x) < 1e15 { return integer(Int(x)) }
        buffer.writeString(x.description)
    }
}
