/// What a redacted span was. Secrets are always masked; PII follows the tenant's policy.
public enum EntityType: String, Codable, Sendable, CaseIterable, Comparable {
    // Secrets
    case apiKey = "API_KEY" // provider tokens with a fixed prefix
    case cloudCredential = "CLOUD_CREDENTIAL"
    case privateKey = "PRIVATE_KEY"
    case jwt = "JWT"
    case urlCredential = "URL_CREDENTIAL"
    case password = "PASSWORD"
    case authHeader = "AUTH_HEADER"
    case genericSecret = "SECRET"
    // PII
    case email = "EMAIL"
    case phone = "PHONE"
    case creditCard = "CREDIT_CARD"
    case iban = "IBAN"
    case usSSN = "US_SSN"
    case ipAddress = "IP_ADDRESS"
    case macAddress = "MAC_ADDRESS"
    case cryptoAddress = "CRYPTO"
    case dateOfBirth = "DATE_OF_BIRTH"
    case nationalID = "NATIONAL_ID"
    // PII found by context, off unless the tenant's policy names them (`isOptIn`)
    case person = "PERSON"
    case streetAddress = "STREET_ADDRESS"

    public var isSecret: Bool {
        switch self {
        case .apiKey, .cloudCredential, .privateKey, .jwt, .urlCredential, .password, .authHeader, .genericSecret: return true
        default: return false
        }
    }

    /// Found only for a tenant whose policy gives the type a mode other than `allow`: names
    /// and addresses are what most documents are about, so searching and reading them stays
    /// as it was until a tenant asks. The tenant's index is then rebuilt without them
    /// (`TenantStore.applyContextualTypes`).
    public var isOptIn: Bool { self == .person || self == .streetAddress }

    /// When spans of two types overlap, the merged span takes the higher priority type:
    /// secrets before PII, then specific before generic.
    var priority: Int {
        switch self {
        case .privateKey: return 100
        case .apiKey, .cloudCredential: return 90
        case .jwt: return 85
        case .urlCredential, .authHeader: return 80
        case .password: return 75
        case .genericSecret: return 70
        case .creditCard, .iban, .usSSN, .nationalID: return 50
        case .cryptoAddress: return 45
        case .email: return 40
        case .ipAddress, .macAddress: return 35
        case .dateOfBirth: return 30
        case .phone: return 20
        case .streetAddress: return 15
        case .person: return 10
        }
    }

    public static func < (a: EntityType, b: EntityType) -> Bool { a.rawValue < b.rawValue }
}
