import Foundation

/// What a probe did and found: requests per class, each leak with the request that leaked,
/// and positive controls that failed (a probe whose canaries cannot be found proves nothing).
public struct ProbeReport: Codable, Sendable {
    public struct Leak: Codable, Sendable, Equatable {
        public var probe: String
        public var identity: String
        public var request: String
        public var detail: String
    }

    public var interface: String
    /// Requests made, by probe class.
    public var probes: [String: Int] = [:]
    public var leaks: [Leak] = []
    public var ineffective: [String] = []
    /// Probe tenants of an earlier, interrupted run that this run removed first.
    public var removedLeftovers: [String] = []
    /// No probe tenant is left after the run.
    public var cleanedUp = false
    /// Wall time of the whole run, set-up and clean-up included.
    public var seconds: Double = 0
    /// Probe requests per second of wall time.
    public var perSecond: Double { seconds > 0 ? Double(requests) / seconds : 0 }

    public var passed: Bool { leaks.isEmpty && ineffective.isEmpty && cleanedUp }
    public var requests: Int { probes.values.reduce(0, +) }

    init(interface: String) { self.interface = interface }

    enum CodingKeys: String, CodingKey {
        case interface, probes, leaks, ineffective, removedLeftovers = "removed_leftovers", cleanedUp = "cleaned_up", passed, requests
        case seconds, perSecond = "per_second"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        interface = try c.decode(String.self, forKey: .interface)
        probes = try c.decode([String: Int].self, forKey: .probes)
        leaks = try c.decode([Leak].self, forKey: .leaks)
        ineffective = try c.decode([String].self, forKey: .ineffective)
        removedLeftovers = try c.decode([String].self, forKey: .removedLeftovers)
        cleanedUp = try c.decode(Bool.self, forKey: .cleanedUp)
        seconds = try c.decodeIfPresent(Double.self, forKey: .seconds) ?? 0
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(interface, forKey: .interface)
        try c.encode(passed, forKey: .passed)
        try c.encode(requests, forKey: .requests)
        try c.encode(probes, forKey: .probes)
        try c.encode(leaks, forKey: .leaks)
        try c.encode(ineffective, forKey: .ineffective)
        try c.encode(removedLeftovers, forKey: .removedLeftovers)
        try c.encode(cleanedUp, forKey: .cleanedUp)
        try c.encode(seconds, forKey: .seconds)
        try c.encode(perSecond, forKey: .perSecond)
    }

    /// Several runs (one per interface) as one report: probe classes prefixed with their
    /// interface, findings together, passed only if every run passed.
    public static func combining(_ reports: [ProbeReport]) -> ProbeReport {
        guard reports.count > 1 else { return reports.first ?? ProbeReport(interface: "none") }
        var combined = ProbeReport(interface: reports.map(\.interface).joined(separator: "+"))
        combined.cleanedUp = true
        for report in reports {
            for (probe, count) in report.probes { combined.probes[report.interface + ": " + probe] = count }
            combined.leaks += report.leaks.map {
                Leak(probe: report.interface + ": " + $0.probe, identity: $0.identity, request: $0.request, detail: $0.detail)
            }
            combined.ineffective += report.ineffective.map { report.interface + ": " + $0 }
            combined.removedLeftovers += report.removedLeftovers
            combined.cleanedUp = combined.cleanedUp && report.cleanedUp
            combined.seconds += report.seconds
        }
        return combined
    }

    mutating func count(_ probe: String) { probes[probe, default: 0] += 1 }

    mutating func leak(_ probe: String, identity: ProbeIdentity, request: String, detail: String) {
        leaks.append(Leak(probe: probe, identity: identity.description, request: request, detail: detail))
    }

    /// For people: one line per probe class, then every leak.
    public var text: String {
        var lines = [String(format: "isolation probe over %@: %d requests in %.1f s (%.0f/s)", interface, requests, seconds, perSecond)]
        for (probe, count) in probes.sorted(by: { $0.key < $1.key }) {
            let leaked = leaks.filter { $0.probe == probe }.count
            lines.append("  \(leaked == 0 ? "ok  " : "LEAK") \(probe): \(count) requests\(leaked == 0 ? "" : ", \(leaked) leaked")")
        }
        for leak in leaks { lines.append("LEAK \(leak.probe) as \(leak.identity): \(leak.request) — \(leak.detail)") }
        for problem in ineffective { lines.append("INEFFECTIVE \(problem)") }
        if !removedLeftovers.isEmpty { lines.append("removed an earlier run's probe tenants: \(removedLeftovers.joined(separator: ", "))") }
        lines.append(cleanedUp ? "probe tenants removed" : "PROBE TENANTS LEFT BEHIND")
        lines.append(passed ? "no leak found" : "FAILED")
        return lines.joined(separator: "\n")
    }

    /// JUnit XML: one test case per probe class, failed when anything leaked through it.
    public var junit: String {
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        var classes = probes.keys.sorted()
        if !ineffective.isEmpty { classes.append("positive controls") }
        if !cleanedUp { classes.append("cleanup") }
        let failures = classes.filter { name in leaks.contains { $0.probe == name } || name == "positive controls" || name == "cleanup" }
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml += #"<testsuite name="ragvault-probe-\#(escape(interface))" tests="\#(classes.count)" failures="\#(failures.count)">"# + "\n"
        for name in classes {
            xml += #"  <testcase classname="ragvault.probe.\#(escape(interface))" name="\#(escape(name))""#
            let found =
                leaks.filter { $0.probe == name }.map { "\($0.identity): \($0.request) — \($0.detail)" }
                + (name == "positive controls" ? ineffective : []) + (name == "cleanup" ? ["probe tenants were left behind"] : [])
            if found.isEmpty {
                xml += "/>\n"
            } else {
                xml += ">\n    <failure message=\"\(found.count) finding(s)\">\(escape(found.joined(separator: "\n")))</failure>\n  </testcase>\n"
            }
        }
        return xml + "</testsuite>\n"
    }
}
