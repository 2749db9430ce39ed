import Testing
@testable import RAGVault

/// Ethereum addresses (issue 12, item 3): EIP-55's own test vectors verify; one flipped
/// letter case fails the checksum and is left alone; single-case addresses carry no checksum.
@Suite struct EthereumAddressTests {
    static func crypto(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return Redactor().redact(text).spans.filter { $0.type == .cryptoAddress }
            .map { String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) }
    }

    @Test(arguments: [
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
        "0x52908400098527886E0F7030069857D2E4169EE7", "0xde709f2102306220921060314715629080e2fb77"
    ])
    func checksummedAndSingleCaseAddressesAreFound(_ address: String) {
        #expect(Self.crypto("send to \(address) today") == [address])
    }

    @Test(arguments: [
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", // last letter's case flipped
        "0x52908400098527886E0F7030069857D2E4169Ee7",
        "0x0000000000000000000000000000000000000000",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed00" // 42 hex digits: something else
    ])
    func badChecksumsAndLookAlikesAreNot(_ text: String) {
        #expect(Self.crypto(text).isEmpty, "\(text)")
    }

    /// Keccak-256 itself, against the published empty-input digest.
    @Test func keccakMatchesTheReference() {
        let digest = Keccak.hash256([]).map { String(format: "%02x", $0) }.joined()
        #expect(digest == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
    }
}
