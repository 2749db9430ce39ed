/// A set of lower-case words asked about words of a text in place: a 64-bit FNV-1a hash of the
/// word's bytes, ASCII letters folded, looked up without making a String (the grammars ask
/// about almost every word of a text). Words of up to 32 bytes; a false match needs a 64-bit
/// collision.
struct WordSet: Sendable {
    private var hashes: [UInt64]
    private let mask: Int

    init(_ words: some Sequence<String>) {
        let list = Array(words)
        var size = 16
        while size < list.count * 2 { size <<= 1 }
        hashes = [UInt64](repeating: 0, count: size)
        mask = size - 1
        for word in list { insert(Array(word.utf8).withUnsafeBufferPointer { Self.hash($0, 0, $0.count) }) }
    }

    /// Every word of `sets`: one lookup where a hot path would ask each set in turn.
    init(merging sets: [WordSet]) {
        let hashes = sets.flatMap { $0.hashes.filter { $0 != 0 } }
        var size = 16
        while size < hashes.count * 2 { size <<= 1 }
        self.hashes = [UInt64](repeating: 0, count: size)
        mask = size - 1
        for hash in hashes { insert(hash) }
    }

    private mutating func insert(_ hash: UInt64) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while hashes[slot] != 0 && hashes[slot] != hash { slot = (slot + 1) & mask }
        hashes[slot] = hash
    }

    func contains(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard end > start, end - start <= 32 else { return false }
        let hash = Self.hash(s, start, end)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while hashes[slot] != 0 {
            if hashes[slot] == hash { return true }
            slot = (slot + 1) & mask
        }
        return false
    }

    func contains(_ s: UnsafeBufferPointer<UInt8>, _ w: TextWords.Word) -> Bool { contains(s, w.start, w.end) }

    func contains(_ word: String) -> Bool {
        Array(word.utf8).withUnsafeBufferPointer { contains($0, 0, $0.count) }
    }

    /// FNV-1a over ASCII-folded bytes; never 0 (the empty slot).
    static func hash(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in start..<end {
            h = (h ^ UInt64(Bytes.lower(s[i]))) &* 0x0000_0100_0000_01B3
        }
        return h == 0 ? 1 : h
    }
}

extension TextWords {
    /// Whether `w` is `word` (lower-case ASCII), ASCII letters folded.
    static func word(_ s: UnsafeBufferPointer<UInt8>, _ w: Word, is word: StaticString) -> Bool {
        guard w.end - w.start == word.utf8CodeUnitCount else { return false }
        return word.withUTF8Buffer { expected in (0..<expected.count).allSatisfy { Bytes.lower(s[w.start + $0]) == expected[$0] } }
    }
}
