import CSQLite
import CVaultTesting
import Foundation
@testable import RAGVault

/// The encrypting VFS stacked on a recorder that keeps every byte written beneath it.
/// Tests that use it are serialized: the recorder is process-global.
enum RecordingVFS {
    static let recorder = "ragvault-test-recorder"
    static let encrypting = "ragvault-over-recorder"

    static func install() throws {
        guard vault_recorder_register(recorder) == SQLITE_OK else {
            throw RAGVaultError(.internalError, "recorder VFS failed to register")
        }
        try VaultVFS.register(name: encrypting, over: recorder)
        vault_recorder_reset()
    }

    static func contains(_ needle: String) -> Bool {
        let bytes = Array(needle.utf8)
        return vault_recorder_contains(bytes, Int64(bytes.count)) != 0
    }

    static var bytesRecorded: Int64 { vault_recorder_bytes() }

    static func opens(flags: Int32) -> Int64 { vault_recorder_opens(flags) }
}

/// Byte-level scans of files on disk.
enum FileScan {
    static func contains(_ path: String, _ needle: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path) else { return false }
        return data.range(of: Data(needle.utf8)) != nil
    }
}
