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
        ("room 12 415-555-0132", .phone, "415-555-0132")
    ])
    func foundBesideOtherNumbers(_ text: String, _ type: EntityType, _ value: String) {
        let spans = Self.found(text)
        #expect(spans.count == 1 && spans.first?.0 == type && spans.first?.1 == value, "\(text) → \(spans)")
    }

    @Test(arguments: [
        "51 824 753 5564", "2023 10 12 14 30 00", "version 1.2.3 4111", "row 7 4111 1111 1111 1112",
        "The order number 1234 5678 9012 3456 is not a card."
    ])
    func oneNumberStaysOne(_ text: String) {
        #expect(Self.found(text).isEmpty, "\(text) → \(Self.found(text))")
    }

    /// ASN.1 object identifiers are not IPv4 addresses (issue 12, item 2); addresses near them still are.
    @Test func objectIdentifiersAreNotAddresses() {
        #expect(Self.found("OID 1.3.6.1.4.1.311.21.7 names a template").isEmpty)
        #expect(Self.found("the commonName OID is 2.5.4.3").isEmpty)
        #expect(Self.found("object identifier 1.2.840.1").isEmpty)
        #expect(Self.found("OIDs: 2.5.4.3, 2.5.4.10").isEmpty)
        #expect(Self.found("host 10.1.2.3 is down").map(\.0) == [.ipAddress])
        #expect(Self.found("void 10.1.2.3").map(\.0) == [.ipAddress], "'void' is not 'oid'")
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
