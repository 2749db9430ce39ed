import Foundation
import Testing
@testable import RAGVault
@testable import RAGVaultEval

/// `eval redaction` scores the engine on labelled data; its counts and miss reasons must be
/// right, and turning the allow-list off to explain a miss must not leak into redaction.
@Suite struct RedactionEvaluationTests {
    @Test(arguments: [
        ("", "empty_text"),
        ("aws key AKIAIOSFODNN7EXAMPLE", "allow_listed_placeholder"),
        ("host 10.20.30.40 is down", "found_as_pii"),
        ("nothing secret here", "unexplained")
    ])
    func missesAreExplained(text: String, reason: String) {
        let redactor = Redactor()
        #expect(RedactionEvaluation.missReason(text, found: redactor.redact(text).spans, redactor: redactor) == reason)
        // The allow-list is back on afterwards.
        #expect(redactor.redact("aws key AKIAIOSFODNN7EXAMPLE").spans.isEmpty)
    }

    @Test func countsSpanAndDocumentRecords() throws {
        let lines = [
            #"{"text": "mail jane.doe@example.org now", "spans": [{"start": 5, "end": 25, "label": "EMAIL_ADDRESS"}], "level": "span"}"#,
            #"{"text": "call +1 415 555 0134", "spans": [], "level": "span"}"#,
            #"{"text": "token ghp_R2x8mQ7vL4pZ9tY1wK6nB3cJ5hF0dS8aE2uG", "doc_labels": ["SECRET"], "level": "doc"}"#,
            #"{"text": "key AKIAIOSFODNN7EXAMPLE", "doc_labels": ["SECRET"], "level": "doc"}"#,
            #"{"text": "plain words", "doc_labels": [], "level": "doc"}"#
        ]
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("eval-\(UUID().uuidString).jsonl").path
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let report = try RedactionEvaluation.run(corpus: path)
        #expect(report.records == 5)
        #expect(report.types["EMAIL"]?.truePositives == 1)
        #expect(report.types["PHONE"]?.falsePositives == 1) // found, not labelled
        #expect(report.secretDocuments?.truePositives == 1)
        #expect(report.secretDocuments?.falseNegatives == 1)
        #expect(report.secretDocuments?.falsePositives == 0)
        #expect(report.secretMisses == ["allow_listed_placeholder": 1])
    }

    /// Span-labelled secrets are scored at span level; with no `doc` records there is no
    /// document score at all (not a vacuous 1.000), and SECRET is not "not detected".
    @Test func spanLabelledSecretsAreScoredAtSpanLevelOnly() throws {
        let lines = [
            #"{"text": "export TOKEN=ghp_R2x8mQ7vL4pZ9tY1wK6nB3cJ5hF0dS8aE2uG", "spans": [{"start": 13, "end": 53, "label": "SECRET"}], "level": "span"}"#,
            #"{"text": "the password is Hunter2Strong! ok", "spans": [{"start": 16, "end": 30, "label": "SECRET"}], "level": "span"}"#,
            #"{"text": "an unlabelled key AKIAQ3EGRVNWXK2ZLM7P", "spans": [], "level": "span"}"#,
            #"{"text": "a secret nobody finds: correct horse", "spans": [{"start": 23, "end": 36, "label": "SECRET"}], "level": "span"}"#
        ]
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("eval-\(UUID().uuidString).jsonl").path
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let report = try RedactionEvaluation.run(corpus: path)
        #expect(report.secretSpans?.truePositives == 2)
        #expect(report.secretSpans?.falsePositives == 1)
        #expect(report.secretSpans?.falseNegatives == 1)
        #expect(report.secretDocuments == nil)
        #expect(report.notDetected["SECRET"] == nil)
    }
}
