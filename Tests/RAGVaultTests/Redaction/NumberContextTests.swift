import Foundation
import RAGVaultTestSupport
import Testing
@testable import RAGVault

/// Cards and phones next to other numbers (issue 12, item 3): a number before them or a
/// parenthesised note after them does not hide them, and a run that is one number stays one.
@Suite struct NumberContextTests {
    static func found(_ text: String) -> [(EntityType, String)] {
        let scalars = Array(text.unicodeScalars)
        return Redactor().redact(text).spans.map { ($0.type, String(String.UnicodeScalarView(scalars[$0.start..<$0.end]))) }
    }

    @Test(arguments: [
        ("row 7 4111 1111 1111 1111", EntityType.creditCard, "4111 1111 1111 1111"),
        ("acct 12 4111111111111111", .creditCard, "4111111111111111"),
        ("card 4111 1111 1111 1111 (12/27)", .creditCard, "4111 1111 1111 1111"),
        ("card 4111 1111 1111 1111 (expires soon)", .creditCard, "4111 1111 1111 1111"),
        ("row 3 5500 0000 0000 0004 (test card)", .creditCard, "5500 0000 0000 0004"),
        ("call +1 415 555 0132 (2)", .phone, "+1 415 555 0132"),
        ("room 12 415-555-0132", .phone, "415-555-0132"),
    ])
    func foundBesideOtherNumbers(_ text: String, _ type: EntityType, _ value: String) {
        let spans = Self.found(text)
        #expect(spans.count == 1 && spans.first?.0 == type && spans.first?.1 == value, "\(text) → \(spans)")
    }

    @Test(arguments: ["51 824 753 5564", "2023 10 12 14 30 00", "version 1.2.3 4111", "row 7 4111 1111 1111 1112",
                      "The order number 1234 5678 9012 3456 is not a card."])
    func oneNumberStaysOne(_ text: String) {
        #expect(Self.found(text).isEmpty, "\(text) → \(Self.found(text))")
    }

    /// A leading byte-order mark stays in the output and counts in the offsets.
    @Test func byteOrderMarkDoesNotShiftOffsets() throws {
        let input = "\u{FEFF}mail dana@globex.example now\n"
        let result = try CLIBinary.run(["redact", "--json"], stdin: input)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let span = try #require((json["spans"] as? [[String: Any]])?.first)
        let scalars = Array(input.unicodeScalars)
        let (start, end) = (span["start"] as? Int ?? -1, span["end"] as? Int ?? -1)
        #expect(String(String.UnicodeScalarView(scalars[start..<end])) == "dana@globex.example")
        #expect(result.stdout.contains("\"text\" : \"\u{FEFF}mail"), "the mark stays in the output text")
    }
}
