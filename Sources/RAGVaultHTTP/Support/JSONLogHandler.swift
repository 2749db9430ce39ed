import Foundation
import Logging

/// swift-log handler writing one JSON object per line. What reaches it is decided by the
/// callers: request id, route pattern, status, timings, key id — never query or passage
/// text, key secrets or ACL tokens (a canary test reads the whole log to hold that).
public struct JSONLogHandler: LogHandler {
    /// Where lines go: stdout by default (so that stdout carries JSON lines only — a crash
    /// report, which the Swift runtime writes to stderr, never lands among them); tests
    /// collect them.
    public typealias Sink = @Sendable (String) -> Void

    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String
    let sink: Sink

    public init(label: String, sink: @escaping Sink = JSONLogHandler.standardOutput) {
        self.label = label
        self.sink = sink
    }

    public static let standardOutput: Sink = { line in FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
    /// For processes whose stdout is a protocol (`ragvault mcp`).
    public static let standardError: Sink = { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(
        level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String,
        file: String, function: String, line: UInt
    ) {
        var fields: [String: Any] = [
            "ts": Date().ISO8601Format(.iso8601.time(includingFractionalSeconds: true).year().month().day()),
            "level": level.rawValue, "msg": message.description, "logger": label
        ]
        for (key, value) in metadata.merging(explicit ?? [:], uniquingKeysWith: { $1 }) {
            fields[key == "hb.request.id" ? "hb_request_id" : key] = Self.plain(value)
        }
        guard let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        sink(String(decoding: data, as: UTF8.self))
    }

    static func plain(_ value: Logger.MetadataValue) -> Any {
        switch value {
        case .string(let s): return s
        case .stringConvertible(let s): return s.description
        case .array(let a): return a.map(plain)
        case .dictionary(let d): return d.mapValues(plain)
        }
    }
}
