import Foundation

/// Edits a SQLite WAL file the way an attacker with write access could: change a frame
/// header and then repair SQLite's own checksums so that only the AEAD can notice.
///
/// SQLite's WAL checksum is a pair of 32-bit sums (s0 += x0 + s1; s1 += x1 + s0) over the
/// first 8 header bytes and the page, chained from frame to frame. It is linear, so the effect
/// of changing a header word can be propagated without knowing the (encrypted) page content.
struct WALFile {
    static let headerBytes = 32
    static let frameHeaderBytes = 24
    let pageSize: Int
    var bytes: [UInt8]

    init(path: String, pageSize: Int = 4096) throws {
        bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        self.pageSize = pageSize
    }

    var frameCount: Int { (bytes.count - Self.headerBytes) / (Self.frameHeaderBytes + pageSize) }

    func frameOffset(_ index: Int) -> Int { Self.headerBytes + index * (Self.frameHeaderBytes + pageSize) }

    func pageNumber(ofFrame index: Int) -> UInt32 { readBE(frameOffset(index)) }

    /// Sets frame `index`'s page number and repairs the checksums of it and every later frame.
    mutating func setPageNumber(ofFrame index: Int, to page: UInt32) {
        let at = frameOffset(index)
        let old = readNative(at)
        writeBE(at, page)
        let delta = readNative(at) &- old
        // After the first step of this frame both sums moved by delta; each later 8-byte step
        // maps a delta (a, b) to (a + b, a + 2b).
        var (a, b) = (delta, delta)
        let stepsPerFrame = (8 + pageSize) / 8
        for _ in 1..<stepsPerFrame { (a, b) = step(a, b) }
        var frame = index
        while frame < frameCount {
            let sums = frameOffset(frame) + 16
            writeBE(sums, readBE(sums) &+ a)
            writeBE(sums + 4, readBE(sums + 4) &+ b)
            frame += 1
            for _ in 0..<stepsPerFrame { (a, b) = step(a, b) }
        }
    }

    func commitSize(ofFrame index: Int) -> UInt32 { readBE(frameOffset(index) + 4) }

    /// Rewrites frames: position j gets the content (header and page) of original frame
    /// `sources[j]`; SQLite's checksum chain is then recomputed over the whole log without
    /// knowing any page's plaintext. The checksum is affine in the previous sums and the data,
    /// so each frame's data term is its stored sums minus the carried-over previous sums.
    mutating func rearrange(_ sources: [Int: Int]) {
        let stepsPerFrame = (8 + pageSize) / 8
        func carry(_ s: (UInt32, UInt32)) -> (UInt32, UInt32) {
            var (a, b) = s
            for _ in 0..<stepsPerFrame { (a, b) = step(a, b) }
            return (a, b)
        }
        func sums(_ frame: Int) -> (UInt32, UInt32) {
            frame < 0 ? (readBE(24), readBE(28)) : (readBE(frameOffset(frame) + 16), readBE(frameOffset(frame) + 20))
        }
        let original = bytes
        let frameBytes = Self.frameHeaderBytes + pageSize
        var dataTerm: [(UInt32, UInt32)] = []
        for k in 0..<frameCount {
            let (c, p) = (sums(k), carry(sums(k - 1)))
            dataTerm.append((c.0 &- p.0, c.1 &- p.1))
        }
        for (position, source) in sources {
            bytes.replaceSubrange(
                frameOffset(position)..<(frameOffset(position) + frameBytes),
                with: original[frameOffset(source)..<(frameOffset(source) + frameBytes)])
        }
        var previous = sums(-1)
        for k in 0..<frameCount {
            let term = dataTerm[sources[k] ?? k]
            let carried = carry(previous)
            let now = (carried.0 &+ term.0, carried.1 &+ term.1)
            writeBE(frameOffset(k) + 16, now.0)
            writeBE(frameOffset(k) + 20, now.1)
            previous = now
        }
    }

    private func step(_ a: UInt32, _ b: UInt32) -> (UInt32, UInt32) {
        let a2 = a &+ b
        return (a2, b &+ a2)
    }

    /// Words are summed in the byte order named by the WAL magic; on x86 SQLite writes the
    /// little-endian magic (0x377f0682), so words are read little-endian.
    private func readNative(_ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }

    private func readBE(_ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }

    private mutating func writeBE(_ at: Int, _ v: UInt32) {
        bytes[at] = UInt8(v >> 24); bytes[at + 1] = UInt8((v >> 16) & 0xff)
        bytes[at + 2] = UInt8((v >> 8) & 0xff); bytes[at + 3] = UInt8(v & 0xff)
    }

    func write(to path: String) throws { try Data(bytes).write(to: URL(fileURLWithPath: path)) }
}
