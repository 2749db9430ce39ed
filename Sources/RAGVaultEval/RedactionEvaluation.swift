import Foundation
import RAGVault

/// `ragvault eval redaction`: precision, recall and F1 per entity type on a labelled JSONL
/// corpus (`{"text", "spans": [{"start","end","label"}], "doc_labels", "level"}`, code-point
/// offsets), by overlap match, plus character-level recall of labelled spans.
public enum RedactionEvaluation {
    /// Which corpus labels each of our types answers for.
    static let labelsForType: [EntityType: Set<String>] = [
        .email: ["EMAIL_ADDRESS", "EMAIL"],
        .phone: ["PHONE_NUMBER", "PHONE"],
        .creditCard: ["CREDIT_CARD"],
        .iban: ["IBAN_CODE", "IBAN"],
        .usSSN: ["US_SSN"],
        .ipAddress: ["IP_ADDRESS"],
        .macAddress: ["MAC_ADDRESS"],
        .cryptoAddress: ["CRYPTO"],
        .nationalID: [
            "FI_PERSONAL_IDENTITY_CODE", "SE_PERSONNUMMER", "ES_NIF", "ES_NIE", "PL_PESEL", "TR_NATIONAL_ID",
            "UK_NHS", "CA_SIN", "ZA_ID_NUMBER"
        ],
        .dateOfBirth: ["DATE_OF_BIRTH"],
        .person: ["PERSON"],
        .streetAddress: ["STREET_ADDRESS"]
    ]

    /// Gold labels that also make a prediction of this type correct (precision only): a date
    /// of birth is labelled DATE_TIME in corpora that have no DOB label.
    static let alsoCorrect: [EntityType: Set<String>] = [.dateOfBirth: ["DATE_TIME"]]

    /// Labels that need named-entity recognition: reported, never claimed.
    static let outOfScope: Set<String> = [
        "GPE", "ORGANIZATION", "DATE_TIME", "TITLE", "AGE", "NRP",
        "ZIP_CODE", "DOMAIN_NAME", "URL"
    ]

    public struct Score: Encodable, Sendable {
        public var truePositives = 0
        public var falsePositives = 0
        public var falseNegatives = 0
        public var precision: Double { truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives) }
        public var recall: Double { truePositives + falseNegatives == 0 ? 1 : Double(truePositives) / Double(truePositives + falseNegatives) }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

