import RAGVault

/// One generated text and the UTF-8 byte ranges in it that a redactor must cover (none for a
/// hard negative).
struct GeneratedCase {
    let kind: String
    let text: String
    let values: [Range<Int>]
}

/// Builds a text piece by piece, remembering where the values went.
struct CaseBuilder {
    private(set) var text = ""
    private(set) var values: [Range<Int>] = []

    mutating func add(_ piece: String) { text += piece }

    mutating func value(_ piece: String) {
        let start = text.utf8.count
        text += piece
        values.append(start..<text.utf8.count)
    }

    func build(_ kind: String) -> GeneratedCase { GeneratedCase(kind: kind, text: text, values: values) }
}

/// The random choices every generator makes.
struct Draw {
    var random: SplitMix64

    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(random.next() % UInt64(range.count)) }
    mutating func chance(_ p: Double) -> Bool { Double(random.next() % 10_000) < p * 10_000 }
    mutating func pick<T>(_ list: [T]) -> T { list[int(0...(list.count - 1))] }

    mutating func string(_ count: Int, _ alphabet: String) -> String {
        let letters = Array(alphabet)
        return String((0..<count).map { _ in letters[int(0...(letters.count - 1))] })
    }

    static let lower = "abcdefghijklmnopqrstuvwxyz", upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", digits = "0123456789"
    static let alnum = lower + upper + digits, hex = "0123456789abcdef"

    /// A password as people choose them: a capitalised word with digits and a symbol, leetspeak,
    /// a word and a year, or generated characters.
    mutating func password() -> String {
        let words = [
            "Sommer", "winter", "Falcon", "orange", "Bastille", "Tulpen", "dragon", "Maple", "kaffee", "Soleil",
            "primavera", "Zebra", "monkey", "Horizon", "Tiger", "fiets", "bonjour", "Neptun", "sunrise", "Cobalt"
        ]
        let symbols = ["!", "#", "$", "%", "&", "*", "@", "+", "_"]
        switch int(0...5) {
        case 0: return pick(words) + String(int(1970...2029)) + pick(symbols)
        case 1: return pick(words).capitalized + pick(symbols) + String(int(10...9999))
        case 2:
            let leet: [Character: Character] = ["a": "4", "e": "3", "o": "0", "i": "1", "s": "$"]
            return String(pick(words).map { leet[$0] ?? $0 }) + String(int(1...99))
        case 3: return string(int(10...20), Draw.alnum + "!#%&*+-_=")
        case 4: return pick(words).lowercased() + String(int(10...999))
        default: return [pick(words), pick(words), pick(words)].joined(separator: pick(["-", "."])) + String(int(1...9))
        }
    }

    /// A machine-generated token: random letters and digits, hex, or base64.
    mutating func token() -> String {
        switch int(0...3) {
        case 0: return string(int(20...48), Draw.alnum)
        case 1: return string(pick([32, 40, 64]), Draw.hex)
        case 2: return string(int(28...44), Draw.alnum + "+/") + pick(["", "=", "=="])
        default: return string(int(8...12), Draw.alnum) + "_" + string(int(16...32), Draw.alnum)
        }
    }

    /// A password or a token.
    mutating func credential() -> String { chance(0.5) ? password() : token() }

    /// A value as written: bare or in quotes of some kind.
    mutating func quoted(_ value: String, _ b: inout CaseBuilder, quotes: [String] = ["", "", "\"", "'", "`"]) {
        let q = pick(quotes)
        let close = q == "«" ? "»" : q == "„" ? "“" : q
        b.add(q); b.value(value); b.add(close)
    }
}
