import Foundation
import RAGVault

/// What a probe plants and who it asks as: in each probe tenant, one document per access rule
/// (each holding a canary word found nowhere else) plus a few documents everyone may read, and
/// identities that are entitled to some of them and not to others. Entitlement is decided here
/// by the probe's own rule, never by the product's code under test.
struct ProbePlan {
    /// Tenant names start with this, so a later run finds and removes an interrupted run's.
    static let prefix = "rvprobe-"

    struct Planted {
        let tenant: String
        let kind: String
        let document: ProbeDocument
        let canary: String
        /// The access list it is indexed with.
        let initialACL: AccessList
        /// The access list it ends with (after `changedACL`), nil once deleted.
        let finalACL: AccessList?
        /// Set for the document whose ACL is changed after indexing.
        let changedACL: AccessList?
        let deleted: Bool
    }

    let run: String
    let tenants: [String]
    /// Per probe tenant, a tenant holding only what `outsider` may read there: the outsider's
    /// answers must equal its answers there.
    let references: [String: String]
    var planted: [Planted] = []
    var visible: [String: [ProbeDocument]] = [:]
    let identities: [ProbeIdentity]

    /// Every probe tenant's vectors: documents carry their own (the caller's), so vector and
    /// hybrid searches are probed with a hidden document's exact vector — its nearest match.
    static let vectorConfig = VectorConfig(model: "rvprobe-vectors", dims: 16)

    /// A vector near dimension `axis` (0–15), unit length once stored.
    static func vector(_ axis: Int) -> [Float] { (0..<16).map { $0 == axis ? 1 : ($0 == (axis + 5) % 16 ? 0.25 : 0.05) } }

    /// Words of the documents everyone may read, which the hidden documents also hold.
    static let commonWords = ["harbor", "lantern", "meadow", "quarry"]

    /// A credential and an e-mail address planted in a document everyone may read, random per
    /// run: no answer may ever hold either (secrets are masked for every reader whatever the
    /// policy — and scrubbed at ingest; a new tenant's default policy masks personal data).
    let secret: String, personal: String
    var redactedValues: [String] { [secret, personal] }
    /// The words beside them, which find their passage.
    static let secretWords = "deploy token"

    init(run: String) {
        self.run = run
        secret = "ghp_" + Self.random(36, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        personal = "rvprobe." + Self.random(10, "bcdfghjklmnpqrtvwxz") + "@example.org"
        tenants = ["a", "b"].map { "\(Self.prefix)\(run)-\($0)" }
        references = Dictionary(uniqueKeysWithValues: tenants.map { ($0, $0 + "-ref") })
        var identities: [ProbeIdentity] = []
        for tenant in tenants {
            identities += [
                ProbeIdentity(tenant: tenant, user: "ann", roles: ["r1"]),
                ProbeIdentity(tenant: tenant, user: "bob", roles: ["r1"]),
                ProbeIdentity(tenant: tenant, user: "cat", groups: ["g1"]),
                ProbeIdentity(tenant: tenant, user: "dan", roles: ["r2"]),
                ProbeIdentity(tenant: tenant, user: "eve", roles: ["r3"]),
                ProbeIdentity(tenant: tenant, user: "fay"),
                ProbeIdentity(tenant: tenant, roles: ["r9"]),
                ProbeIdentity(tenant: tenant, user: "zed", roles: ["r0"])
            ]
        }
        self.identities = identities
        let rules: [(kind: String, acl: AccessList, changed: AccessList?, deleted: Bool)] = [
            ("role-only", AccessList(allow: ["role:r1"]), nil, false),
            ("group-only", AccessList(allow: ["group:g1"]), nil, false),
            ("user-only", AccessList(allow: ["user:fay"]), nil, false),
            ("deny-wins", AccessList(allow: ["role:r1"], deny: ["user:bob"]), nil, false),
            ("tenant-wide", AccessList(allow: ["tenant:*"]), nil, false),
            ("two-roles", AccessList(allow: ["role:r2", "role:r3"]), nil, false),
            ("acl-changed", AccessList(allow: ["role:r1"]), AccessList(allow: ["role:r9"]), false),
            ("deleted", AccessList(allow: ["tenant:*"]), nil, true)
        ]
        for (t, tenant) in tenants.enumerated() {
            for (r, rule) in rules.enumerated() {
                let canary = Self.canary()
                let text = "\(Self.commonWords.joined(separator: " ")) notes. The \(rule.kind) record \(canary) is kept here."
                let document = ProbeDocument(
                    id: "\(rule.kind)-\(t)", title: "Probe \(rule.kind)", text: text, acl: rule.acl, embedding: Self.vector(r))
                planted.append(
                    Planted(
                        tenant: tenant, kind: rule.kind, document: document, canary: canary, initialACL: rule.acl,
                        finalACL: rule.deleted ? nil : (rule.changed ?? rule.acl), changedACL: rule.changed, deleted: rule.deleted))
            }
            visible[tenant] = Self.visibleDocuments(suffix: t, secret: secret, personal: personal)
            // The reference holds the same visible documents and the planted ones the outsider
            // may read, with the same words.
            let outsider = Self.outsider(in: tenant)
            visible[tenant + "-ref"] =
                Self.visibleDocuments(suffix: t, secret: secret, personal: personal)
                + planted.filter { $0.tenant == tenant && entitled(outsider, $0) }.map(\.document)
        }
    }

    /// The identity whose view of a tenant is compared with its reference: it may read only
    /// what everyone in the tenant may.
    static func outsider(in tenant: String) -> ProbeIdentity { ProbeIdentity(tenant: tenant, user: "zed", roles: ["r0"]) }

    /// Every tenant the plan creates.
    var allTenants: [String] { tenants + tenants.compactMap { references[$0] } }

    /// Documents everyone in the tenant may read, the same in every probe tenant.
    static func visibleDocuments(suffix: Int, secret: String, personal: String) -> [ProbeDocument] {
        [
            "harbor lantern at the meadow gate", "quarry notes: the harbor crane and the lantern",
            "meadow survey, quarry to harbor, twice the harbor", "crane runbook: the \(secretWords) is \(secret) for the nightly job, questions to \(personal)"
        ].enumerated().map { i, text in
            ProbeDocument(id: "visible-\(i)", title: "Visible \(i)", text: text, acl: AccessList(allow: ["tenant:*"]), embedding: vector(8 + i))
        }
    }

    /// A word found in no real text: consonants only (no stemming rule applies to it), no `s` or
    /// `y` at all (the stemmer's suffix rules), random.
    static func canary() -> String { "qz" + random(14, "bcdfghjklmnpqrtvwxz") }

    static func random(_ count: Int, _ alphabet: String) -> String {
        let letters = Array(alphabet)
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in letters[Int(generator.next() % UInt64(letters.count))] })
    }

    /// The probe's own access rule: same tenant, not deleted, some allow entry matches, no
    /// deny entry does.
    func entitled(_ identity: ProbeIdentity, _ planted: Planted, initially: Bool = false) -> Bool {
        guard identity.tenant == planted.tenant, let acl = initially ? planted.initialACL : planted.finalACL else { return false }
        let names = identity.names
        return !names.isDisjoint(with: acl.allow) && names.isDisjoint(with: acl.deny)
    }
}
