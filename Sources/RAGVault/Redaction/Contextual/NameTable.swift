/// What the census lists say of a word: a given name, a surname, an ordinary English word too.
/// Looked up by the word's bytes, case-folded (ASCII), without making a String per word.
struct NameTable: Sendable {
    struct Kind: OptionSet, Sendable {
        let rawValue: UInt8
        static let given = Kind(rawValue: 1)
        static let surname = Kind(rawValue: 2)
        /// Also an ordinary lower-case word ("will", "grace", "brown"): capitalisation alone
        /// (a sentence's first word, a heading) does not make it a name.
        static let common = Kind(rawValue: 4)
        /// Also a place ("Georgia", "Jordan", "German"): alone, not a person.
        static let place = Kind(rawValue: 8)
    }

    /// Open addressing over 64-bit FNV-1a hashes of the folded words (27,000 entries: a false
    /// match needs a 64-bit collision), with what each word is beside it.
    private var hashes: [UInt64]
    private var kinds: [Kind]
    private let mask: Int

    static let shared = NameTable()

    private init() {
        let lists: [(String, Kind)] = [(Self.givenNameList, .given), (Self.surnameList, .surname), (Self.commonWordList, .common), (Self.placeList, .place)]
        let total = lists.reduce(0) { $0 + $1.0.utf8.count / 5 }
        var size = 1
        while size < total * 2 { size <<= 1 }
        hashes = [UInt64](repeating: 0, count: size)
        kinds = [Kind](repeating: [], count: size)
        mask = size - 1
        for (list, kind) in lists {
            for word in list.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                let bytes = Array(word.utf8)
                bytes.withUnsafeBufferPointer { insert(WordSet.hash($0, 0, $0.count), kind) }
            }
        }
    }

    private mutating func insert(_ hash: UInt64, _ kind: Kind) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while hashes[slot] != 0 && hashes[slot] != hash { slot = (slot + 1) & mask }
        hashes[slot] = hash
        kinds[slot].formUnion(kind)
    }

    /// What the word `s[start..<end]` is (empty: not in the lists).
    func kind(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Kind {
        guard end - start >= 2, end - start <= 24 else { return [] }
        let hash = WordSet.hash(s, start, end)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while hashes[slot] != 0 {
            if hashes[slot] == hash { return kinds[slot] }
            slot = (slot + 1) & mask
        }
        return []
    }
}
