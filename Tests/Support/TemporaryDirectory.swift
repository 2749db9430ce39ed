import Foundation

/// A fresh private directory under the system temp dir, removed when released.
public final class TemporaryDirectory {
    public let path: String

    public init(_ prefix: String = "ragvault-test") throws {
        let base = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(
            atPath: base, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        path = base
    }

    public func file(_ name: String) -> String { path + "/" + name }

    /// Every regular file below the directory.
    public func allFiles() -> [String] {
        guard let e = FileManager.default.enumerator(atPath: path) else { return [] }
        return e.compactMap { $0 as? String }.map { path + "/" + $0 }.filter {
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0, isDirectory: &isDir) && !isDir.boolValue
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
