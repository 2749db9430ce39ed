import Testing

@testable import RAGVaultHTTP

/// Header values are trimmed of HTTP's optional white space (spaces, tabs) only; a media type
/// loses its parameters and its case.
@Suite struct HeaderValueTests {
    @Test(arguments: [
        ("abc", "abc"), ("  abc", "abc"), ("abc\t ", "abc"), ("\t a b \t", "a b"), ("", ""), (" \t ", ""),
        ("rvk_1_x", "rvk_1_x"), ("\u{00A0}key", "\u{00A0}key")
    ])
    func trimsSpacesAndTabs(_ raw: String, _ trimmed: String) {
        #expect(HeaderValue.trimmed(raw) == Substring(trimmed))
    }

    @Test func mediaTypeWithoutParameters() {
        #expect(HeaderValue.mediaType("Application/JSON; charset=utf-8") == "application/json")
        #expect(HeaderValue.mediaType(" application/x-ndjson ") == "application/x-ndjson")
        #expect(HeaderValue.mediaType(";charset=utf-8") == "")
        #expect(HeaderValue.mediaType("") == "")
        #expect(HeaderValue.mediaType(nil) == nil)
    }
}
