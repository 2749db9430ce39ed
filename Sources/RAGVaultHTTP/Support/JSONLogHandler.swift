import Foundation
import Glibc
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

    public static let standardOutput: Sink = { line in writeLine(line, to: STDOUT_FILENO) }
    /// For processes whose stdout is a protocol (`ragvault mcp`).
    public static let standardError: Sink = { line in writeLine(line, to: STDERR_FILENO) }

    /// One write(2) per line (whole, so lines of concurrent requests never interleave in a pipe).
    static func writeLine(_ line: String, to descriptor: Int32) {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return // a closed or failing stream: the line is dropped
                }
            }
        }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(
        level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String,
        file: String, function: String, line: UInt
    ) {
        var fields: [String: Logger.MetadataValue] = [
            "ts": .string(Self.timestamp()), "level": .string(level.rawValue), "msg": .string(message.description), "logger": .string(label)
        ]
        for (key, value) in metadata.merging(explicit ?? [:], uniquingKeysWith: { $1 }) {
            fields[key == "hb.request.id" ? "hb_request_id" : key] = value
        }
        // Written directly, keys sorted: one line per request, and Foundation's JSONSerialization
        // (bridging to NSDictionary, locale-aware key sorting) cost about a sixth of a search
        // request's server time.
        var out = ""
        out.reserveCapacity(256)
        Self.write(.dictionary(fields), into: &out)
        sink(out)
    }

    /// A metadata value as JSON: strings and string-convertibles as strings, arrays and
    /// dictionaries (keys sorted) nested.
    static func write(_ value: Logger.MetadataValue, into out: inout String) {
        switch value {
        case .string(let s): quote(s, into: &out)
        case .stringConvertible(let s): quote(s.description, into: &out)
        case .array(let a):
            out += "["
            for (i, element) in a.enumerated() {
                if i > 0 { out += "," }
                write(element, into: &out)
            }
            out += "]"
        case .dictionary(let d):
            out += "{"
            for (i, (key, element)) in d.sorted(by: { $0.key < $1.key }).enumerated() {
                if i > 0 { out += "," }
                quote(key, into: &out)
                out += ":"
                write(element, into: &out)
            }
            out += "}"
        }
    }

    /// A JSON string: quote, backslash and control characters escaped, the rest as is.
    static func quote(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// UTC, milliseconds: `2026-12-06T16:50:12.345Z` (by hand: Foundation's formatters cost
    /// more than the rest of the line).
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var out = ""
        out.reserveCapacity(24)
        func digits(_ value: Int, _ width: Int) {
            let text = String(value)
            out += String(repeating: "0", count: max(0, width - text.count)) + text
        }
        digits(Int(parts.tm_year) + 1900, 4)
        out += "-"
        digits(Int(parts.tm_mon) + 1, 2)
        out += "-"
        digits(Int(parts.tm_mday), 2)
        out += "T"
        digits(Int(parts.tm_hour), 2)
        out += ":"
        digits(Int(parts.tm_min), 2)
        out += ":"
        digits(Int(parts.tm_sec), 2)
        out += "."
        digits(Int(now.tv_nsec / 1_000_000), 3)
        return out + "Z"
    }
}
