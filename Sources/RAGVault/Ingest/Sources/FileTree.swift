import Foundation

/// The files below an indexing path, in sorted order, and everything inside the tree that is
/// not indexed with the reason: nothing is left out silently.
///
/// The path the user named is followed if it is a symbolic link (it is what they asked for);
/// symbolic links inside the tree are reported and not followed (they could lead out of it or
/// loop). Names that are not valid UTF-8 are reported: a document id must be text. Hidden
/// entries (`.git`, `.DS_Store`) and ACL manifests are passed over quietly.
package enum FileTree {
    package enum Entry {
        case file(relative: String, full: String)
        case skipped(relative: String, code: String, reason: String)

        var relative: String {
            switch self {
            case .file(let r, _), .skipped(let r, _, _): return r
            }
        }
    }

    package static func entries(under path: String) -> [Entry] {
        let root = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        var info = stat()
        guard stat(root, &info) == 0 else { return [] }
        if info.st_mode & S_IFMT != S_IFDIR { return [.file(relative: (path as NSString).lastPathComponent, full: root)] }
        var result: [Entry] = []
        walk(root, prefix: "", into: &result)
        return result.sorted { $0.relative < $1.relative }
    }

    /// The directory the ACL manifests and relative ids of `path` are taken from.
    static func root(of path: String) -> String {
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory)
        return isDirectory.boolValue ? resolved : (resolved as NSString).deletingLastPathComponent
    }

    private static func walk(_ directory: String, prefix: String, into result: inout [Entry]) {
        guard let handle = opendir(directory) else {
            result.append(.skipped(relative: prefix.isEmpty ? "." : prefix, code: "unreadable", reason: "cannot read the folder"))
            return
        }
        var names: [[UInt8]] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name != [0x2E] && name != [0x2E, 0x2E] { names.append(name) }
        }
        closedir(handle)
        for raw in names.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            guard let name = String(bytes: raw, encoding: .utf8) else {
                let shown = raw.map { $0 >= 0x20 && $0 < 0x7F ? String(UnicodeScalar($0)) : String(format: "\\x%02X", $0) }.joined()
                result.append(
                    .skipped(
                        relative: prefix.isEmpty ? shown : prefix + "/" + shown, code: "invalid_name",
                        reason: "the file name is not valid UTF-8; rename it to index it"))
                continue
            }
            if name.hasPrefix(".") { continue }
            let relative = prefix.isEmpty ? name : prefix + "/" + name
            let full = directory + "/" + name
            var info = stat()
            guard lstat(full, &info) == 0 else {
                result.append(.skipped(relative: relative, code: "unreadable", reason: "cannot read the entry"))
                continue
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                walk(full, prefix: relative, into: &result)
            case S_IFREG:
                if !ACLManifest.allNames.contains(name) { result.append(.file(relative: relative, full: full)) }
            case S_IFLNK:
                result.append(
                    .skipped(
                        relative: relative, code: "symlink",
                        reason: "symbolic link inside the tree, not followed; index its target by naming it"))
            default:
                result.append(.skipped(relative: relative, code: "not_regular", reason: "not a regular file"))
            }
        }
    }
}
