import RAGVault

/// Someone a probe acts as: a user, roles and groups of one tenant.
public struct ProbeIdentity: Sendable, Hashable, CustomStringConvertible {
    public var tenant: String
    public var user: String?
    public var roles: [String]
    public var groups: [String]

    public init(tenant: String, user: String? = nil, roles: [String] = [], groups: [String] = []) {
        (self.tenant, self.user, self.roles, self.groups) = (tenant, user, roles, groups)
    }

    /// The ACL names this identity matches (`user:…`, `role:…`, `group:…`, `tenant:*`).
    var names: Set<String> {
        Set((user.map { ["user:" + $0] } ?? []) + roles.map { "role:" + $0 } + groups.map { "group:" + $0 } + ["tenant:*"])
    }

    public var description: String {
        var parts = ["tenant \(tenant)"]
        if let user { parts.append("user \(user)") }
        if !roles.isEmpty { parts.append("roles \(roles.joined(separator: ","))") }
        if !groups.isEmpty { parts.append("groups \(groups.joined(separator: ","))") }
        return parts.joined(separator: ", ")
    }
}

/// One passage as an interface returned it.
public struct ProbePassage: Sendable, Equatable {
    public var documentID: String
    public var chunkID: String
    public var score: Double
    public var text: String
    public var snippet: String

    public init(documentID: String, chunkID: String, score: Double, text: String, snippet: String) {
        (self.documentID, self.chunkID, self.score, self.text, self.snippet) = (documentID, chunkID, score, text, snippet)
    }
}

/// What an interface answered: `ok` with passages, or an error with its stable code. `shape`
/// is the answer as a caller could compare it (status, code, message; never a request id).
public struct ProbeAnswer: Sendable, Equatable {
    public var status: String
    public var passages: [ProbePassage]
    public var shape: String

    public init(status: String, passages: [ProbePassage] = [], shape: String) {
        (self.status, self.passages, self.shape) = (status, passages, shape)
    }
}

/// A document the probe plants.
public struct ProbeDocument: Sendable {
    public var id: String
    public var title: String
    public var text: String
    public var acl: AccessList
    /// Its vector, in `ProbePlan.vectorConfig`'s dimensions (vector and hybrid probes).
    public var embedding: [Float]? = nil
}

/// The operations a probe needs from a deployment: the library (`LibraryTarget`), or a
/// running server over HTTP and MCP.
public protocol ProbeTarget {
    /// How the probe reaches the deployment (`library`, `http`, `mcp`), for the report.
    var interface: String { get }
    /// Whether searches can send a vector (`match: vector | hybrid`): MCP's tool cannot.
    var sendsVectors: Bool { get }
    func createTenant(_ name: String) throws
    /// Gives a probe tenant the plan's vector configuration (the tenant's admin, as a user would).
    func setVectors(_ config: VectorConfig, tenant: String) throws
    func deleteTenant(_ name: String) throws
    func tenantNames() throws -> [String]
    func put(_ document: ProbeDocument, tenant: String) throws
    func setACL(_ documentID: String, to acl: AccessList, tenant: String) throws
    func delete(_ documentID: String, tenant: String) throws
    func search(_ request: SearchRequest, as identity: ProbeIdentity) throws -> ProbeAnswer
    func chunk(_ chunkID: String, as identity: ProbeIdentity) throws -> ProbeAnswer
    func document(_ documentID: String, as identity: ProbeIdentity) throws -> ProbeAnswer
}
