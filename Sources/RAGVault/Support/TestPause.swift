import Foundation

/// Named points where a test can park a running `ragvault` process, so that it reaches a race
/// window by an event rather than by sleeping and hoping. Compiled into debug builds only (the
/// ones tests run); in a release build every call is empty.
///
/// The test sets `RAGVAULT_TEST_PAUSE=POINT[,POINT…]:DIR` in the child's environment. The first
/// time the child reaches a `POINT` it creates `DIR/POINT.paused` and waits until
/// `DIR/POINT.resume` exists (or two minutes pass, so a crashed test cannot leave it parked for
/// ever). `Tests/Support/PausePoint.swift` is the other side.
public enum TestPause {
    #if DEBUG
        private static let target: (points: Set<String>, directory: String)? = {
            guard let spec = ProcessInfo.processInfo.environment["RAGVAULT_TEST_PAUSE"],
                let colon = spec.firstIndex(of: ":")
            else { return nil }
            return (Set(spec[..<colon].split(separator: ",").map(String.init)), String(spec[spec.index(after: colon)...]))
        }()
        // Protects `reached`: a point parks its process once, on whichever thread gets there first.
        private static let lock = NSLock()
        nonisolated(unsafe) private static var reached: Set<String> = []

        public static func here(_ point: String) {
            guard let target, target.points.contains(point) else { return }
            let first = lock.withLock { reached.insert(point).inserted }
            guard first else { return }
            let base = target.directory + "/" + point
            FileManager.default.createFile(atPath: base + ".paused", contents: Data("\(getpid())\n".utf8))
            let deadline = Date(timeIntervalSinceNow: 120)
            while !FileManager.default.fileExists(atPath: base + ".resume"), Date() < deadline { usleep(2_000) }
        }
    #else
        @inline(__always) public static func here(_ point: String) {}
    #endif
}
