import Foundation
import Yams

/// `ragvault.acl.json`: the access list for the files of a folder and its subfolders.
///
/// ```json
/// { "allow": ["role:hr"], "deny": ["user:bob"],
///   "files": [ { "match": "salaries/*.md", "allow": ["role:finance"] } ] }
/// ```
/// The nearest manifest with an `allow` sets a folder's default (a subfolder's manifest
/// replaces its parent's); `files` rules, matched as globs against the path relative to the
/// manifest's folder, override it for single files — nearest manifest first, first match wins.
struct ACLManifest: Decodable {
    static let fileName = "ragvault.acl.json"
    /// The same manifest written as YAML (one of the two per folder).
    static let yamlNames = ["ragvault.acl.yaml", "ragvault.acl.yml"]
    static let allNames = [fileName] + yamlNames

    struct FileRule: Decodable {
        var match: String
        var allow: [String]
        var deny: [String]?

        private enum CodingKeys: String, CodingKey { case match, allow, deny }
        init(from decoder: Decoder) throws {
            try StrictKeys.check(decoder, known: ["match", "allow", "deny"])
            let c = try decoder.container(keyedBy: CodingKeys.self)
            match = try c.decode(String.self, forKey: .match)
            allow = try c.decode([String].self, forKey: .allow)
            deny = try c.decodeIfPresent([String].self, forKey: .deny)
        }
    }

    var allow: [String]?
    var deny: [String]?
    var files: [FileRule]?

    private enum CodingKeys: String, CodingKey { case allow, deny, files }

    /// Unknown keys anywhere are refused: `"dney"` would otherwise leave a file readable.
    init(from decoder: Decoder) throws {
        try StrictKeys.check(decoder, known: ["allow", "deny", "files"])
        let c = try decoder.container(keyedBy: CodingKeys.self)
        allow = try c.decodeIfPresent([String].self, forKey: .allow)
        deny = try c.decodeIfPresent([String].self, forKey: .deny)
        files = try c.decodeIfPresent([FileRule].self, forKey: .files)
    }

    static func load(_ path: String) throws -> ACLManifest {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RAGVaultError(.invalidInput, "cannot read \(path)")
        }
        if path.hasSuffix(".json"), let problem = JSONCheck.problem(in: data) {
            throw RAGVaultError(.invalidInput, "\(path): \(problem.message)")
        }
        do {
            let manifest =
                path.hasSuffix(".json")
                ? try JSONDecoder().decode(ACLManifest.self, from: data)
                : try YAMLDecoder().decode(ACLManifest.self, from: data)
            for p in (manifest.allow ?? []) + (manifest.deny ?? []) { try PrincipalName.validate(p) }
            for rule in manifest.files ?? [] { for p in rule.allow + (rule.deny ?? []) { try PrincipalName.validate(p) } }
            return manifest
        } catch let error as RAGVaultError {
            throw RAGVaultError(.invalidInput, "\(path): \(error.message)")
        } catch {
            throw RAGVaultError(.invalidInput, "\(path) is not a valid ACL manifest: \(NDJSONBatch.describe(error))")
        }
    }
}

/// Resolves the access list of each file under an indexing root from the manifests on its
/// path and the CLI defaults. Manifests are read once per folder.
final class ACLResolver {
    private let root: String
    private let defaultAllow: [String]
    private let extraDeny: [String]
    private var cache: [String: Result<ACLManifest?, RAGVaultError>] = [:]

    init(root: String, defaultAllow: [String], extraDeny: [String]) {
        self.root = root
        self.defaultAllow = defaultAllow
        self.extraDeny = extraDeny
    }

    /// The access list for `relativePath`, or nil when no source gives one (the file is then
    /// refused, never made public). Throws when a manifest on the path is malformed.
    func acl(for relativePath: String) throws -> AccessList? {
        let components = relativePath.split(separator: "/").map(String.init)
        var folders = [""]
        for component in components.dropLast() { folders.append(folders.last!.isEmpty ? component : folders.last! + "/" + component) }
        var chosen: (allow: [String], deny: [String])?
        // Nearest folder first: file rules, then folder default.
        for folder in folders.reversed() {
            guard let manifest = try manifest(in: folder) else { continue }
            let inner = folder.isEmpty ? relativePath : String(relativePath.dropFirst(folder.count + 1))
            if let rule = manifest.files?.first(where: { Self.glob($0.match, matches: inner) }) {
                chosen = (rule.allow, rule.deny ?? [])
                break
            }
            if let allow = manifest.allow {
                chosen = (allow, manifest.deny ?? [])
                break
            }
        }
        if chosen == nil && !defaultAllow.isEmpty { chosen = (defaultAllow, []) }
        guard let chosen else { return nil }
        // Denies from the command line add to every document: they can only narrow.
        var deny = chosen.deny
        for d in extraDeny where !deny.contains(d) { deny.append(d) }
        return AccessList(allow: chosen.allow, deny: deny)
    }

    private func manifest(in folder: String) throws -> ACLManifest? {
        if let cached = cache[folder] { return try cached.get() }
        let base = root + (folder.isEmpty ? "" : "/" + folder) + "/"
        let present = ACLManifest.allNames.map { base + $0 }.filter { FileManager.default.fileExists(atPath: $0) }
        let result: Result<ACLManifest?, RAGVaultError>
        if present.count > 1 {
            // Two manifests could disagree: refuse the folder rather than pick one.
            result = .failure(
                RAGVaultError(
                    .invalidInput,
                    "\(base) has more than one ACL manifest (\(present.map { ($0 as NSString).lastPathComponent }.joined(separator: ", "))); keep one"))
        } else if let path = present.first {
            do { result = .success(try ACLManifest.load(path)) } catch let e as RAGVaultError { result = .failure(e) }
        } else {
            result = .success(nil)
        }
        cache[folder] = result
        return try result.get()
    }

    /// Shell-style glob (`*`, `?`, `[...]`; `*` does not cross `/`; `**` does).
    static func glob(_ pattern: String, matches path: String) -> Bool {
        if pattern.contains("**") {
            return fnmatch(pattern.replacingOccurrences(of: "**", with: "*"), path, 0) == 0
        }
        return fnmatch(pattern, path, FNM_PATHNAME) == 0
    }
}
