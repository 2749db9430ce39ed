/// Splits a byte stream into newline-delimited messages in linear time: each byte is looked at
/// once, and a message over `limit` bytes is refused the moment it passes the limit — its bytes
/// are dropped up to the next newline instead of being buffered. (The MCP SDK's stdio transport
/// searched its whole buffer again after every 4 KiB read: 30 MB on one line took minutes.)
struct LineSplitter {
    enum Piece: Equatable {
        case line([UInt8])
        /// A message passed the limit; what follows up to its newline is discarded.
        case tooLong
    }

    let limit: Int
    private var pending: [UInt8] = []
    private var discarding = false

    init(limit: Int) {
        self.limit = limit
    }

    mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>) -> [Piece] {
        var pieces: [Piece] = []
        var start = 0
        while start < chunk.count {
            let newline = chunk[start...].firstIndex(of: 0x0A)
            let end = newline ?? chunk.count
            if !discarding {
                pending.append(contentsOf: chunk[start..<end])
                if pending.count > limit {
                    pieces.append(.tooLong)
                    pending = []
                    discarding = newline == nil
                }
            }
            guard let newline else { break }
            if discarding {
                discarding = false
            } else if let line = Self.trimmed(pending) {
                pieces.append(.line(line))
            }
            pending.removeAll(keepingCapacity: pending.count <= 64 << 10)
            start = newline + 1
        }
        return pieces
    }

    /// What is left when the stream ends without a final newline.
    mutating func finish() -> [Piece] {
        defer { pending = [] }
        return discarding ? [] : Self.trimmed(pending).map { [.line($0)] } ?? []
    }

    /// The line without a trailing CR; nil when blank.
    private static func trimmed(_ line: [UInt8]) -> [UInt8]? {
        var line = line
        if line.last == 0x0D { line.removeLast() }
        return line.allSatisfy { $0 == 0x20 || $0 == 0x09 } ? nil : line
    }
}
