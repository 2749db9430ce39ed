import Foundation

/// The same searches sent by `wrk` (a C load generator, Debian's `wrk`) instead of the
/// in-process Swift client: on two cores the client shares the CPU with the server, and
/// AsyncHTTPClient spends about as much per request as the server's HTTP layer, so this is
/// what the server itself sustains and adds. Absent `wrk`, the bench says so and goes on.
enum WrkLoad {
    struct Result {
        var perSecond: Double
        var p50Micros: Double
        var p99Micros: Double
        var non2xx: Int
    }

    static var executable: String? {
        ["/usr/bin/wrk", "/usr/local/bin/wrk"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// `connections` keep-alive connections on one wrk thread for `seconds`, cycling through
    /// `bodies` as `POST /v1/search` with `key`.
    static func run(base: String, key: String, bodies: [String], connections: Int, seconds: Double) throws -> Result? {
        guard let wrk = executable else { return nil }
        let script = NSTemporaryDirectory() + "ragvault-wrk-\(UInt32.random(in: 0 ... .max)).lua"
        defer { try? FileManager.default.removeItem(atPath: script) }
        try luaScript(key: key, bodies: bodies).write(toFile: script, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wrk)
        process.arguments = ["-t1", "-c\(connections)", "-d\(max(1, Int(seconds.rounded())))s", "--latency", "-s", script, base + "/v1/search"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return parse(String(decoding: data, as: UTF8.self))
    }

    /// Bodies as Lua long strings (`[==[…]==]`: no escaping, JSON holds no `]==]`).
    static func luaScript(key: String, bodies: [String]) -> String {
        let list = bodies.map { "[==[\($0)]==]" }.joined(separator: ",\n")
        return """
            wrk.method = "POST"
            wrk.headers["Authorization"] = "Bearer \(key)"
            wrk.headers["Content-Type"] = "application/json"
            local bodies = {\(list)}
            local i = 0
            request = function()
              i = i % #bodies + 1
              return wrk.format(nil, nil, nil, bodies[i])
            end
            """
    }

    /// `Requests/sec:`, the `--latency` distribution's 50 % and 99 % lines, `Non-2xx`.
    static func parse(_ text: String) -> Result? {
        var result = Result(perSecond: 0, p50Micros: 0, p99Micros: 0, non2xx: 0)
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = fields.first else { continue }
            switch first {
            case "Requests/sec:": result.perSecond = Double(fields.last ?? "") ?? 0
            case "50%" where fields.count > 1: result.p50Micros = micros(fields[1]) ?? 0
            case "99%" where fields.count > 1: result.p99Micros = micros(fields[1]) ?? 0
            case "Non-2xx": result.non2xx = Int(fields.last ?? "") ?? 0
            default: continue
            }
        }
        return result.perSecond > 0 ? result : nil
    }

    /// wrk's durations: `512.00us`, `1.23ms`, `2.01s`.
    static func micros(_ field: Substring) -> Double? {
        for (unit, scale) in [("us", 1.0), ("ms", 1e3), ("s", 1e6)] where field.hasSuffix(unit) {
            return Double(field.dropLast(unit.count)).map { $0 * scale }
        }
        return nil
    }
}
