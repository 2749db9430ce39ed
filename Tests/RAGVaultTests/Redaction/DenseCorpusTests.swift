import Foundation
import Testing
@testable import RAGVault
@testable import RAGVaultBench

/// The built-in secret-dense benchmark text is dense and fully caught: a benchmark that
/// measured text the engine misses would measure the wrong thing.
@Suite struct DenseCorpusTests {
    @Test func builtinDenseTextIsDenseAndNothingFabricatedSurvives() {
        let text = DenseRedactionCorpus.text(bytes: 60_000)
        #expect(text == DenseRedactionCorpus.text(bytes: 60_000), "not deterministic")
        let out = Redactor().redact(text)
        // A credential or personal value every few lines.
        #expect(out.spans.count * 250 >= text.utf8.count, "\(out.spans.count) spans in \(text.utf8.count) bytes")
        for marker in ["AKIA", "ghp_", "sk_live_", "Bearer ", "eyJhbGci", "4111 1111", "536-22-", "GB82 WEST", "@example."] {
            #expect(text.contains(marker), "the corpus lost \(marker)")
        }
        for survivor in ["ghp_", "sk_live_", "AKIA", "eyJhbGci", "4111 1111", "GB82 WEST", "@example.", "536-22-"] {
            #expect(!out.text.contains(survivor), "\(survivor) survived redaction")
        }
        // Every password-like assignment, flag and statement lost its value.
        for line in out.text.split(separator: "\n") where line.contains("PASSWORD") || line.contains("password") || line.contains(" -p") {
            #expect(line.contains("[REDACTED:") || !line.contains(where: \.isNumber), "kept: \(line)")
        }
    }
}
