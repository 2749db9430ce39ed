import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault

/// A valid card is judged on its own whatever number or date comes before it (issue 28 item 1:
/// "paid 2024-01-05 4111 1111 1111 1111" and "row 1234 4111 …" were left in clear). Generated:
/// cards of every major brand in their printed groupings, after dates, amounts, times, ids and
/// counts written as people write them; and the same with the check digit broken, which must
/// not be called a card.
@Suite struct CardAfterNumberTests {
    /// A Luhn-valid number of `length` digits starting with `prefix` (or, `valid: false`, one
    /// whose check digit is off by one).
    static func card(_ prefix: String, length: Int, valid: Bool, _ random: inout SplitMix64) -> String {
        var digits = prefix.map { Int(String($0))! }
        while digits.count < length - 1 { digits.append(Int(random.next() % 10)) }
        var sum = 0
        for (i, d) in digits.reversed().enumerated() { let v = i % 2 == 0 ? d * 2 : d; sum += v > 9 ? v - 9 : v }
        let check = (10 - sum % 10) % 10
        return (digits + [valid ? check : (check + 1) % 10]).map(String.init).joined()
    }

    /// The printed forms of a card number.
    static func printed(_ number: String, _ random: inout SplitMix64) -> String {
        let chars = Array(number)
        func grouped(_ sizes: [Int], _ separator: String) -> String {
            var at = 0
            return sizes.map { size in
                defer { at += size }; return String(chars[at..<at + size])
            }.joined(separator: separator)
        }
        let separator = [" ", "-"][Int(random.next() % 2)]
        switch (chars.count, random.next() % 2) {
        case (16, 0): return grouped([4, 4, 4, 4], separator)
        case (15, 0): return grouped([4, 6, 5], separator)
        default: return number
        }
    }

    static func before(_ random: inout SplitMix64) -> String {
        var r = random
        defer { random = r }
        func n(_ range: ClosedRange<Int>) -> Int { Int(r.next() % UInt64(range.count)) + range.lowerBound }
        func two(_ range: ClosedRange<Int>) -> String { String(format: "%02d", n(range)) }
        switch r.next() % 9 {
        case 0: return "paid \(n(2000...2030))-\(two(1...12))-\(two(1...28))"
        case 1: return "on \(two(1...28)).\(two(1...12)).\(n(2000...2030))"
        case 2: return "\(n(1...12))/\(n(1...28))/\(n(2000...2030))"
        case 3: return "row \(n(1...99_999_999))"
        case 4: return "order \(n(1000...9999))"
        case 5: return "total \(n(1...9)),\(n(100...999)).\(n(10...99))"
        case 6: return "at \(two(0...23)):\(two(0...59))"
        case 7: return "ref \(n(10_000...999_999))"
        default: return "qty \(n(1...99))"
        }
    }

    static let brands: [(prefix: String, length: Int)] = [
        ("4", 16), ("4", 13), ("51", 16), ("55", 16), ("2221", 16), ("34", 15), ("37", 15), ("6011", 16), ("3530", 16)
    ]

    @Test(arguments: 0..<6)
    func aValidCardAfterANumberOrDateIsMasked(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed) &* 0x9E37_79B9)
        for _ in 0..<200 {
            let brand = Self.brands[Int(random.next() % UInt64(Self.brands.count))]
            let number = Self.card(brand.prefix, length: brand.length, valid: true, &random)
            let text = "\(Self.before(&random)) \(Self.printed(number, &random)) thanks"
            let out = Redactor().redact(text)
            #expect(out.spans.contains { $0.type == .creditCard }, "\(text) → \(out.text)")
            #expect(!out.text.filter(\.isNumber).contains(number), "\(text) → \(out.text)")
        }
    }

    @Test(arguments: 0..<3)
    func aBrokenCheckDigitIsNoCard(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed) &+ 77)
        for _ in 0..<200 {
            let brand = Self.brands[Int(random.next() % UInt64(Self.brands.count))]
            let number = Self.card(brand.prefix, length: brand.length, valid: false, &random)
            let text = "\(Self.before(&random)) \(Self.printed(number, &random)) thanks"
            #expect(!Redactor().redact(text).spans.contains { $0.type == .creditCard }, "\(text)")
        }
    }

    /// Numbers that only look like a card's tail stay what they were.
    @Test func longerNumbersKeepTheirReading() {
        #expect(!Redactor().redact("1234 5678 9012 3456").spans.contains { $0.type == .creditCard })
        #expect(Redactor().redact("room 12 415-555-0132").spans.map(\.type) == [.phone])
    }
}
