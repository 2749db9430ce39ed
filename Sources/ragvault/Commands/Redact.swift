import ArgumentParser
import Foundation
import RAGVault

struct Redact: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Redact secrets and PII from a file or stdin.",
        discussion: """
            Prints the redacted text, or with --json {"spans":[{"start","end","type","detector"}],"text"} \
            with offsets in Unicode code points of the input. With --tenant, that tenant's policy \
            and pseudonym key apply; otherwise every PII type is masked.
            """)
    @OptionGroup var options: DataOptions
    @Option(help: "Apply this tenant's redaction policy.") var tenant: String?
    @Flag(help: "Print spans as JSON.") var json = false
    @Argument(help: "File to read (default: stdin).") var file: String?

    static let maximumInput = 256 << 20

    struct Span: Encodable { let start: Int; let end: Int; let type: String; let detector: String }
    struct Output: Encodable { let spans: [Span]; let text: String }

    func run() throws {
        let data: Data
        if let file {
            guard let contents = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(Data("error: cannot read \(file) [invalid_input]\n".utf8))
                throw ExitCode(2)
            }
            data = contents
        } else {
            data = FileHandle.standardInput.readDataToEndOfFile()
        }
        // The engine holds the text and its position lists in memory; larger inputs should be
        // split (e.g. by file) before piping them through.
        guard data.count <= Self.maximumInput else {
            FileHandle.standardError.write(Data("error: input is \(data.count) bytes, more than \(Self.maximumInput) [input_too_large]\n".utf8))
            throw ExitCode(2)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            FileHandle.standardError.write(Data("error: input is not valid UTF-8 [invalid_input]\n".utf8))
            throw ExitCode(2)
        }
        var redactor = Redactor()
        var policy = RedactionPolicy.default
        if let tenant {
            let vault = try options.openVault()
            (redactor, policy) = try CLI.run { try vault.redaction(for: tenant) }
        }
        let out = redactor.redact(text, policy: policy)
        if json {
            try CLI.printJSON(Output(spans: out.spans.map { Span(start: $0.start, end: $0.end, type: $0.type.rawValue, detector: $0.detector) },
                                     text: out.text))
        } else {
            FileHandle.standardOutput.write(Data(out.text.utf8))
        }
    }
}

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Evaluate engines on labelled data.", subcommands: [Redaction.self])

    struct Redaction: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Precision, recall and F1 per entity type on a labelled JSONL corpus.")
        @Option(help: "Labelled JSONL file (e.g. shared/corpus/redaction-dev.jsonl).") var corpus: String
        @Flag(help: "Print JSON.") var json = false
        @Flag(help: "Print each miss (for development).") var verbose = false

        func run() throws {
            let report = try CLI.run {
                try RedactionEvaluation.run(corpus: corpus, misses: verbose ? { kind, text in
                    print("\(kind): \(text.prefix(160).replacingOccurrences(of: "\n", with: "⏎"))")
                } : nil)
            }
            if json { return try CLI.printJSON(report) }
            let f = { (x: Double) in String(format: "%.3f", x) }
            print("records: \(report.records)")
            print("type              tp    fp    fn  precision recall   f1")
            for (name, s) in report.types.sorted(by: { $0.key < $1.key }) {
                print(name.padding(toLength: 16, withPad: " ", startingAt: 0),
                      String(format: "%5d %5d %5d", s.truePositives, s.falsePositives, s.falseNegatives),
                      "  \(f(s.precision))    \(f(s.recall))  \(f(s.f1))")
            }
            let d = report.secretDocuments
            print("SECRET (doc)    ", String(format: "%5d %5d %5d", d.truePositives, d.falsePositives, d.falseNegatives),
                  "  \(f(d.precision))    \(f(d.recall))  \(f(d.f1))")
            if !report.secretMisses.isEmpty {
                print("SECRET misses by reason: " + report.secretMisses.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            }
            print("character recall of labelled in-scope spans: \(f(report.characterRecall))")
            print("not detected (need NER or not implemented): " + report.notDetected.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
    }
}
