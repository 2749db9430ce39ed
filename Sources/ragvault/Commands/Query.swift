import ArgumentParser
import Foundation
import RAGVault

struct Query: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Search a tenant as a given user and roles (local operator tool).",
        discussion: """
            Goes through the same Retriever as every other interface: ACL inside the index \
            query, scoped ranking, redaction. Remote callers use the API with a key; this command \
            impersonates explicitly.
            """)
    @OptionGroup var options: DataOptions
    @Option(help: "Tenant to search.") var tenant: String
    @Option(name: .customLong("as"), help: "The user to search as (user:ID or ID).") var subject: String?
    @Option(help: "Comma-separated roles (role:NAME or NAME).") var roles: String = ""
    @Option(help: "Comma-separated groups (group:NAME or NAME).") var groups: String = ""
    @Option(name: .customLong("top-k"), help: "Results to return (1-50).") var topK = SearchRequest.defaultTopK
    @Option(help: "Neighbouring chunks to include with each hit (0-2).") var context = 0
    @Option(name: .customLong("document"), parsing: .singleValue, help: "Only this document id (repeatable).") var documents: [String] = []
    @Option(
        help: """
            natural (any word, ranked; +word required), all (every word), any (no stopwords dropped); \
            vector or hybrid (with --vector).
            """)
    var match: String?
    @Option(help: "The query's vector as a JSON array, in the tenant's dimensions (ragvault vectors show).") var vector: String?
    @Flag(help: "Print JSON.") var json = false
    @Argument(help: "The search text.") var text: String

    func run() throws {
        let vault = try options.openVault()
        let result = try CLI.run {
            let principal = try Principal.impersonating(
                tenant: tenant, subject: subject,
                roles: roles.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) },
                groups: groups.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            var request = SearchRequest(query: text, topK: topK, documentIDs: documents.isEmpty ? nil : documents, context: context)
            if let match {
                if let words = MatchMode(rawValue: match) {
                    (request.match, request.mode) = (words, .text)
                } else if let mode = SearchMode(rawValue: match), mode != .text {
                    request.mode = mode
                } else {
                    throw RAGVaultError(.queryInvalid, "--match must be natural, all, any, vector or hybrid")
                }
            }
            if let vector {
                guard let values = try? JSONDecoder().decode([Float].self, from: Data(vector.utf8)) else {
                    throw RAGVaultError(.queryInvalid, "--vector must be a JSON array of numbers, e.g. [0.1, -0.3, …]")
                }
                request.vector = values
            }
            return try Retriever(vault: vault).search(request, as: principal)
        }
        if json { return try CLI.printJSON(result) }
        if result.results.isEmpty { print("no results (\(result.tookMs) ms)") }
        let tty = isatty(1) == 1
        for (i, p) in result.results.enumerated() {
            let heading = p.headingPath.isEmpty ? "" : " › " + p.headingPath.joined(separator: " › ")
            let ranks = p.ranks.map { r in "; text rank \(r.text.map(String.init) ?? "-"), vector rank \(r.vector.map(String.init) ?? "-")" } ?? ""
            print("\(i + 1). \(p.documentID)\(heading)  [score \(String(format: "%.3f", p.score))\(ranks)]")
            print("   " + Self.highlight(p, tty: tty).replacingOccurrences(of: "\n", with: " "))
            var notes: [String] = []
            if !p.flags.isEmpty { notes.append("flags: " + p.flags.joined(separator: ", ")) }
            if !p.redactions.isEmpty {
                notes.append("redacted: " + p.redactions.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            }
            if !notes.isEmpty { print("   (" + notes.joined(separator: "; ") + ")") }
        }
        print("\(result.results.count) result(s) in \(result.tookMs) ms")
    }

    /// The snippet with matched ranges in bold on a terminal (or «…» otherwise). Highlights
    /// index the passage text; the snippet is a window of it.
    static func highlight(_ p: Passage, tty: Bool) -> String {
        let text = Array(p.text.unicodeScalars)
        let core = p.snippet.trimmingCharacters(in: CharacterSet(charactersIn: "…"))
        guard let found = p.text.range(of: core) else { return p.snippet }
        let start = p.text.unicodeScalars.distance(from: p.text.unicodeScalars.startIndex, to: found.lowerBound)
        let end = start + core.unicodeScalars.count
        var out = String.UnicodeScalarView()
        var cursor = start
        for h in p.highlights.sorted(by: { $0[0] < $1[0] }) where h[0] >= cursor && h[1] <= end {
            out.append(contentsOf: text[cursor..<h[0]])
            out.append(contentsOf: (tty ? "\u{1B}[1m" : "«").unicodeScalars)
            out.append(contentsOf: text[h[0]..<h[1]])
            out.append(contentsOf: (tty ? "\u{1B}[0m" : "»").unicodeScalars)
            cursor = h[1]
        }
        out.append(contentsOf: text[cursor..<end])
        return (p.snippet.hasPrefix("…") ? "…" : "") + String(out) + (p.snippet.hasSuffix("…") ? "…" : "")
    }
}
