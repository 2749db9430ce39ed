import Foundation
import Logging
import Testing

@testable import RAGVaultHTTP

/// The request log is written without Foundation's serializer: each line must still be one
/// JSON object that any parser reads back to exactly the fields given, keys in order.
@Suite struct JSONLogHandlerTests {
    final class Lines: @unchecked Sendable {
        let lock = NSLock()
        var all: [String] = []
        func append(_ line: String) { lock.withLock { all.append(line) } }
    }

    @Test func linesParseBackToTheirFields() throws {
        let lines = Lines()
        var logger = Logger(label: "t") { JSONLogHandler(label: $0, sink: lines.append) }
        logger[metadataKey: "hb.request.id"] = "r1"
        let awkward = "quote \" back \\ slash / nl \n tab \t bell \u{7} nul \u{0} é 日本 🙂"
        logger.info(
            "request",
            metadata: [
                "route": .string(awkward), "status": .stringConvertible(404), "list": .array([.string("a"), .stringConvertible(2)]),
                "nested": .dictionary(["z": .string("1"), "a": .string(awkward)])
            ])
        let line = try #require(lines.all.first)
        #expect(!line.contains("\n"))
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(parsed["route"] as? String == awkward)
        #expect(parsed["status"] as? String == "404")
        #expect(parsed["list"] as? [String] == ["a", "2"])
        #expect((parsed["nested"] as? [String: String]) == ["z": "1", "a": awkward])
        #expect(parsed["hb_request_id"] as? String == "r1" && parsed["msg"] as? String == "request" && parsed["level"] as? String == "info")
        let ts = try #require(parsed["ts"] as? String)
        #expect(ts.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"#, options: .regularExpression) != nil, "\(ts)")
        // Keys in sorted order, as before.
        let keys = ["hb_request_id", "level", "list", "logger", "msg", "nested", "route", "status", "ts"]
        let positions = keys.map { line.range(of: "\"\($0)\":")!.lowerBound }
        #expect(positions == positions.sorted())
    }

    @Test func requestIDsAndMillisecondsKeepTheirForm() {
        for _ in 0..<200 {
            let id = RequestLifecycle.newRequestID()
            #expect(id.count == 16 && id.allSatisfy(\.isHexDigit) && id == id.lowercased(), "\(id)")
        }
        #expect(RequestLifecycle.milliseconds(12_345_678) == "12.346")
        #expect(RequestLifecycle.milliseconds(999) == "0.001")
        #expect(RequestLifecycle.milliseconds(0) == "0.000")
        #expect(RequestLifecycle.milliseconds(2_000_000_000) == "2000.000")
    }
}
