import Foundation

/// Who is calling a library operation and through which door, for its audit record. The
/// principal (tenant, subject) comes with the call itself; this adds what only the interface
/// knows.
public struct AuditContext: Sendable {
    public var interface: AuditInterface
    public var requestID: String?
    public var keyID: String?
    /// The end user's token, for requests made with a delegated user token.
    public var delegation: Delegation?
    /// Set when the operation wrote its record, so the interface does not write a second one.
    public var receipt: AuditReceipt?

    public init(interface: AuditInterface, requestID: String? = nil, keyID: String? = nil, receipt: AuditReceipt? = nil) {
        (self.interface, self.requestID, self.keyID, self.receipt) = (interface, requestID, keyID, receipt)
    }

    public static let library = AuditContext(interface: .library)
    public static let cli = AuditContext(interface: .cli)

    /// A record of `action` by this caller, with a request id (a fresh one when the interface
    /// gave none) and, for local tools, the operating-system user.
    public func recordForRequest(action: String) -> AuditRecord { record(action, subject: nil) }

    func record(_ action: String, subject: String?) -> AuditRecord {
        var record = AuditRecord(interface: interface, action: action)
        record.requestID = requestID ?? Sodium.randomHex(8)
        record.keyID = keyID
        if let delegation {
            (record.tokenIssuer, record.tokenSubject, record.tokenID) = (delegation.issuer, delegation.tokenSubject, delegation.tokenID)
        }
        record.subject = subject
        if interface == .cli { record.localUser = Self.localUser }
        return record
    }

    static let localUser: String = {
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return "uid \(geteuid())"
    }()
}

/// Marks that a request's audit record was written.
public final class AuditReceipt: @unchecked Sendable {
    private let lock = NSLock()
    private var written = false

    public init() {}

    public var isWritten: Bool { lock.withLock { written } }
    func markWritten() { lock.withLock { written = true } }
}
