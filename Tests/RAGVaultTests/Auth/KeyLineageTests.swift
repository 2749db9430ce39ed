import RAGVaultTestSupport
import Foundation
import Testing
@testable import RAGVault

/// A key minted with another key lives no longer than it: its expiry is capped at the
/// creator's, it records the creator, and revoking or expiring any key above it ends it from
/// the next request — however many generations down.
@Suite struct KeyLineageTests {
    static func admin(_ vault: Vault, expiresAt: Date? = nil) throws -> (key: String, principal: Principal) {
        let (key, _) = try vault.createAPIKey(
            tenant: "acme", subject: "root", roles: ["eng"], scopes: [.search, .admin],
            expiresAt: expiresAt)
        return (key, try #require(try vault.authenticate(apiKey: key).principal))
    }

    static func mint(_ vault: Vault, by creator: Principal, expiresAt: Date? = nil) throws -> (
        key: String, record: APIKeyRecord,
        principal: Principal
    ) {
        let (key, record) = try vault.createAPIKey(
            subject: creator.subject.map { String($0.dropFirst(5)) }, roles: ["eng"], groups: [],
            scopes: [.search, .admin], expiresAt: expiresAt, grantedBy: creator)
        return (key, record, try #require(try vault.authenticate(apiKey: key).principal))
    }

    static func works(_ vault: Vault, _ key: String, at now: Date = Date()) -> Bool {
        (try? vault.authenticate(apiKey: key, now: now)) != nil
    }

    @Test func aMintedKeyExpiresNoLaterThanItsCreatorAndNamesIt() throws {
        let dir = try TemporaryDirectory()
        let vault = try APIKeyTests.setUp(dir)
        defer { vault.close() }
        let limit = Date().addingTimeInterval(120)
        let root = try Self.admin(vault, expiresAt: limit)
        let unbounded = try Self.mint(vault, by: root.principal)
        let later = try Self.mint(vault, by: root.principal, expiresAt: Date().addingTimeInterval(86_400 * 3650))
        let sooner = try Self.mint(vault, by: root.principal, expiresAt: Date().addingTimeInterval(60))
        let expiry = { (record: APIKeyRecord) in try #require(record.expiresAt.flatMap { try? Date($0, strategy: .iso8601) }) }
        #expect(abs(try expiry(unbounded.record).timeIntervalSince(limit)) < 1)
        #expect(abs(try expiry(later.record).timeIntervalSince(limit)) < 1)
        #expect(try expiry(sooner.record) < limit.addingTimeInterval(-30))
        #expect([unbounded, later, sooner].allSatisfy { $0.record.createdBy == root.principal.keyID })
        // The listing shows it too, and a key made with the CLI names no creator.
        let listed = try vault.apiKeys(tenant: "acme")
        #expect(listed.first { $0.id == unbounded.record.id }?.createdBy == root.principal.keyID)
        #expect(listed.first { $0.id == root.principal.keyID }?.createdBy == nil)
        // Past the creator's expiry, none of them works — not even one whose own date is later.
        let after = limit.addingTimeInterval(5)
        #expect(Self.works(vault, unbounded.key) && Self.works(vault, later.key))
        #expect(!Self.works(vault, root.key, at: after))
        #expect(![unbounded, later, sooner].contains { Self.works(vault, $0.key, at: after) })
    }

    @Test func revokingOrExpiringAKeyEndsEveryGenerationBelowIt() throws {
        let dir = try TemporaryDirectory()
        let vault = try APIKeyTests.setUp(dir)
        defer { vault.close() }
        let root = try Self.admin(vault)
        let child = try Self.mint(vault, by: root.principal)
        let grandchild = try Self.mint(vault, by: child.principal)
        let greatGrandchild = try Self.mint(vault, by: grandchild.principal)
        let sibling = try Self.admin(vault) // same tenant, same rights, another line
        #expect([child.key, grandchild.key, greatGrandchild.key].allSatisfy { Self.works(vault, $0) })

        // Revoking the middle ends it and what it minted; above and beside it go on.
        try vault.revokeAPIKey(id: child.record.id)
        #expect(![child.key, grandchild.key, greatGrandchild.key].contains { Self.works(vault, $0) })
        #expect(Self.works(vault, root.key) && Self.works(vault, sibling.key))
        // The listing says so, though only the middle key carries a revocation date.
        let listed = Dictionary(uniqueKeysWithValues: try vault.apiKeys(tenant: "acme").map { ($0.id, $0) })
        #expect([child, grandchild, greatGrandchild].allSatisfy { listed[$0.record.id]?.active == false })
        #expect(listed[grandchild.record.id]?.revokedAt == nil)
        #expect(listed[try #require(root.principal.keyID)]?.active == true)

        // A key minted by a key that then expires: ends at the expiry, whatever it was given.
        let shortLived = try Self.admin(vault, expiresAt: Date().addingTimeInterval(30))
        let heir = try Self.mint(vault, by: shortLived.principal)
        let heirsHeir = try Self.mint(vault, by: heir.principal)
        #expect(Self.works(vault, heirsHeir.key))
        #expect(!Self.works(vault, heirsHeir.key, at: Date().addingTimeInterval(60)))

        // A revoked key can no longer mint: it fails authentication before it gets that far.
        #expect(throws: RAGVaultError.self) {
            try vault.createAPIKey(
                subject: "root", roles: ["eng"], groups: [], scopes: [.search], expiresAt: nil,
                grantedBy: child.principal)
        }
    }

    @Test func aLineThatDoesNotReachALocalKeyFailsClosed() throws {
        let live = APIKeyRecord(
            id: "a", tenantID: "t", tenant: "acme", subject: nil, roles: [], groups: [], scopes: [.search],
            createdAt: "", expiresAt: nil, revokedAt: nil, createdBy: nil)
        var orphan = live
        orphan.createdBy = "gone" // the creator's row is missing: the catalog walk stopped here
        #expect(Vault.lineageIsLive([live], now: Date()))
        #expect(!Vault.lineageIsLive([orphan], now: Date()))
        #expect(!Vault.lineageIsLive([], now: Date()))
        var unreadable = live
        unreadable.expiresAt = "not a date"
        #expect(!Vault.lineageIsLive([unreadable], now: Date()))
    }
}
