import Foundation

/// A tenant's redaction policy: what happens to each PII type, and which roles are exempt.
/// Secrets are not configurable: always masked, never exempt, scrubbed at ingest by default.
public struct RedactionPolicy: Codable, Equatable, Sendable {
    public enum Mode: String, Codable, Sendable, CaseIterable {
        /// `[REDACTED:EMAIL]`
        case mask
        /// `****4242`, `j***@acme.com`
        case partial
        /// `[EMAIL_7f3a9c]`: stable per tenant, so an agent can tell two people apart
        case pseudonymise
        /// `[EMAIL:7f3a9c0d12e4b5a6]`: stable per tenant like a pseudonym, and resolvable back to
        /// the value by a reader the policy exempts for the type (`Retriever.detokenise`)
        case tokenise
        /// shown as is
        case allow
    }

    /// Mode per PII type; types not listed are masked, but for the opt-in types (PERSON,
    /// STREET_ADDRESS), which are not looked for unless listed.
    public var pii: [String: Mode]
    /// Roles (e.g. `role:hr`) that see a PII type unredacted.
    public var exemptions: [String: [String]]
    /// Scrub secrets from documents before they are stored (default on).
    public var scrubSecretsAtIngest: Bool

    public init(pii: [String: Mode] = [:], exemptions: [String: [String]] = [:], scrubSecretsAtIngest: Bool = true) {
        self.pii = pii
        self.exemptions = exemptions.mapValues { $0.map(PrincipalName.normalise) }
        self.scrubSecretsAtIngest = scrubSecretsAtIngest
    }

    public static let `default` = RedactionPolicy()

    /// Every type masked, the opt-in ones too: what the index and a query's keyed values are
    /// made with (a type the detectors were not asked for is never found, so never masked).
    static let maskEverything = RedactionPolicy(pii: Dictionary(uniqueKeysWithValues: EntityType.allCases.filter(\.isOptIn).map { ($0.rawValue, .mask) }))

    /// The mode for `type` as seen by a reader holding `roles`.
    public func mode(for type: EntityType, roles: Set<String>) -> Mode {
        if type.isSecret { return .mask }
        if let exempt = exemptions[type.rawValue], exempt.contains(where: roles.contains) { return .allow }
        return pii[type.rawValue] ?? (type.isOptIn ? .allow : .mask)
    }

    /// The opt-in types this policy turns on: named with a mode other than `allow`.
    public var contextualTypes: Set<EntityType> {
        Set(EntityType.allCases.filter { $0.isOptIn && (pii[$0.rawValue].map { $0 != .allow } ?? false) })
    }

    /// Whether a reader holding `roles` sees any PII type unmasked (else a search need not
    /// look for PII in its query at all).
    func showsSomePII(to roles: Set<String>) -> Bool {
        pii.values.contains(.allow) || exemptions.values.contains { $0.contains(where: roles.contains) }
    }

    private enum CodingKeys: String, CodingKey {
        case pii, exemptions, scrubSecretsAtIngest = "scrub_secrets_at_ingest"
    }

    public init(from decoder: Decoder) throws {
        try StrictKeys.check(decoder, known: ["pii", "exemptions", "scrub_secrets_at_ingest"])
        let c = try decoder.container(keyedBy: CodingKeys.self)
        pii = try c.decodeIfPresent([String: Mode].self, forKey: .pii) ?? [:]
        exemptions = (try c.decodeIfPresent([String: [String]].self, forKey: .exemptions) ?? [:]).mapValues { $0.map(PrincipalName.normalise) }
        scrubSecretsAtIngest = try c.decodeIfPresent(Bool.self, forKey: .scrubSecretsAtIngest) ?? true
    }

    /// Parses and validates a policy document; any problem rejects the whole policy.
    public static func parse(_ data: Data) throws -> RedactionPolicy {
        if let problem = JSONCheck.problem(in: data) { throw RAGVaultError(.invalidInput, "policy rejected: \(problem.message)") }
        let trimmed = data.filter { !Bytes.isSpace($0) }
        guard trimmed.first == 0x7B, trimmed != Data("{}".utf8) else {
            throw RAGVaultError(
                .invalidInput,
                "policy rejected: it is empty or not a JSON object; give at least one of pii, exemptions, scrub_secrets_at_ingest (the default is {\"pii\": {}})"
            )
        }
        let policy: RedactionPolicy
        do {
            policy = try JSONDecoder().decode(RedactionPolicy.self, from: data)
        } catch DecodingError.dataCorrupted(let context) where context.debugDescription.hasPrefix("unknown key") {
            throw RAGVaultError(.invalidInput, "policy rejected: \(context.debugDescription)")
        } catch DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty {
            throw RAGVaultError(
                .invalidInput,
                "policy rejected: \(context.codingPath.map(\.stringValue).joined(separator: ".")) must be one of \(Mode.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        } catch {
            throw RAGVaultError(
                .invalidInput, "policy rejected: not valid JSON of the form {\"pii\": {\"EMAIL\": \"mask\"}, \"exemptions\": {\"PHONE\": [\"role:hr\"]}}")
        }
        try policy.validate()
        return policy
    }

    func validate() throws {
        let known = Dictionary(uniqueKeysWithValues: EntityType.allCases.map { ($0.rawValue, $0) })
        for name in Array(pii.keys) + Array(exemptions.keys) {
            guard let type = known[name] else {
                throw RAGVaultError(
                    .invalidInput,
                    "policy rejected: unknown type '\(name)' (PII types: \(EntityType.allCases.filter { !$0.isSecret }.map(\.rawValue).joined(separator: ", ")))"
                )
            }
            guard !type.isSecret else {
                throw RAGVaultError(
                    .invalidInput, "policy rejected: '\(name)' is a secret type; secrets are always masked and cannot be configured or exempted")
            }
        }
        for roles in exemptions.values {
            for role in roles {
                guard role.hasPrefix("role:") || role.hasPrefix("group:") else {
                    throw RAGVaultError(.invalidInput, "policy rejected: exemption '\(role)' must be role:NAME or group:NAME")
                }
                try PrincipalName.validate(role)
            }
        }
    }
}

/// Partial masks that keep just enough to recognise a value.
enum Partial {
    static func text(for type: EntityType, original: [UInt8]) -> String? {
        let s = String(decoding: original, as: UTF8.self)
        switch type {
        case .creditCard, .iban, .phone, .usSSN, .nationalID:
            let digits = s.filter { $0.isNumber || $0.isLetter }
            guard digits.count > 4 else { return nil }
            return "****" + digits.suffix(4)
        case .email:
            guard let at = s.firstIndex(of: "@"), let first = s.first else { return nil }
            return "\(first)***\(s[at...])"
        case .ipAddress:
            if let dot = s.lastIndex(of: ".") { return s[..<dot] + ".***" }
            return nil
        default:
            return nil
        }
    }
}
