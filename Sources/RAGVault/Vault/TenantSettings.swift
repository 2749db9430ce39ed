import Foundation

/// A tenant's search settings, kept in the catalog (`ragvault settings set`).
///
/// ```json
/// {"stopwords": ["acme"], "min_search_ms": 25}
/// ```
public struct TenantSettings: Codable, Equatable, Sendable {
    /// Words dropped from `natural` and `all` queries: nil for the built-in English list,
    /// `[]` to drop none.
    public var stopwords: [String]?
    /// Every search takes at least this long (0: off). Hides how much ranking work hidden
    /// matches caused, at the price of latency (see docs/threat-model.md).
    public var minSearchMs: Int

    public init(stopwords: [String]? = nil, minSearchMs: Int = 0) {
        self.stopwords = stopwords
        self.minSearchMs = minSearchMs
    }

    public static let maxMinSearchMs = 5000

    enum CodingKeys: String, CodingKey, CaseIterable {
        case stopwords, minSearchMs = "min_search_ms"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        stopwords = try c.decodeIfPresent([String].self, forKey: .stopwords)
        minSearchMs = try c.decodeIfPresent(Int.self, forKey: .minSearchMs) ?? 0
    }

    /// Parses a settings document; unknown keys are refused (a typo must not be ignored).
    public static func parse(_ data: Data) throws -> TenantSettings {
        if let problem = JSONCheck.problem(in: data) { throw RAGVaultError(.invalidInput, "settings rejected: \(problem.message)") }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw RAGVaultError(.invalidInput, "settings rejected: not a JSON object such as {\"stopwords\": null, \"min_search_ms\": 0}")
        }
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw RAGVaultError(.invalidInput, "settings rejected: unknown key '\(unknown)' (known: \(known.sorted().joined(separator: ", ")))")
        }
        let settings: TenantSettings
        do {
            settings = try JSONDecoder().decode(TenantSettings.self, from: data)
        } catch {
            throw RAGVaultError(.invalidInput, "settings rejected: stopwords must be a list of words or null, min_search_ms a whole number")
        }
        try settings.validate()
        return settings
    }

    func validate() throws {
        guard (0...Self.maxMinSearchMs).contains(minSearchMs) else {
            throw RAGVaultError(.invalidInput, "settings rejected: min_search_ms must be between 0 and \(Self.maxMinSearchMs)")
        }
        guard (stopwords?.count ?? 0) <= 10_000 else {
            throw RAGVaultError(.invalidInput, "settings rejected: at most 10,000 stopwords")
        }
    }
}