        enum CodingKeys: String, CodingKey { case truePositives = "tp", falsePositives = "fp", falseNegatives = "fn", precision, recall, f1 }
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(truePositives, forKey: .truePositives); try c.encode(falsePositives, forKey: .falsePositives)
            try c.encode(falseNegatives, forKey: .falseNegatives)
            try c.encode((precision * 1000).rounded() / 1000, forKey: .precision)
            try c.encode((recall * 1000).rounded() / 1000, forKey: .recall)
            try c.encode((f1 * 1000).rounded() / 1000, forKey: .f1)
        }
        public init() {}
    }

    public struct Report: Encodable, Sendable {
        public var records = 0
        /// Per our type, span-level (overlap) on span records.
        public var types: [String: Score] = [:]
        /// Secrets at document level, over `doc` records only (nil when there are none): a
        /// record is positive when any secret is found.
        public var secretDocuments: Score?
        /// Secrets at span level, over `span` records only (nil unless some span record labels
        /// a `SECRET`: a corpus that labels only PII says nothing about secrets): a found
        /// secret overlapping a gold `SECRET` span is right, one overlapping none is wrong, a
        /// gold span no found secret overlaps is missed.
        public var secretSpans: Score?
        /// Secret detections by detector on documents labelled SECRET / not labelled.
        public var secretDetectors: [String: Int] = [:]
        /// Fraction of labelled in-scope characters covered by some redaction.
        public var characterRecall = 0.0
        /// Labels in the corpus that this engine does not detect (need NER), with counts.
        public var notDetected: [String: Int] = [:]
        /// Why documents labelled SECRET were missed: `allow_listed_placeholder` (found once
        /// the placeholder allow-list is off), `found_as_pii` (the value was redacted as PII,
        /// e.g. an IP address), `empty_text`, or `unexplained`.
        public var secretMisses: [String: Int] = [:]
    }

    /// The reason a document labelled SECRET yielded no secret (see `Report.secretMisses`).
    static func missReason(_ text: String, found: [RedactionSpan], redactor: Redactor) -> String {
        if text.allSatisfy(\.isWhitespace) { return "empty_text" }
        let withoutAllowList = Placeholder.$allowListing.withValue(false) { redactor.redact(text).spans }
        if withoutAllowList.contains(where: { $0.type.isSecret }) { return "allow_listed_placeholder" }
        if !found.isEmpty { return "found_as_pii" }
        return "unexplained"
    }

    /// The code points `start..<end` of `text` (for development output).
    static func excerpt(_ text: String, _ start: Int, _ end: Int) -> String {
        let scalars = Array(text.unicodeScalars)
        guard 0 <= start, start <= end, end <= scalars.count else { return "" }
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }

    struct Record: Decodable {
        struct Span: Decodable { var start: Int; var end: Int; var label: String }
        var id: String?
        var text: String
        var spans: [Span]?
        var doc_labels: [String]?
        var level: String?
    }

    public static func run(corpus path: String, redactor: Redactor = Redactor(), misses: ((String, String) -> Void)? = nil) throws -> Report {
        var report = Report()
        var coveredChars = 0, labelledChars = 0
        var spansLabelSecrets = false
        // An opt-in type the redactor does not look for is not claimed.
        let claimed = labelsForType.filter { !$0.key.isOptIn || redactor.contextual.contains($0.key) }
        // Opt-in types are shown unless a policy names them: name them, to be masked.
        let policy = RedactionPolicy(pii: Dictionary(uniqueKeysWithValues: redactor.contextual.map { ($0.rawValue, RedactionPolicy.Mode.mask) }))
        let typeForLabel = Dictionary(claimed.flatMap { t, labels in labels.map { ($0, t) } }, uniquingKeysWith: { a, _ in a })
        try NDJSONBatch.forEachLine(of: path, maxLineBytes: 64 << 20) { number, content in
            guard case .line(let data) = content, let record = try? JSONDecoder().decode(Record.self, from: data) else {
                throw RAGVaultError(.invalidInput, "\(path):\(number) is not a labelled record")
            }
            report.records += 1
            let found = redactor.redact(record.text, policy: policy).spans
            if record.level == "doc" {
                let secrets = found.filter { $0.type.isSecret }
                let positive = record.doc_labels?.contains("SECRET") ?? false
                var documents = report.secretDocuments ?? Score()
                defer { report.secretDocuments = documents }
                switch (positive, !secrets.isEmpty) {
                case (true, true): documents.truePositives += 1
                case (false, true):
                    documents.falsePositives += 1
                    misses?("secret FP \(record.id ?? "") [\(secrets.map(\.detector).joined(separator: ","))]", record.text)
                case (true, false):
                    documents.falseNegatives += 1
                    let reason = missReason(record.text, found: found, redactor: redactor)
                    report.secretMisses[reason, default: 0] += 1
                    misses?("secret FN \(record.id ?? "") (\(reason))", record.text)
                default: break
                }
                for s in secrets { report.secretDetectors[s.detector, default: 0] += 1 }
                return
            }
            let gold = record.spans ?? []
            var secretSpans = report.secretSpans ?? Score()
            let goldSecrets = gold.filter { $0.label == "SECRET" }
            if !goldSecrets.isEmpty { spansLabelSecrets = true }
            for p in found where p.type.isSecret {
                if goldSecrets.contains(where: { $0.start < p.end && p.start < $0.end }) {
                    secretSpans.truePositives += 1
                } else {
                    secretSpans.falsePositives += 1; misses?("SECRET FP (span) [\(p.detector)]", record.text)
                }
            }
            for g in goldSecrets where !found.contains(where: { $0.type.isSecret && g.start < $0.end && $0.start < g.end }) {
                secretSpans.falseNegatives += 1
                misses?("SECRET FN (span)", record.text)
            }
            report.secretSpans = secretSpans
            for span in gold where typeForLabel[span.label] == nil && span.label != "SECRET" {
                if outOfScope.contains(span.label) || !typeForLabel.keys.contains(span.label) { report.notDetected[span.label, default: 0] += 1 }
            }
            let pii = found.filter { !$0.type.isSecret }
            for (type, labels) in claimed {
                let goldSpans = gold.filter { labels.contains($0.label) }
                let predicted = pii.filter { $0.type == type }
                var score = report.types[type.rawValue] ?? Score()
                let accepted = labels.union(alsoCorrect[type] ?? [])
                for p in predicted {
                    if gold.contains(where: { accepted.contains($0.label) && $0.start < p.end && p.start < $0.end }) {
                        score.truePositives += 1
                    } else if !gold.contains(where: { $0.start < p.end && p.start < $0.end && labels.contains($0.label) }) {
                        score.falsePositives += 1
                        misses?("\(type.rawValue) FP «\(excerpt(record.text, p.start, p.end))»", record.text)
                    }
                }
                for g in goldSpans where !predicted.contains(where: { g.start < $0.end && $0.start < g.end }) {
                    score.falseNegatives += 1
                    misses?("\(type.rawValue) FN [\(g.label)]", record.text)
                }
                if !(predicted.isEmpty && goldSpans.isEmpty) { report.types[type.rawValue] = score }
            }
            for g in gold where typeForLabel[g.label] != nil {
                labelledChars += g.end - g.start
                for c in g.start..<g.end where found.contains(where: { $0.start <= c && c < $0.end }) { coveredChars += 1 }
            }
        }
        report.characterRecall = labelledChars == 0 ? 1 : Double(coveredChars) / Double(labelledChars)
        if !spansLabelSecrets { report.secretSpans = nil }
        return report
    }
}
